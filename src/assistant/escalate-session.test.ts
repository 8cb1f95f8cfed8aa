import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeProviderServer, fake, type FakeProviderServer } from '../testing/fake-provider-server/index.js';
import { createMockProvider } from '../testing/mock-provider.js';
import { createFallbackChain } from '../providers/resilience/create-fallback-chain.js';
import { createOpenAIProvider } from '../providers/openai/index.js';
import { createRuleBasedResponder } from '../fallback/create-rule-based-responder.js';
import { createMemoryConversationStore } from '../adapters/memory/create-memory-conversation-store.js';
import type { Provider } from '../core/types.js';
import { createCrmAssistant, type CrmAssistantOptions } from './create-crm-assistant.js';
import type { EscalationEvent } from './assistant-context.js';

const clock = { now: () => Date.parse('2025-11-21T15:00:00Z') };
let server: FakeProviderServer;
beforeAll(async () => {
  server = await createFakeProviderServer();
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

const openai = (): Provider => createFallbackChain([createOpenAIProvider({ apiKey: 'sk-test', baseURL: server.openaiBaseURL })], { degraded: createRuleBasedResponder() });

async function conversation(options: Partial<CrmAssistantOptions>) {
  const events: EscalationEvent[] = [];
  const conversations = createMemoryConversationStore({ clock });
  const assistant = createCrmAssistant({ clock, budget: false, conversations, onEscalate: (event) => void events.push(event), ...options });
  const first = await assistant.send({ tenantId: 'acme', userId: 'u1', message: 'Order #54321 still has not arrived. Ticket T-1001 says it shipped 12 days ago.' });
  await assistant.send({ tenantId: 'acme', userId: 'u1', sessionId: first.sessionId, message: 'This is useless and I am furious. Can you refund me today or do I file a chargeback?' });
  return { assistant, events, sessionId: first.sessionId, conversations };
}

describe('escalate: handoff summary (seeds 001, 003, 004)', () => {
  it('rule-based when no model answers: problem, tried, references, sentiment trend, open question', async () => {
    const { assistant, events, sessionId } = await conversation({});
    const escalated = await assistant.escalate({ tenantId: 'acme', sessionId, reason: 'Customer threatens a chargeback' });
    const summary = escalated.handoffSummary;
    expect(escalated.status).toBe('escalated');
    expect(summary).toMatchObject({
      source: 'rules',
      problem: 'Order #54321 still has not arrived. Ticket T-1001 says it shipped 12 days ago.',
      references: { orders: ['#54321'], tickets: ['T-1001'] },
      sentimentTrend: 'worsening',
      openQuestion: 'This is useless and I am furious. Can you refund me today or do I file a chargeback?',
      reason: 'Customer threatens a chargeback',
    });
    expect(summary.tried.length).toBeGreaterThan(0);
    expect(summary.text).toContain('order #54321');
    expect(summary.text).toContain('Escalated because: Customer threatens a chargeback');
    // Passed to the hook, and stored with the conversation.
    expect(events[0]?.summary).toEqual(summary);
    const { messages } = await assistant.history({ tenantId: 'acme', sessionId });
    const stored = messages.at(-1);
    expect(stored).toMatchObject({ role: 'system', content: summary.text, metadata: { kind: 'handoff_summary', summary } });
  });

  it('model path: a structured answer fills problem, tried and open question; references stay computed', async () => {
    const { assistant, events, sessionId } = await conversation({ provider: openai() });
    server.reset();
    server.enqueue(
      fake.json({ problem: 'Order #54321 is 12 days late; the customer wants a refund.', tried: ['Explained the carrier delay'], openQuestion: 'Can I get a refund today?' }),
    );
    const { handoffSummary } = await assistant.escalate({ tenantId: 'acme', sessionId, reason: 'Chargeback threat' });
    expect(handoffSummary).toMatchObject({
      source: 'model',
      problem: 'Order #54321 is 12 days late; the customer wants a refund.',
      tried: ['Explained the carrier delay'],
      openQuestion: 'Can I get a refund today?',
      references: { orders: ['#54321'], tickets: ['T-1001'] },
    });
    const body = server.requests[0]?.body as { response_format?: { type?: string } };
    expect(body.response_format?.type).toBe('json_schema');
    expect(events[0]?.summary.source).toBe('model');
  });

  it('falls back to the rules when the model fails or returns JSON that does not fit', async () => {
    const broken = await conversation({ provider: openai() });
    server.reset();
    server.enqueue(fake.json({ problem: 42 }));
    expect((await broken.assistant.escalate({ tenantId: 'acme', sessionId: broken.sessionId, reason: 'Chargeback' })).handoffSummary.source).toBe('rules');
    const down = await conversation({ provider: createMockProvider({ script: () => ({ fail: 'overloaded' }) }) });
    expect((await down.assistant.escalate({ tenantId: 'acme', sessionId: down.sessionId, reason: 'Chargeback' })).handoffSummary.source).toBe('rules');
  });

  it('escalating twice keeps the first summary and stores it once', async () => {
    const { assistant, sessionId } = await conversation({});
    const first = await assistant.escalate({ tenantId: 'acme', sessionId, reason: 'First reason' });
    const second = await assistant.escalate({ tenantId: 'acme', sessionId, reason: 'Second reason' });
    expect(second.handoffSummary).toEqual(first.handoffSummary);
    expect(second.escalationReason).toBe('First reason');
    const { messages } = await assistant.history({ tenantId: 'acme', sessionId });
    expect(messages.filter((message) => message.metadata?.kind === 'handoff_summary')).toHaveLength(1);
  });

  it('the summary never feeds back into later prompts', async () => {
    const { assistant, sessionId } = await conversation({ provider: openai() });
    await assistant.escalate({ tenantId: 'acme', sessionId, reason: 'Chargeback' });
    server.reset();
    server.script(() => fake.reply('An agent will take it from here.'));
    await assistant.send({ tenantId: 'acme', userId: 'u1', sessionId, message: 'Hello?' });
    expect(JSON.stringify(server.requests[0]?.body)).not.toContain('Escalated because');
  });

  it('an unknown or closed session rejects as the store says, before any model is asked', async () => {
    const { assistant, sessionId } = await conversation({ provider: openai() });
    server.reset();
    const rejection = (promise: Promise<unknown>) =>
      promise.then(
        () => expect.fail('expected a rejection'),
        (error: unknown) => error as { code?: string },
      );
    const unknown = await rejection(assistant.escalate({ tenantId: 'acme', sessionId: '6f1c1f7e-8a55-4c1e-9a43-0b7c8d1e2f30', reason: 'x' }));
    expect(unknown.code).toBe('not_found');
    await assistant.close({ tenantId: 'acme', sessionId });
    const closed = await rejection(assistant.escalate({ tenantId: 'acme', sessionId, reason: 'x' }));
    expect(closed.code).toBe('invalid_state');
    expect(server.requests).toHaveLength(0);
  });
});
