import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOpenAIProvider } from '../providers/openai/index.js';
import { createAnthropicProvider } from '../providers/anthropic/index.js';
import { createFakeProviderServer, fake, type FakeProviderServer } from '../testing/fake-provider-server/index.js';
import { createSampleData } from '../testing/sample-data.js';
import { createFallbackChain } from '../providers/resilience/create-fallback-chain.js';
import { createProviderChainFromEnv } from '../providers/resilience/create-provider-chain-from-env.js';
import { createRuleBasedResponder } from '../fallback/create-rule-based-responder.js';
import { createMemoryMemberSource } from '../adapters/memory/create-memory-member-source.js';
import { createMemoryTicketSource } from '../adapters/memory/create-memory-ticket-source.js';
import { createMemoryCustomerSource } from '../adapters/memory/create-memory-customer-source.js';
import { createMemoryOrderSource } from '../adapters/memory/create-memory-order-source.js';
import { AdapterError } from '../adapters/adapter-error.js';
import { ProviderError, ValidationError } from '../core/errors.js';
import type { Provider } from '../core/types.js';
import { checkDraft } from '../prompts/check-draft.js';
import { createCrmAssistant, type CrmAssistantOptions } from './create-crm-assistant.js';

const sample = createSampleData({ now: new Date('2025-11-21T15:00:00Z'), timeZone: 'UTC', tenantId: 'demo' });
const clock = { now: () => sample.now.getTime() };
const tenantId = sample.tenantId;

let server: FakeProviderServer;
let chain: Provider;

beforeAll(async () => {
  server = await createFakeProviderServer();
  const openai = createOpenAIProvider({ apiKey: 'sk-test-primary', baseURL: server.openaiBaseURL });
  const anthropic = createAnthropicProvider({ apiKey: 'sk-ant-test-secondary', baseURL: server.anthropicBaseURL });
  chain = createFallbackChain([openai, anthropic]);
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

function build(options: Partial<CrmAssistantOptions> = {}) {
  return createCrmAssistant({
    provider: chain,
    data: {
      members: createMemoryMemberSource({ members: sample.members }),
      tickets: createMemoryTicketSource({ tickets: [...sample.tickets, ...sample.pastTickets] }),
      customers: createMemoryCustomerSource({ customers: sample.customers }),
      orders: createMemoryOrderSource({ orders: sample.orders, tracking: sample.tracking }),
    },
    clock,
    timeZone: sample.timeZone,
    ...options,
  });
}

const vendors = () => server.requests.map((request) => request.vendor);

describe('ask (seed 000)', () => {
  it('answers from the model with the 13 members due today and their ids', async () => {
    server.enqueue(fake.reply('You have 13 members requiring follow-up today, starting with MID-2025-11-03-11592.'));
    const answer = await build().ask({ tenantId, query: 'What are member IDs I need to follow up today?', filter: 'today' });
    expect(answer).toMatchObject({ connected: true, degraded: false, count: 13, filter: 'today', provider: 'openai' });
    expect(answer.memberIds).toHaveLength(13);
    const prompt = JSON.stringify(server.requests[0]?.body);
    expect(prompt).toContain('Total records: 13');
    for (const id of answer.memberIds) expect(prompt).toContain(id);
    expect(server.requests[0]?.body).toMatchObject({ max_completion_tokens: 500, temperature: 0.7, top_p: 0.9 });
  });

  it('appends the member ids when the model names none of them', async () => {
    server.enqueue(fake.reply('There are several members to call today.'));
    const answer = await build().ask({ tenantId, query: 'Who do I call today?', filter: 'today' });
    expect(answer.response).toContain('Relevant member IDs:');
    expect(answer.response).toContain(answer.memberIds[0]);
  });

  it('fails over to the second provider when the first is overloaded', async () => {
    server.enqueue(fake.fault('overloaded'), fake.reply('Claude here: 13 members today, MID-2025-11-03-11592 first.'));
    const answer = await build().ask({ tenantId, query: 'Who needs follow-up today?', filter: 'today' });
    expect(answer).toMatchObject({ connected: true, provider: 'anthropic', count: 13 });
    expect(vendors()).toEqual(['openai', 'anthropic']);
  });

  it('answers with rules and connected: false when every provider is down, never throwing', async () => {
    const onError = vi.fn();
    server.enqueue(fake.fault('server'), fake.fault('overloaded'));
    const answer = await build({ onError }).ask({ tenantId, query: 'What are member IDs I need to follow up today?', filter: 'today' });
    expect(answer).toMatchObject({ connected: false, degraded: true, provider: 'rules', count: 13 });
    expect(answer.response).toContain('13');
    expect(answer.response).toContain(answer.memberIds[0]);
    expect(answer.degradedReason).toMatch(/model unavailable/);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: expect.any(String) }), 'model');
  });

  it('answers with rules when the model returns nothing', async () => {
    server.enqueue(fake.reply('   '));
    const answer = await build().ask({ tenantId, query: 'How many are overdue?', filter: 'overdue' });
    expect(answer.connected).toBe(false);
    expect(answer.response.length).toBeGreaterThan(0);
  });

  it('works with no provider at all', async () => {
    const answer = await build({ provider: undefined }).ask({ tenantId, query: "What's the breakdown of lead statuses?", filter: null });
    expect(answer).toMatchObject({ connected: false, filter: 'all', count: sample.members.length });
    expect(server.requests).toHaveLength(0);
  });

  it('works under the default budget with a chain whose only link is the rule-based responder (no keys yet)', async () => {
    const provider = await createProviderChainFromEnv({}, { fallback: createRuleBasedResponder() });
    const answer = await build({ provider }).ask({ tenantId, query: 'What are member IDs I need to follow up today?', filter: 'today' });
    expect(answer).toMatchObject({ connected: false, degraded: true, count: 13 });
    expect(answer.response).toContain(answer.memberIds[0]);
  });

  it('rejects bad input with the field named, before any call', async () => {
    const assistant = build();
    await expect(assistant.ask({ tenantId, query: '', filter: 'today' })).rejects.toSatisfy((error) => ValidationError.isInstance(error) && error.issues[0]?.path === 'query');
    await expect(assistant.ask({ tenantId, query: 'hi', filter: 'tomorrow' as never })).rejects.toSatisfy((error) => ValidationError.isInstance(error) && error.issues[0]?.path === 'filter');
    expect(server.requests).toHaveLength(0);
  });

  it('rethrows the caller abort instead of degrading', async () => {
    server.enqueue(fake.stall());
    const controller = new AbortController();
    const pending = build().ask({ tenantId, query: 'Who is due today?', filter: 'today', signal: controller.signal });
    // Abort only once the stalled request is at the server, so it cannot arrive late and eat another test's answer.
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('chat sessions (seeds 001, 003)', () => {
  it('creates a session, stores both messages with tokens, cost and response time, and continues it with history', async () => {
    const assistant = build();
    server.enqueue(fake.reply('Go to Settings → Users and click Reset password.', { usage: { inputTokens: 120, outputTokens: 14 } }));
    const first = await assistant.send({ tenantId, userId: 'agent-1', message: 'How do I reset a customer password?', sessionType: 'admin_assistant', context: { userRole: 'admin' } });
    expect(first).toMatchObject({ reply: 'Go to Settings → Users and click Reset password.', provider: 'openai', degraded: false });
    expect(first.costMicros).toBeGreaterThan(0);
    server.enqueue(fake.reply('Yes, the customer gets an email.'));
    const second = await assistant.send({ tenantId, userId: 'agent-1', sessionId: first.sessionId, message: 'Will they be notified?' });
    expect(second.sessionId).toBe(first.sessionId);
    const secondPrompt = JSON.stringify(server.requests[1]?.body);
    expect(secondPrompt).toContain('How do I reset a customer password?');
    expect(secondPrompt).toContain('Reset password');

    const { session, messages } = await assistant.history({ tenantId, sessionId: first.sessionId });
    expect(session).toMatchObject({ sessionType: 'admin_assistant', status: 'active', messageCount: 4 });
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(messages[1]).toMatchObject({ tokens: 14, incomplete: false });
    expect(messages[1]?.costMicros).toBe(first.costMicros);
    expect(typeof messages[1]?.responseTimeMs).toBe('number');

    const sessions = await assistant.sessions({ tenantId, userId: 'agent-1' });
    expect(sessions.map((item) => item.id)).toEqual([first.sessionId]);
  });

  it('opens an empty session up front (seed 003) and continues it with send', async () => {
    const assistant = build();
    const session = await assistant.startSession({ tenantId, userId: 'agent-2', sessionType: 'network_diagnostics', context: { department: 'network_ops' } });
    expect(session).toMatchObject({ status: 'active', sessionType: 'network_diagnostics', messageCount: 0, context: { department: 'network_ops' } });
    server.enqueue(fake.reply('Check the OLT port first.'));
    const reply = await assistant.send({ tenantId, userId: 'agent-2', sessionId: session.id, message: 'Subscriber 12345 keeps dropping' });
    expect(reply.sessionId).toBe(session.id);
    expect(JSON.stringify(server.requests[0]?.body)).toContain('network_ops');
    await expect(assistant.startSession({ tenantId, userId: 'agent-2', sessionType: 'company_assistant' })).rejects.toSatisfy(
      (error) => ValidationError.isInstance(error) && error.issues[0]?.path === 'chat.knowledge',
    );
    await expect(assistant.startSession({ tenantId, userId: '', sessionType: 'analytics' })).rejects.toSatisfy((error) => ValidationError.isInstance(error) && error.issues[0]?.path === 'userId');
  });

  it('fails over, and answers with rules (stored, marked degraded) when all are down', async () => {
    const assistant = build();
    server.enqueue(fake.fault('rate_limited', { retryAfterSeconds: 1 }), fake.reply('Anthropic answer.'));
    const failover = await assistant.send({ tenantId, userId: 'u1', message: 'My bill looks wrong' });
    expect(failover).toMatchObject({ provider: 'anthropic', reply: 'Anthropic answer.' });

    server.enqueue(fake.fault('server'), fake.fault('server'));
    const degraded = await assistant.send({ tenantId, userId: 'u1', sessionId: failover.sessionId, message: 'Hello?' });
    expect(degraded).toMatchObject({ degraded: true, provider: 'rules' });
    expect(degraded.reply.length).toBeGreaterThan(0);
    const { messages } = await assistant.history({ tenantId, sessionId: failover.sessionId });
    expect(messages.at(-1)).toMatchObject({ role: 'assistant', content: degraded.reply, metadata: { degraded: true } });
  });

  it('refuses with a typed budget error once the session message limit is reached, keeping earlier messages', async () => {
    const assistant = build({ budget: { limits: { perSession: { messages: 2 } } } });
    server.enqueue(fake.reply('One.'), fake.reply('Two.'), fake.reply('Three.'));
    const first = await assistant.send({ tenantId, userId: 'u1', message: 'First' });
    await assistant.send({ tenantId, userId: 'u1', sessionId: first.sessionId, message: 'Second' });
    const refused = await assistant.send({ tenantId, userId: 'u1', sessionId: first.sessionId, message: 'Third' }).catch((error: unknown) => error);
    expect(ProviderError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ kind: 'budget_exceeded', scope: 'session', limit: 'messages' });
    expect(server.requests).toHaveLength(2);
    const { messages } = await assistant.history({ tenantId, sessionId: first.sessionId });
    expect(messages.map((message) => message.content)).toEqual(['First', 'One.', 'Second', 'Two.', 'Third']);
  });

  it('streams a reply and stores it once complete', async () => {
    const assistant = build();
    server.enqueue(fake.reply('', { chunks: ['Your ', 'order ', 'ships ', 'today.'] }));
    const stream = await assistant.stream({ tenantId, userId: 'u1', message: 'Where is my order?' });
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    expect(deltas.join('')).toBe('Your order ships today.');
    expect((await stream.result).provider).toBe('openai');
    const { messages } = await assistant.history({ tenantId, sessionId: stream.sessionId });
    expect(messages.at(-1)).toMatchObject({ role: 'assistant', content: 'Your order ships today.', incomplete: false });
  });

  it('stores a stream cut off mid-reply as incomplete and gives the caller a typed error with the partial text', async () => {
    const assistant = build();
    server.enqueue(fake.streamError('server', { text: 'Your order is on its' }));
    const stream = await assistant.stream({ tenantId, userId: 'u1', message: 'Where is my order?' });
    const deltas: string[] = [];
    const failure = await (async () => {
      for await (const delta of stream) deltas.push(delta);
    })().catch((error: unknown) => error);
    expect(ProviderError.isInstance(failure)).toBe(true);
    expect((failure as ProviderError).partialText).toBe('Your order is on its');
    expect(deltas.join('')).toBe('Your order is on its');
    const { messages } = await assistant.history({ tenantId, sessionId: stream.sessionId });
    expect(messages.at(-1)).toMatchObject({ role: 'assistant', content: 'Your order is on its', incomplete: true });
    expect(vendors()).toEqual(['openai']);
  });

  it('streams from the next provider when the first fails before any text, and from rules when all fail', async () => {
    const assistant = build();
    server.enqueue(fake.fault('overloaded'), fake.reply('Claude streaming.'));
    const failover = await assistant.stream({ tenantId, userId: 'u1', message: 'Hi' });
    expect(await failover.text).toBe('Claude streaming.');
    expect((await failover.result).provider).toBe('anthropic');

    server.enqueue(fake.fault('server'), fake.fault('server'));
    const degraded = await assistant.stream({ tenantId, userId: 'u1', message: 'Hi again' });
    const result = await degraded.result;
    expect(result).toMatchObject({ degraded: true, provider: 'rules' });
    expect(result.text.length).toBeGreaterThan(0);
  });

  it('records feedback and escalates, firing the hook; a failing hook never undoes the escalation', async () => {
    const onEscalate = vi.fn().mockRejectedValueOnce(new Error('pager down'));
    const onError = vi.fn();
    const assistant = build({ onEscalate, onError });
    server.enqueue(fake.reply('I can help with billing.'));
    const { sessionId } = await assistant.send({ tenantId, userId: 'u9', message: 'Billing dispute' });

    const rated = await assistant.feedback({ tenantId, sessionId, rating: 5, text: 'Very helpful!' });
    expect(rated).toMatchObject({ rating: 5, feedback: 'Very helpful!' });
    await expect(assistant.feedback({ tenantId, sessionId, rating: 6 })).rejects.toSatisfy((error) => ValidationError.isInstance(error) && error.issues[0]?.path === 'rating');

    const escalated = await assistant.escalate({ tenantId, sessionId, reason: 'Complex billing issue requiring human review' });
    expect(escalated).toMatchObject({ status: 'escalated', escalationReason: 'Complex billing issue requiring human review' });
    expect(onEscalate).toHaveBeenCalledWith(expect.objectContaining({ tenantId, sessionId, userId: 'u9', reason: 'Complex billing issue requiring human review' }));
    expect(onError).toHaveBeenCalledWith(expect.any(Error), 'escalation_hook');

    const closed = await assistant.close({ tenantId, sessionId });
    expect(closed.status).toBe('closed');
    await expect(assistant.send({ tenantId, userId: 'u9', sessionId, message: 'Still there?' })).rejects.toSatisfy((error) => AdapterError.isInstance(error));
  });

  it('never shows one tenant another tenant’s session', async () => {
    const assistant = build();
    server.enqueue(fake.reply('Hi A.'));
    const { sessionId } = await assistant.send({ tenantId: 'tenant-a', userId: 'u1', message: 'Hello' });
    await expect(assistant.history({ tenantId: 'tenant-b', sessionId })).rejects.toSatisfy((error) => AdapterError.isInstance(error) && error.kind === 'not_found');
    await expect(assistant.send({ tenantId: 'tenant-b', userId: 'u1', sessionId, message: 'Hijack' })).rejects.toSatisfy((error) => AdapterError.isInstance(error) && error.kind === 'not_found');
    expect(await assistant.sessions({ tenantId: 'tenant-b', userId: 'u1' })).toEqual([]);
  });

  it('needs company knowledge for the company_assistant session type', async () => {
    await expect(build().send({ tenantId, userId: 'u1', message: 'What services do you offer?', sessionType: 'company_assistant' })).rejects.toSatisfy(
      (error) => ValidationError.isInstance(error) && error.issues[0]?.path === 'chat.knowledge',
    );
    server.enqueue(fake.reply('We offer cloud infrastructure.'));
    const assistant = build({ chat: { knowledge: { company: 'AtonixDev', services: ['Software Engineering', 'Cloud Infrastructure'] } } });
    const reply = await assistant.send({ tenantId, userId: 'u1', message: 'What services do you offer?', sessionType: 'company_assistant' });
    expect(reply.reply).toBe('We offer cloud infrastructure.');
    expect(JSON.stringify(server.requests[0]?.body)).toContain('AtonixDev');
    expect(server.requests[0]?.body).toMatchObject({ max_completion_tokens: 256 });
  });
});

describe('analyze and classify (seed 002)', () => {
  const message = 'Please refund my money for order #54321 now, this is unacceptable! jane@example.com';

  it('uses the model’s validated JSON', async () => {
    server.enqueue(fake.json({ label: 'negative', score: 0.1, confidence: 0.9 }));
    const analysis = await build().analyze({ tenantId, message, types: ['sentiment'] });
    expect(analysis).toMatchObject({ source: 'model', degraded: false, sentiment: { label: 'negative', score: 0.1 }, sources: { sentiment: 'model' } });
  });

  it('fails over for analysis too', async () => {
    server.enqueue(fake.fault('overloaded'), fake.json({ intent: 'refund', confidence: 0.8, alternatives: [] }));
    const intent = await build().classify({ tenantId, message });
    expect(intent).toMatchObject({ intent: 'refund', source: 'model', provider: 'anthropic' });
  });

  it('falls back to the rules, same shape, when the model is down or answers garbage', async () => {
    server.script(() => fake.fault('server'));
    const down = await build().analyze({ tenantId, message });
    expect(down.source).toBe('rules');
    expect(down.degraded).toBe(true);
    expect(down.intent?.intent).toBe('refund');
    expect(down.entities?.some((entity) => entity.type === 'email')).toBe(true);
    expect(down.priority?.level).toMatch(/urgent|high/);
    server.reset();

    server.enqueue(fake.reply('I think it is quite negative'));
    const garbage = await build().analyze({ tenantId, message, types: ['sentiment'] });
    expect(garbage).toMatchObject({ source: 'rules', sources: { sentiment: 'rules' } });
    expect(garbage.sentiment?.label).toBe('negative');
  });
});

describe('draftReply (seed 004)', () => {
  const emailDraft = 'Hi Jane,\n\nI am so sorry your order #54321 has not arrived. The tracking shows no updates for 5 days, so I have opened a trace with the carrier and upgraded a replacement to express shipping at no cost.\n\nBest regards,\nSam';

  it('drafts an email for the VIP-at-churn-risk ticket that uses the order and tracking and applies VIP treatment', async () => {
    server.enqueue(fake.reply(emailDraft));
    const draft = await build().draftReply({ tenantId, ticketId: 'T-1001' });
    expect(draft).toMatchObject({ channel: 'email', tone: 'professional', degraded: false, provider: 'openai', limitEnforcement: 'fitted' });
    expect(draft.personalization).toEqual({ used_order_info: true, mentioned_tracking: true, referenced_past_issue: false, applied_vip_treatment: true });
    const prompt = JSON.stringify(server.requests[0]?.body);
    expect(prompt).toContain('VIP CUSTOMER');
    expect(prompt).toContain('#54321');
    expect(prompt).toContain('No updates for 5 days');
  });

  it('regenerates once, then shortens at a sentence boundary, to honour the SMS limit', async () => {
    const long = 'Hi Jane, your order #54321 is delayed. We are tracing it with the carrier right now. ' + 'We will send a replacement by express if it has not moved by tomorrow morning. '.repeat(3);
    server.enqueue(fake.reply(long), fake.reply(long));
    const draft = await build().draftReply({ tenantId, ticketId: 'T-1001', channel: 'sms' });
    expect(draft.limitEnforcement).toBe('shortened');
    expect(checkDraft(draft.content, 'sms').violations.filter((violation) => violation.code === 'too_long')).toEqual([]);
    expect(draft.content).toBe('Hi Jane, your order #54321 is delayed. We are tracing it with the carrier right now.');
    expect(server.requests).toHaveLength(2);
  });

  it('returns a template draft within the channel limit when no model answers', async () => {
    server.script(() => fake.fault('server'));
    for (const channel of ['email', 'sms', 'chat', 'phone'] as const) {
      const draft = await build().draftReply({ tenantId, ticketId: 'T-1001', channel });
      expect(draft).toMatchObject({ degraded: true, provider: 'rules', channel });
      expect(checkDraft(draft.content, channel).violations.filter((violation) => violation.code === 'too_long')).toEqual([]);
      expect(draft.personalization.used_order_info).toBe(true);
    }
  });

  it('reports missing context instead of failing, and unknown tickets as not found', async () => {
    server.enqueue(fake.reply('Hi, thanks for reaching out. We are looking into it.\n\nBest regards,\nSam'));
    const assistant = build({ data: { tickets: createMemoryTicketSource({ tickets: sample.tickets }) } });
    const draft = await assistant.draftReply({ tenantId, ticketId: 'T-1001' });
    expect(draft.missing.map((entry) => entry.part).sort()).toEqual(['customer', 'orders', 'tracking'].sort());
    await expect(assistant.draftReply({ tenantId, ticketId: 'nope' })).rejects.toSatisfy((error) => AdapterError.isInstance(error) && error.kind === 'not_found');
  });
});

describe('inbox (seed 004)', () => {
  it('ranks the VIP-at-churn-risk ticket first and explains its score', async () => {
    const assistant = build();
    const page = await assistant.inbox.rank({ tenantId, limit: 5 });
    expect(page.tickets[0]?.id).toBe('T-1001');
    expect(page.pagination).toMatchObject({ page: 1, limit: 5, has_prev: false });
    const scores = page.tickets.map((ticket) => ticket.smart_score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const breakdown = await assistant.inbox.explain({ tenantId, ticketId: 'T-1001' });
    expect(breakdown.total_score).toBe(page.tickets[0]?.smart_score);
    expect(breakdown.customer).toEqual({ ltv: 3500, churn_risk: 0.8 });
    await expect(assistant.inbox.explain({ tenantId, ticketId: 'missing' })).rejects.toSatisfy((error) => AdapterError.isInstance(error) && error.kind === 'not_found');
  });

  it('boosts topic-alert matches by 5', async () => {
    const assistant = build();
    const plain = await assistant.inbox.explain({ tenantId, ticketId: 'T-1001' });
    const alerted = await assistant.inbox.explain({ tenantId, ticketId: 'T-1001', topicAlerts: 'birthday, chargeback' });
    expect(alerted.topic_alert_matches).toEqual(['birthday']);
    expect(alerted.total_score).toBeCloseTo(plain.total_score + 5, 5);
    const page = await assistant.inbox.rank({ tenantId, topicAlerts: 'birthday' });
    expect(page.topic_alerts_active).toEqual(['birthday']);
    expect(page.matches).toBeGreaterThanOrEqual(1);
  });
});

describe('usage (seeds 002, 003)', () => {
  it('totals requests, tokens and cost by provider and model', async () => {
    const assistant = build();
    server.enqueue(fake.reply('A', { usage: { inputTokens: 100, outputTokens: 10 } }), fake.fault('overloaded'), fake.reply('B', { usage: { inputTokens: 50, outputTokens: 5 } }));
    await assistant.send({ tenantId, userId: 'u1', message: 'One' });
    await assistant.send({ tenantId, userId: 'u1', message: 'Two' });
    const report = await assistant.usage({ tenantId, userId: 'u1' });
    expect(report.requests).toBe(2);
    expect(report.inputTokens).toBe(150);
    expect(report.outputTokens).toBe(15);
    expect(report.byProvider.map((entry) => entry.provider).sort()).toEqual(['anthropic', 'openai']);
    await expect(assistant.usage({ tenantId, from: '21/11/2025' })).rejects.toSatisfy((error) => ValidationError.isInstance(error) && error.issues[0]?.path === 'from');
  });
});
