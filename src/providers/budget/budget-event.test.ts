import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors.js';
import { createMemoryUsageStore } from '../../adapters/memory/create-memory-usage-store.js';
import { createMockProvider } from '../../testing/mock-provider.js';
import type { BudgetEvent } from './budget-event.js';
import { withBudget } from './with-budget.js';

const request = { messages: [{ role: 'user' as const, content: 'Where is order #54321?' }], maxOutputTokens: 100, metadata: { tenantId: 'acme' } };

describe('withBudget onEvent', () => {
  it('reports the reservation, then its settlement at the real cost', async () => {
    const events: BudgetEvent[] = [];
    const budgeted = withBudget(createMockProvider({ id: 'openai', model: 'gpt-4o-mini', reply: { text: 'Shipped.', usage: { inputTokens: 20, outputTokens: 5, totalTokens: 25 } } }), {
      store: createMemoryUsageStore(),
      limits: { perTenantDaily: { costMicros: 1_000_000 } },
      onEvent: (event) => events.push(event),
    });
    const result = await budgeted.generate(request);
    expect(events.map((event) => event.type)).toEqual(['reserved', 'settled']);
    const [reserved, settled] = events as [Extract<BudgetEvent, { type: 'reserved' }>, Extract<BudgetEvent, { type: 'settled' }>];
    expect(reserved.costMicros).toBeGreaterThan(settled.costMicros);
    expect(settled).toEqual({ type: 'settled', costMicros: result.costMicros, tokens: 25 });
  });

  it('reports a release when the call fails, and a throwing listener never fails the call', async () => {
    const events: BudgetEvent[] = [];
    const failing = withBudget(createMockProvider({ id: 'openai', model: 'gpt-4o-mini', script: [{ fail: 'overloaded' }] }), {
      store: createMemoryUsageStore(),
      limits: { perTenantDaily: { costMicros: 1_000_000 } },
      onEvent: (event) => events.push(event),
    });
    await expect(failing.generate(request)).rejects.toSatisfy((error) => ProviderError.isInstance(error) && error.kind === 'overloaded');
    expect(events.map((event) => event.type)).toEqual(['reserved', 'released']);
    const throwing = withBudget(createMockProvider({ id: 'openai', model: 'gpt-4o-mini', reply: 'ok' }), {
      store: createMemoryUsageStore(),
      limits: { perTenantDaily: { costMicros: 1_000_000 } },
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    await expect(throwing.generate(request)).resolves.toMatchObject({ text: 'ok' });
  });
});
