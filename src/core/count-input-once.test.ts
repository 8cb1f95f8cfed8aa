import { describe, expect, it } from 'vitest';
import { createMemoryUsageStore } from '../adapters/memory/create-memory-usage-store.js';
import { withBudget } from '../providers/budget/with-budget.js';
import { createLocalRateLimiter } from './rate-limit/create-local-rate-limiter.js';
import { withRateLimit } from '../providers/resilience/with-rate-limit.js';
import { createMockProvider } from '../testing/mock-provider.js';
import { createApproximateTokenCounter, type TokenCounter } from './token-counter.js';
import type { ChatMessage, Provider } from './types.js';

/** The approximate counter, recording every countMessages call. */
function countingCounter(): { counter: TokenCounter; counted: (readonly ChatMessage[])[] } {
  const inner = createApproximateTokenCounter();
  const counted: (readonly ChatMessage[])[] = [];
  return {
    counted,
    counter: {
      countText: (text, model) => inner.countText(text, model),
      countMessages: (messages, model) => {
        counted.push([...messages]);
        return inner.countMessages(messages, model);
      },
    },
  };
}

function stack(counter: TokenCounter, tokensPerMinute: number, provider: Provider = createMockProvider({ reply: 'ok', model: 'gpt-4o-mini' })): Provider {
  const limited = withRateLimit(provider, { limiter: createLocalRateLimiter({ requestsPerMinute: 1_000, tokensPerMinute, maxQueueWaitMs: 0 }), tokenCounter: counter });
  return withBudget(limited, { store: createMemoryUsageStore(), tokenCounter: counter, limits: { perTenantDaily: { tokens: 1_000_000 } } });
}

describe('one input count per model call (withBudget over withRateLimit)', () => {
  it('counts the input once when both layers use the same counter, and the limiter still weighs it', async () => {
    const { counter, counted } = countingCounter();
    const messages: ChatMessage[] = [{ role: 'user', content: 'Where is my order #54321? It has been twelve days.' }];
    const tokens = counter.countMessages(messages, 'gpt-4o-mini').tokens;
    counted.length = 0;
    // A tokens-per-minute limit just above one call's weight (input + 10 output): a second call is refused,
    // so the limiter did weigh the shared count.
    const budgeted = stack(counter, tokens + 10);
    await budgeted.generate({ messages, maxOutputTokens: 10 });
    expect(counted).toHaveLength(1);
    await expect(budgeted.generate({ messages, maxOutputTokens: 10 })).rejects.toMatchObject({ name: 'ProviderError', kind: 'rate_limited' });
  });

  it('counts afresh when the host extends the same messages array between calls', async () => {
    const { counter, counted } = countingCounter();
    const messages: ChatMessage[] = [{ role: 'user', content: 'hi' }];
    const budgeted = stack(counter, 1_000_000);
    await budgeted.generate({ messages, maxOutputTokens: 10 });
    messages.push({ role: 'assistant', content: 'Hello! How can I help?' }, { role: 'user', content: 'Where is my order #54321? It has been twelve days since I ordered it.' });
    counted.length = 0;
    await budgeted.generate({ messages, maxOutputTokens: 10 });
    // withBudget counts the three messages itself; the limiter reuses that count, not the one-message count of the first call.
    expect(counted.map((list) => list.length)).toEqual([3]);
    const limiterOnly = withRateLimit(createMockProvider({ reply: 'ok', model: 'gpt-4o-mini' }), { limiter: createLocalRateLimiter({ requestsPerMinute: 1_000, tokensPerMinute: 1_000_000 }), tokenCounter: counter });
    counted.length = 0;
    await limiterOnly.generate({ messages, maxOutputTokens: 10 });
    expect(counted).toHaveLength(1); // after the calls ended nothing is shared: the limiter counts alone
  });

  it('does not share a count between different counters', async () => {
    const budgetCounter = countingCounter();
    const limiterCounter = countingCounter();
    const messages: ChatMessage[] = [{ role: 'user', content: 'hi there' }];
    const limited = withRateLimit(createMockProvider({ reply: 'ok', model: 'gpt-4o-mini' }), { limiter: createLocalRateLimiter({ requestsPerMinute: 1_000, tokensPerMinute: 1_000_000 }), tokenCounter: limiterCounter.counter });
    const budgeted = withBudget(limited, { store: createMemoryUsageStore(), tokenCounter: budgetCounter.counter });
    await budgeted.generate({ messages, maxOutputTokens: 10 });
    expect([budgetCounter.counted.length, limiterCounter.counted.length]).toEqual([1, 1]);
  });

  it('keeps sharing while concurrent calls with the same messages are in flight, and releases after a refused call', async () => {
    const { counter, counted } = countingCounter();
    const messages: ChatMessage[] = [{ role: 'user', content: 'Where is my order?' }];
    const slow = createMockProvider({ reply: { text: 'ok', latencyMs: 20 }, model: 'gpt-4o-mini' });
    const budgeted = stack(counter, 1_000_000, slow);
    counted.length = 0;
    await Promise.all(Array.from({ length: 5 }, () => budgeted.generate({ messages, maxOutputTokens: 10 })));
    expect(counted).toHaveLength(5); // withBudget's own five counts; the limiter's five weighings reused them
    const refusing = withBudget(withRateLimit(slow, { limiter: createLocalRateLimiter({ requestsPerMinute: 1_000, tokensPerMinute: 1_000_000 }), tokenCounter: counter }), {
      store: createMemoryUsageStore(),
      tokenCounter: counter,
      limits: { perRequest: { outputTokens: 5 } },
    });
    await expect(refusing.generate({ messages, maxOutputTokens: 10 })).rejects.toMatchObject({ name: 'BudgetExceededError' });
    const limiterOnly = withRateLimit(slow, { limiter: createLocalRateLimiter({ requestsPerMinute: 1_000, tokensPerMinute: 1_000_000 }), tokenCounter: counter });
    counted.length = 0;
    await limiterOnly.generate({ messages, maxOutputTokens: 10 });
    expect(counted).toHaveLength(1);
  });
});
