import { metrics, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTelemetrySdk } from '../../test/support/telemetry-sdk.js';
import { abortError } from '../core/abort.js';
import type { Sleep } from '../core/clock.js';
import type { ProviderError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Provider } from '../core/types.js';
import { createMemoryCustomerSource } from '../adapters/memory/create-memory-customer-source.js';
import { createMemoryMemberSource } from '../adapters/memory/create-memory-member-source.js';
import { createMemoryOrderSource } from '../adapters/memory/create-memory-order-source.js';
import { createMemoryTicketSource } from '../adapters/memory/create-memory-ticket-source.js';
import { createRuleBasedResponder } from '../fallback/create-rule-based-responder.js';
import { createOpenAIProvider } from '../providers/openai/index.js';
import { createProviderChain } from '../providers/resilience/create-provider-chain.js';
import { createFakeProviderServer, fake, type FakeProviderServer } from '../testing/fake-provider-server/index.js';
import { createMockProvider, type MockStep } from '../testing/mock-provider.js';
import { createSampleData } from '../testing/sample-data.js';
import type { AssistantEvent } from './assistant-event.js';
import { createCrmAssistant, type CrmAssistantOptions } from './create-crm-assistant.js';

const sample = createSampleData({ now: new Date('2025-11-21T15:00:00Z'), timeZone: 'UTC', tenantId: 'demo' });
const clock = { now: () => sample.now.getTime() };
const tenantId = sample.tenantId;
const sdk = createTelemetrySdk();
const telemetry = { tracer: sdk.tracer, meter: sdk.meter };
const primaryKey = 'sk-test-primary-0123456789abcdef';

const noWait: Sleep = (ms, signal) =>
  ms < 10_000 ? Promise.resolve() : new Promise<void>((_, reject) => signal?.addEventListener('abort', () => reject(abortError(signal)), { once: true }));

const usage = { inputTokens: 40, outputTokens: 10, totalTokens: 50 };
const reply = (text: string): MockStep => ({ text, usage });

/** A traced chain over mock providers (openai, then anthropic) with the rule-based fallback. */
async function tracedChain(openai: readonly MockStep[] | undefined, anthropic: readonly MockStep[] | undefined = undefined, extra: { fallback?: Provider } = {}): Promise<Provider> {
  return createProviderChain({
    providers: [
      // Retried in place before failing over, so the retry spans below have something to show.
      { type: 'custom', provider: createMockProvider({ id: 'openai', model: 'gpt-4o-mini', ...(openai ? { script: openai } : {}), reply: reply('From OpenAI.') }), retry: { inPlace: 'always' } },
      { type: 'custom', provider: createMockProvider({ id: 'anthropic', model: 'claude-3-haiku-20240307', ...(anthropic ? { script: anthropic } : {}), reply: reply('From Anthropic.') }) },
    ],
    sleep: noWait,
    random: () => 0,
    telemetry,
    ...extra,
  });
}

function build(provider: Provider | undefined, options: Partial<CrmAssistantOptions> = {}) {
  return createCrmAssistant({
    ...(provider ? { provider } : {}),
    data: {
      members: createMemoryMemberSource({ members: sample.members }),
      tickets: createMemoryTicketSource({ tickets: [...sample.tickets, ...sample.pastTickets] }),
      customers: createMemoryCustomerSource({ customers: sample.customers }),
      orders: createMemoryOrderSource({ orders: sample.orders, tracking: sample.tracking }),
    },
    clock,
    timeZone: sample.timeZone,
    telemetry,
    ...options,
  });
}

const only = (name: string): ReadableSpan => {
  const spans = sdk.named(name);
  expect(spans, `spans named ${name}`).toHaveLength(1);
  return spans[0] as ReadableSpan;
};
const childrenOf = (parent: ReadableSpan): ReadableSpan[] => sdk.spans().filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);
const everything = (): string => JSON.stringify(sdk.spans().map((span) => ({ name: span.name, attributes: span.attributes, events: span.events.map((event) => [event.name, event.attributes]), status: span.status })));
const metricValue = async (name: string, match: Record<string, unknown> = {}): Promise<number> =>
  (await sdk.metrics()).filter((point) => point.name === name && Object.entries(match).every(([key, value]) => point.attributes[key] === value)).reduce((sum, point) => sum + (point.count ?? point.value), 0);

beforeEach(() => sdk.reset());

describe('assistant operations with telemetry', () => {
  it('ask: an operation span with the model attempt as its child, budget and cost, and the trace id as correlation id', async () => {
    const events: AssistantEvent[] = [];
    const answer = await build(await tracedChain(undefined), { onEvent: (event) => events.push(event) }).ask({ tenantId, query: 'Who needs a call today?', filter: 'today' });
    const operation = only('crmkit.ask');
    expect(operation.parentSpanContext).toBeUndefined();
    expect(answer.correlationId).toBe(operation.spanContext().traceId);
    const [model] = childrenOf(operation);
    expect(model?.name).toBe('chat gpt-4o-mini');
    expect(model?.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.max_tokens': 500, 'gen_ai.request.temperature': 0.7, 'gen_ai.usage.input_tokens': 40, 'gen_ai.usage.output_tokens': 10, 'crmkit.attempt': 1 });
    expect(operation.attributes).toMatchObject({ 'crmkit.operation': 'ask', 'crmkit.correlation_id': answer.correlationId, 'crmkit.provider': 'openai', 'gen_ai.usage.input_tokens': 40, 'gen_ai.usage.output_tokens': 10, 'crmkit.attempts': 1 });
    expect(operation.attributes['crmkit.budget.reserved_micros']).toBeGreaterThan(0);
    expect(operation.attributes['crmkit.budget.settled_micros']).toBe(answer.costMicros);
    expect(operation.attributes['crmkit.cost_micros']).toBe(answer.costMicros);
    expect(operation.attributes['crmkit.tenant.id']).toBeUndefined();
    expect(await metricValue('crmkit.cost', { 'crmkit.operation': 'ask', 'crmkit.provider': 'openai' })).toBeGreaterThanOrEqual(answer.costMicros ?? 0);
    const done = events.find((event) => event.type === 'operation');
    expect(done).toMatchObject({ type: 'operation', operation: 'ask', tenantId, ok: true, provider: 'openai', model: 'gpt-4o-mini', degraded: false, correlationId: answer.correlationId, usage: { inputTokens: 40, outputTokens: 10, cachedInputTokens: 0 }, costMicros: answer.costMicros });
    expect(Number.isInteger(done?.type === 'operation' && done.latencyMs)).toBe(true);
    expect(events.filter((event) => event.type === 'attempt_end')).toEqual([expect.objectContaining({ provider: 'openai', ok: true, attempt: 1, correlationId: answer.correlationId })]);
  });

  it('send and stream: one span each; the stream span ends when the stream ends', async () => {
    const assistant = build(await tracedChain(undefined));
    const sent = await assistant.send({ tenantId, userId: 'u1', message: 'Where is my order?' });
    expect(childrenOf(only('crmkit.send')).map((span) => span.name)).toEqual(['chat gpt-4o-mini']);
    expect(sent.correlationId).toBe(only('crmkit.send').spanContext().traceId);
    const stream = await assistant.stream({ tenantId, userId: 'u1', sessionId: sent.sessionId, message: 'And when?' });
    expect(sdk.named('crmkit.stream')).toHaveLength(0); // still open
    expect(await stream.text).toBe('From OpenAI.');
    await stream.result;
    await new Promise((resolve) => setTimeout(resolve, 0));
    const span = only('crmkit.stream');
    expect(span.attributes).toMatchObject({ 'crmkit.provider': 'openai', 'gen_ai.response.model': 'gpt-4o-mini' });
    expect(childrenOf(span).map((child) => [child.name, child.attributes['crmkit.stream.outcome']])).toEqual([['chat gpt-4o-mini', 'completed']]);
  });

  it('analyze, classify, draftReply, inbox.rank and escalate each have their own span', async () => {
    const assistant = build(await tracedChain(undefined));
    await assistant.analyze({ tenantId, message: 'My card was charged twice!', types: ['sentiment', 'intent'] });
    expect(childrenOf(only('crmkit.analyze')).map((span) => span.name)).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini']);
    await assistant.classify({ tenantId, message: 'I want a refund' });
    expect(childrenOf(only('crmkit.classify'))).toHaveLength(1);
    const draft = await assistant.draftReply({ tenantId, ticketId: 'T-1001' });
    expect(draft.correlationId).toBe(only('crmkit.draftReply').spanContext().traceId);
    expect(childrenOf(only('crmkit.draftReply')).length).toBeGreaterThanOrEqual(1);
    const page = await assistant.inbox.rank({ tenantId, limit: 5 });
    expect(page.correlationId).toBe(only('crmkit.inbox.rank').spanContext().traceId);
    expect(childrenOf(only('crmkit.inbox.rank'))).toEqual([]);
    const sent = await assistant.send({ tenantId, userId: 'u1', message: 'I need a human' });
    const escalated = await assistant.escalate({ tenantId, sessionId: sent.sessionId, reason: 'Billing dispute' });
    expect(escalated.correlationId).toBe(only('crmkit.escalate').spanContext().traceId);
  });
});

describe('failure paths', () => {
  it('retry then success: two attempt spans under the operation, the retry as its event', async () => {
    await build(await tracedChain([{ fail: 'overloaded', status: 529 }, reply('Second time lucky.')])).send({ tenantId, userId: 'u1', message: 'Hello' });
    const operation = only('crmkit.send');
    expect(childrenOf(operation).map((span) => [span.name, span.attributes['crmkit.attempt'], span.attributes['error.type'] ?? 'ok'])).toEqual([
      ['chat gpt-4o-mini', 1, 'overloaded'],
      ['chat gpt-4o-mini', 2, 'ok'],
    ]);
    expect(operation.events.map((event) => event.name)).toEqual(['crmkit.retry']);
    expect(operation.attributes['crmkit.attempts']).toBe(2);
  });

  it('fallback: the failed provider, then the next, with the fallback reason on the operation', async () => {
    const events: AssistantEvent[] = [];
    const before = await metricValue('crmkit.fallbacks', { 'gen_ai.provider.name': 'openai' });
    const answer = await build(await tracedChain([{ fail: 'auth', status: 401 }]), { onEvent: (event) => events.push(event) }).ask({ tenantId, query: 'Who is overdue?', filter: 'overdue' });
    expect(answer.provider).toBe('anthropic');
    const operation = only('crmkit.ask');
    expect(childrenOf(operation).map((span) => [span.attributes['gen_ai.provider.name'], span.attributes['error.type'] ?? 'ok'])).toEqual([
      ['openai', 'auth'],
      ['anthropic', 'ok'],
    ]);
    expect(operation.attributes['crmkit.fallback.reason']).toBe('auth');
    expect(operation.events.find((event) => event.name === 'crmkit.fallback')?.attributes).toMatchObject({ 'crmkit.fallback.to': 'anthropic' });
    expect(await metricValue('crmkit.fallbacks', { 'gen_ai.provider.name': 'openai' })).toBe(before + 1);
    expect(events.filter((event) => event.type === 'attempt_end').map((event) => event.type === 'attempt_end' && [event.provider, event.ok, event.kind])).toEqual([
      ['openai', false, 'auth'],
      ['anthropic', true, undefined],
    ]);
  });

  it('all down → rules: degraded on the operation span, counted, logged as a warning, reported with the reason', async () => {
    const lines: [string, Record<string, unknown>, string | undefined][] = [];
    const logger: Logger = { debug: (object, message) => lines.push(['debug', { ...object }, message]), info: () => undefined, warn: (object, message) => lines.push(['warn', { ...object }, message]), error: () => undefined };
    const events: AssistantEvent[] = [];
    const before = await metricValue('crmkit.degraded_answers', { 'crmkit.operation': 'ask' });
    const chain = await tracedChain([{ fail: 'server', status: 500 }, { fail: 'server', status: 500 }, { fail: 'server', status: 500 }], [{ fail: 'quota_exhausted', status: 429 }], { fallback: createRuleBasedResponder({ clock, timeZone: 'UTC' }) });
    const answer = await build(chain, { logger, onEvent: (event) => events.push(event) }).ask({ tenantId, query: 'Who needs a call today?', filter: 'today' });
    expect(answer.degraded).toBe(true);
    const operation = only('crmkit.ask');
    expect(operation.attributes).toMatchObject({ 'crmkit.degraded': true, 'crmkit.provider': 'rules' });
    expect(String(operation.attributes['crmkit.degraded.reason'])).toContain('openai: server');
    expect(childrenOf(operation).map((span) => span.attributes['gen_ai.provider.name'])).toEqual(['openai', 'openai', 'openai', 'anthropic', 'rules']);
    expect(sdk.named('chat rules-v1')[0]?.attributes['crmkit.degraded']).toBe(true);
    expect(await metricValue('crmkit.degraded_answers', { 'crmkit.operation': 'ask' })).toBe(before + 1);
    expect(lines.find(([level]) => level === 'warn')).toEqual(['warn', expect.objectContaining({ operation: 'ask', correlationId: answer.correlationId, failures: ['openai: server', 'openai: server', 'openai: server', 'anthropic: quota_exhausted'] }), 'crmkit ask answered from a degraded path']);
    expect(events.find((event) => event.type === 'operation')).toMatchObject({ degraded: true, degradedReason: answer.degradedReason, provider: 'rules' });
  });

  it('all down before the first delta → the assistant answers the stream from the rules, and the result and operation event keep the failed attempts, as send does', async () => {
    const down = (): Promise<Provider> => tracedChain([{ fail: 'server', status: 500 }, { fail: 'server', status: 500 }, { fail: 'server', status: 500 }], [{ fail: 'quota_exhausted', status: 429 }]);
    const tried = [
      ['openai', false],
      ['openai', false],
      ['openai', false],
      ['anthropic', false],
      ['rules', true],
    ];
    const sentEvents: AssistantEvent[] = [];
    const sent = await build(await down(), { onEvent: (event) => sentEvents.push(event) }).send({ tenantId, userId: 'u1', message: 'Where is my order #54321?' });
    const streamEvents: AssistantEvent[] = [];
    const stream = await build(await down(), { onEvent: (event) => streamEvents.push(event) }).stream({ tenantId, userId: 'u1', message: 'Where is my order #54321?' });
    expect(await stream.text).toBe(sent.reply);
    const result = await stream.result;
    expect(result).toMatchObject({ degraded: true, provider: 'rules', degradedReason: sent.degradedReason });
    expect(result.attempts.map((attempt) => [attempt.provider, attempt.ok])).toEqual(tried);
    expect(result.attempts.filter((attempt) => !attempt.ok).map((attempt) => attempt.kind)).toEqual(['server', 'server', 'server', 'quota_exhausted']);
    await vi.waitFor(() => expect(streamEvents.some((event) => event.type === 'operation')).toBe(true));
    const [sentOperation, streamOperation] = [sentEvents, streamEvents].map((events) => events.find((event) => event.type === 'operation'));
    for (const operation of [sentOperation, streamOperation]) {
      expect(operation).toMatchObject({ ok: true, degraded: true, provider: 'rules', degradedReason: sent.degradedReason });
      // The same failed model attempts on both operations' events.
      expect(operation?.type === 'operation' && operation.attempts.filter((attempt) => !attempt.ok).map((attempt) => [attempt.provider, attempt.kind])).toEqual([
        ['openai', 'server'],
        ['openai', 'server'],
        ['openai', 'server'],
        ['anthropic', 'quota_exhausted'],
      ]);
    }
    // The stream's operation is summarised from its result, so it lists the rules answer too.
    expect(streamOperation?.type === 'operation' && streamOperation.attempts.map((attempt) => [attempt.provider, attempt.ok])).toEqual(tried);
    expect(streamEvents.filter((event) => event.type === 'attempt_end')).toHaveLength(5);
  });

  it('budget refusal: the operation fails with budget_exceeded, counted, the error carries the correlation id', async () => {
    const events: AssistantEvent[] = [];
    const before = await metricValue('crmkit.budget.refusals', { 'crmkit.operation': 'send' });
    const assistant = build(await tracedChain(undefined), { budget: { limits: { perRequest: { costMicros: 1 } } }, onEvent: (event) => events.push(event) });
    const error = (await assistant.send({ tenantId, userId: 'u1', message: 'Hello' }).catch((caught: unknown) => caught)) as ProviderError & { correlationId?: string };
    expect(error.kind).toBe('budget_exceeded');
    const operation = only('crmkit.send');
    expect(operation.attributes['error.type']).toBe('budget_exceeded');
    expect(error.correlationId).toBe(operation.spanContext().traceId);
    expect(error.toJSON()).toMatchObject({ correlationId: error.correlationId, code: 'budget_exceeded' });
    expect(childrenOf(operation)).toEqual([]); // no model was called
    expect(await metricValue('crmkit.budget.refusals', { 'crmkit.operation': 'send' })).toBe(before + 1);
    expect(events.find((event) => event.type === 'operation')).toMatchObject({ ok: false, errorKind: 'budget_exceeded', correlationId: error.correlationId });
  });

  it('abort: the operation span ends with error.type aborted', async () => {
    const controller = new AbortController();
    const chain = await tracedChain([{ hang: true }]);
    const pending = build(chain).send({ tenantId, userId: 'u1', message: 'Hello', signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    expect(only('crmkit.send').attributes['error.type']).toBe('aborted');
    expect(sdk.named('chat gpt-4o-mini')[0]?.attributes['error.type']).toBe('aborted');
  });

  it('stream cut mid-reply: the stream span and its attempt end failed, with what was sent', async () => {
    const chain = await tracedChain([{ fail: 'network', afterDeltas: ['Your order ', 'is'] }]);
    const stream = await build(chain).stream({ tenantId, userId: 'u1', message: 'Where is my order?' });
    await expect(stream.text).rejects.toMatchObject({ kind: 'network' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const operation = only('crmkit.stream');
    expect(operation.attributes['error.type']).toBe('network');
    expect(childrenOf(operation)[0]?.attributes).toMatchObject({ 'error.type': 'network', 'crmkit.stream.outcome': 'failed', 'crmkit.stream.partial_chars': 13 });
  });

  it('stream cancelled by the reader: the spans end as cancelled', async () => {
    const stream = await build(await tracedChain([{ hang: true, afterDeltas: ['Hello'] }])).stream({ tenantId, userId: 'u1', message: 'Hi' });
    for await (const _delta of stream) break;
    await stream.result.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(only('crmkit.stream').attributes['error.type']).toBe('aborted');
    expect(sdk.named('chat gpt-4o-mini')[0]?.attributes['crmkit.stream.outcome']).toBe('cancelled');
  });
});

describe('privacy', () => {
  let server: FakeProviderServer;
  beforeAll(async () => {
    server = await createFakeProviderServer();
  });
  afterAll(async () => server.close());

  it('never records a key; content only redacted; identities only on opt-in', async () => {
    server.enqueue(fake.fault('auth', { echoKey: true }));
    const openai = createOpenAIProvider({ apiKey: primaryKey, baseURL: server.openaiBaseURL });
    const lines: unknown[] = [];
    const logger: Logger = { debug: (object, message) => lines.push(object, message), info: (object, message) => lines.push(object, message), warn: (object, message) => lines.push(object, message), error: (object, message) => lines.push(object, message) };
    const events: AssistantEvent[] = [];
    const assistant = build(openai, { telemetry: { ...telemetry, recordContent: true }, logger, onEvent: (event) => events.push(event) });
    const sent = await assistant.send({ tenantId, userId: 'agent-7', message: 'I am jane.doe@example.com, call +1 415 555 2671' });
    expect(sent.degraded).toBe(true);
    const logged = JSON.stringify([lines, events]);
    expect(lines.length).toBeGreaterThan(0);
    expect(logged).not.toContain(primaryKey);
    expect(logged).not.toContain('jane.doe@example.com');
    const dump = everything();
    expect(dump).not.toContain(primaryKey);
    expect(dump).not.toContain('jane.doe@example.com');
    expect(dump).not.toContain('555 2671');
    expect(dump).toContain('[EMAIL_1]');
    expect(dump).not.toContain('agent-7');
    // The assistant traced the untraced provider itself: one model span under the operation.
    expect(childrenOf(only('crmkit.send')).map((span) => span.attributes['error.type'])).toEqual(['auth']);

    sdk.reset();
    server.enqueue(fake.reply('Sure.'));
    await build(openai, { telemetry: { ...telemetry, recordIdentity: true } }).send({ tenantId, userId: 'agent-7', message: 'Hi' });
    expect(only('crmkit.send').attributes).toMatchObject({ 'crmkit.tenant.id': tenantId, 'crmkit.user.id': 'agent-7' });
  });
});

describe('telemetry off', () => {
  it('records nothing, still stamps correlation ids and feeds onEvent', async () => {
    const events: AssistantEvent[] = [];
    const answer = await build(createMockProvider({ id: 'openai', model: 'gpt-4o-mini', reply: reply('Hi') }), { telemetry: false, onEvent: (event) => events.push(event) }).ask({ tenantId, query: 'Who?' });
    expect(sdk.spans()).toEqual([]);
    expect(answer.correlationId).toMatch(/^[0-9a-f]{32}$/);
    expect(events.map((event) => event.type)).toEqual(['attempt_end', 'operation']);
    const error = await build(undefined, { telemetry: false }).ask({ tenantId, query: '' }).catch((caught: unknown) => caught as { correlationId?: string });
    expect(error.correlationId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('telemetry on without an SDK', () => {
  it('costs no spans and still gives a real correlation id (never the all-zero trace id)', async () => {
    const answer = await build(createMockProvider({ id: 'openai', model: 'gpt-4o-mini', reply: reply('Hi') }), { telemetry: { tracer: trace.getTracer('no-sdk'), meter: metrics.getMeter('no-sdk') } }).ask({ tenantId, query: 'Who?' });
    expect(answer.correlationId).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.correlationId).not.toMatch(/^0+$/);
    expect(sdk.spans()).toEqual([]);
  });
});

describe('telemetry: true', () => {
  it('uses the global tracer and meter providers the host registered', async () => {
    trace.setGlobalTracerProvider(sdk.tracerProvider);
    metrics.setGlobalMeterProvider(sdk.meterProvider);
    try {
      const chain = await createProviderChain({ providers: [{ type: 'custom', provider: createMockProvider({ id: 'openai', model: 'gpt-global', reply: reply('Hi') }) }], telemetry: true });
      await build(chain, { telemetry: true, budget: false }).ask({ tenantId, query: 'Who?' });
      expect(childrenOf(only('crmkit.ask')).map((span) => span.name)).toEqual(['chat gpt-global']);
      expect(await metricValue('gen_ai.client.token.usage', { 'gen_ai.request.model': 'gpt-global' })).toBe(2);
    } finally {
      trace.disable();
      metrics.disable();
    }
  });
});
