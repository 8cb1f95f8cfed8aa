import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { abortError } from '../../core/abort.js';
import type { Sleep } from '../../core/clock.js';
import { ProviderError, ValidationError } from '../../core/errors.js';
import type { ChatRequest, Provider } from '../../core/types.js';
import { createMockProvider } from '../../testing/mock-provider.js';
import { createTelemetrySdk } from '../../../test/support/telemetry-sdk.js';
import { createFallbackChain } from '../resilience/create-fallback-chain.js';
import { createProviderChain } from '../resilience/create-provider-chain.js';
import { createProviderChainFromEnv } from '../resilience/create-provider-chain-from-env.js';
import type { ResilienceEvent } from '../resilience/resilience-event.js';
import { openAIModels } from '../openai/openai-models.js';
import { withTelemetry } from './with-telemetry.js';

const sdk = createTelemetrySdk();
const telemetry = { tracer: sdk.tracer, meter: sdk.meter };
const request: ChatRequest = { messages: [{ role: 'user', content: 'Where is order #54321?' }], maxOutputTokens: 200, temperature: 0.3, metadata: { tenantId: 'acme', userId: 'agent-7', sessionId: 's-1' } };
const secretKey = 'sk-test-1234567890abcdefghijklmnop';

const noWait: Sleep = (ms, signal) =>
  ms < 10_000 ? Promise.resolve() : new Promise<void>((_, reject) => signal?.addEventListener('abort', () => reject(abortError(signal)), { once: true }));

/** Runs `run` inside a parent span, as the assistant or the host's request handler would. */
async function underParent<T>(run: () => Promise<T>): Promise<{ value: T; parentId: string; traceId: string }> {
  const parent = sdk.tracer.startSpan('parent');
  try {
    const value = await context.with(trace.setSpan(context.active(), parent), run);
    return { value, parentId: parent.spanContext().spanId, traceId: parent.spanContext().traceId };
  } finally {
    parent.end();
  }
}

const chain = (providers: Provider[], extra: Partial<Parameters<typeof createProviderChain>[0]> = {}) =>
  createProviderChain({ providers: providers.map((provider) => ({ type: 'custom' as const, provider })), sleep: noWait, random: () => 0, telemetry, ...extra });

const allValues = (): string => JSON.stringify(sdk.spans().map((span) => ({ attributes: span.attributes, events: span.events.map((event) => event.attributes), status: span.status })));

beforeEach(() => sdk.reset());

describe('withTelemetry', () => {
  it('is the provider itself when telemetry is off', () => {
    const provider = createMockProvider({ reply: 'hi' });
    expect(withTelemetry(provider)).toBe(provider);
    expect(withTelemetry(provider, { telemetry: false })).toBe(provider);
  });

  it('records one CLIENT span per call, named and attributed per the GenAI conventions', async () => {
    const provider = withTelemetry(createMockProvider({ id: 'openai', model: 'gpt-4o-mini', reply: { text: 'Shipped.', usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 } } }), { telemetry });
    const { parentId } = await underParent(() => provider.generate(request));
    const [span] = sdk.named('chat gpt-4o-mini');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.parentSpanContext?.spanId).toBe(parentId);
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.max_tokens': 200,
      'gen_ai.request.temperature': 0.3,
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 3,
      'gen_ai.response.finish_reasons': ['stop'],
      'crmkit.attempt': 1,
    });
    // Identities and content only on opt-in.
    expect(span?.attributes['crmkit.tenant.id']).toBeUndefined();
    expect(span?.attributes['gen_ai.input.messages']).toBeUndefined();
    const points = await sdk.metrics();
    const tokens = points.filter((point) => point.name === 'gen_ai.client.token.usage' && point.attributes['gen_ai.provider.name'] === 'openai');
    expect(tokens.map((point) => [point.attributes['gen_ai.token.type'], point.value]).sort()).toEqual([['input', 12], ['output', 3]]);
    expect(points.some((point) => point.name === 'gen_ai.client.operation.duration' && point.attributes['gen_ai.request.model'] === 'gpt-4o-mini')).toBe(true);
  });

  it('records identities only with recordIdentity, and content only through redact', async () => {
    const provider = withTelemetry(createMockProvider({ id: 'openai', model: 'm-identity', reply: 'Mail [EMAIL_1] back' }), {
      telemetry: { ...telemetry, recordIdentity: true, recordContent: true, redact: (text) => text.replace(/\S+@\S+/g, '[EMAIL]') },
    });
    await provider.generate({ ...request, messages: [{ role: 'user', content: 'I am jane@example.com and [EMAIL_1] is my other one, [PHONE_1] too' }] });
    const [span] = sdk.named('chat m-identity');
    expect(span?.attributes).toMatchObject({ 'crmkit.tenant.id': 'acme', 'crmkit.user.id': 'agent-7', 'gen_ai.conversation.id': 's-1', 'crmkit.pii.redacted': 2 });
    expect(String(span?.attributes['gen_ai.input.messages'])).toContain('I am [EMAIL] and');
    expect(String(span?.attributes['gen_ai.output.messages'])).toContain('Mail [EMAIL_1] back');
    expect(allValues()).not.toContain('jane@example.com');
  });

  it('ends the span of a stream the provider refused synchronously', async () => {
    const refusing: Provider = {
      ...createMockProvider({ id: 'strict', model: 'm-strict', reply: 'x' }),
      stream: () => {
        throw new ValidationError('stream request', [{ path: 'messages', message: 'Expected at least one message' }]);
      },
    };
    const traced = withTelemetry(refusing, { telemetry });
    await traced.generate(request); // @opentelemetry/api is loaded: the stream below takes the synchronous path
    expect(() => traced.stream(request)).toThrow(ValidationError);
    expect(sdk.named('chat m-strict')[1]?.attributes['error.type']).toBe('ValidationError');
  });

  it('refuses recordContent without a redact function', () => {
    expect(() => withTelemetry(createMockProvider({ reply: 'x' }), { telemetry: { ...telemetry, recordContent: true } })).toThrow(ValidationError);
  });

  it('ends a stream span when the stream ends, is cut mid-reply, or is cancelled', async () => {
    const provider = withTelemetry(
      createMockProvider({ id: 'openai', model: 'm-stream', script: [{ deltas: ['Your ', 'order'] }, { fail: 'network', afterDeltas: ['Your ', 'ord'] }, { hang: true, afterDeltas: ['Hi'] }] }),
      { telemetry },
    );
    await provider.stream(request).text;
    await expect(provider.stream(request).text).rejects.toMatchObject({ kind: 'network' });
    const cancelled = provider.stream(request);
    for await (const _delta of cancelled) break;
    await cancelled.result.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const spans = sdk.named('chat m-stream');
    expect(spans.map((span) => span.attributes['crmkit.stream.outcome'])).toEqual(['completed', 'failed', 'cancelled']);
    expect(spans[1]?.attributes).toMatchObject({ 'error.type': 'network', 'crmkit.stream.partial_chars': 8 });
    expect(spans[1]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(spans[2]?.attributes['error.type']).toBe('aborted');
  });
});

describe('createProviderChain({ telemetry })', () => {
  it('retry then success: a span per try under the caller, the retry as an event', async () => {
    const openai = createMockProvider({ id: 'openai', model: 'gpt-4o-mini', script: [{ fail: 'overloaded', status: 529 }, 'Shipped.'] });
    const ai = await chain([openai]);
    const { parentId } = await underParent(() => ai.generate(request));
    const spans = sdk.named('chat gpt-4o-mini');
    expect(spans.map((span) => [span.attributes['crmkit.attempt'], span.attributes['error.type'] ?? 'ok'])).toEqual([[1, 'overloaded'], [2, 'ok']]);
    expect(spans.every((span) => span.parentSpanContext?.spanId === parentId)).toBe(true);
    expect(spans[0]?.attributes['http.response.status_code']).toBe(529);
    expect(spans[0]?.attributes['crmkit.circuit.state']).toBe('closed');
    const [parent] = sdk.named('parent');
    expect(parent?.events.map((event) => [event.name, event.attributes?.['error.type']])).toEqual([['crmkit.retry', 'overloaded']]);
  });

  it('fallback: the failed and the answering provider each have a span, the fallback an event and a count', async () => {
    const events: ResilienceEvent[] = [];
    const ai = await chain(
      [createMockProvider({ id: 'openai', model: 'gpt-4o-mini', script: [{ fail: 'auth', status: 401 }] }), createMockProvider({ id: 'anthropic', model: 'claude-3-haiku', reply: 'Shipped.' })],
      { onEvent: (event) => events.push(event) },
    );
    const before = (await sdk.metrics()).find((point) => point.name === 'crmkit.fallbacks' && point.attributes['gen_ai.provider.name'] === 'openai')?.value ?? 0;
    await underParent(() => ai.generate(request));
    expect(sdk.named('chat gpt-4o-mini')[0]?.attributes['error.type']).toBe('auth');
    expect(sdk.named('chat claude-3-haiku')[0]?.attributes['gen_ai.provider.name']).toBe('anthropic');
    const [parent] = sdk.named('parent');
    expect(parent?.attributes['crmkit.fallback.reason']).toBe('auth');
    expect(parent?.events.find((event) => event.name === 'crmkit.fallback')?.attributes).toMatchObject({ 'gen_ai.provider.name': 'openai', 'crmkit.fallback.to': 'anthropic' });
    // The circuit opened at once on auth: a span event on the failed attempt, and a count.
    expect(sdk.named('chat gpt-4o-mini')[0]?.events.map((event) => event.name)).toContain('crmkit.circuit');
    const points = await sdk.metrics();
    expect(points.find((point) => point.name === 'crmkit.fallbacks' && point.attributes['gen_ai.provider.name'] === 'openai')?.value).toBe(before + 1);
    expect(points.some((point) => point.name === 'crmkit.circuit.opens' && point.attributes['gen_ai.provider.name'] === 'openai')).toBe(true);
    // The host's own listener still gets every event.
    expect(events.map((event) => event.type)).toContain('fallback');
  });

  it('all down → rules: the degraded responder has its own span marked degraded', async () => {
    const rules = createMockProvider({ id: 'rules', model: 'rules-v1', reply: 'We will get back to you.' });
    const degradedRules: Provider = { ...rules, generate: async (req, options) => ({ ...(await rules.generate(req, options)), degraded: true, degradedReason: 'rules' }) };
    const ai = await chain([createMockProvider({ id: 'openai', model: 'gpt-4o-mini', script: [{ fail: 'quota_exhausted', status: 429 }] })], { fallback: degradedRules });
    const { value } = await underParent(() => ai.generate(request));
    expect(value.degraded).toBe(true);
    expect(sdk.named('chat rules-v1')[0]?.attributes).toMatchObject({ 'gen_ai.provider.name': 'rules', 'crmkit.degraded': true });
  });

  it('rate-limit waits are attributes of the attempt and counted', async () => {
    let now = 0;
    const ai = await chain([], {
      providers: [{ type: 'custom', provider: createMockProvider({ id: 'openai', model: 'm-limited', reply: 'ok' }), rateLimit: { requestsPerMinute: 1, maxQueueWaitMs: 120_000 }, timeoutMs: 500_000 }],
      deadlineMs: 1_000_000,
      clock: { now: () => now },
      sleep: (ms, signal) => {
        if (ms >= 400_000) return noWait(ms, signal);
        now += ms;
        return Promise.resolve();
      },
    });
    await ai.generate(request);
    await ai.generate(request);
    const spans = sdk.named('chat m-limited');
    expect(spans[1]?.attributes['crmkit.rate_limit.wait_ms']).toBeGreaterThan(0);
    expect((await sdk.metrics()).some((point) => point.name === 'crmkit.rate_limit.waits')).toBe(true);
  });

  it('never records an API key', async () => {
    const ai = await createProviderChain({
      providers: [{ type: 'openai', apiKey: secretKey, model: 'gpt-key' }],
      factories: { openai: (options) => createMockProvider({ id: 'openai', model: options.model as string, script: [{ fail: new ProviderError(`bad key ${secretKey}`, { kind: 'auth', status: 401 }) }] }) },
      sleep: noWait,
      telemetry,
    });
    await ai.generate(request).catch(() => undefined);
    expect(sdk.named('chat gpt-key')).toHaveLength(1);
    expect(allValues()).not.toContain(secretKey);
  });

  it('createFallbackChain takes the same option: a span per link', async () => {
    const ai = createFallbackChain([createMockProvider({ id: 'a', model: 'm-a', script: [{ fail: 'server', status: 500 }] }), createMockProvider({ id: 'b', model: 'm-b', reply: 'ok' })], { telemetry });
    await ai.generate(request);
    expect(sdk.named('chat m-a')[0]?.attributes['error.type']).toBe('server');
    expect(sdk.named('chat m-b')).toHaveLength(1);
  });

  it('createProviderChainFromEnv passes the option on, also when only the fallback answers', async () => {
    const rules = createMockProvider({ id: 'rules', model: 'rules-v1', reply: 'From the rules.' });
    const fromEnv = await createProviderChainFromEnv(
      { OPENAI_API_KEY: secretKey },
      { telemetry, sleep: noWait, fallback: rules, factories: { openai: (options) => createMockProvider({ id: 'openai', model: options.model as string, reply: 'From OpenAI.' }) } },
    );
    await fromEnv.generate(request);
    expect(sdk.named(`chat ${openAIModels.default}`)).toHaveLength(1);
    const rulesOnly = await createProviderChainFromEnv({}, { telemetry, fallback: rules });
    await rulesOnly.generate(request);
    expect(sdk.named('chat rules-v1')).toHaveLength(1);
    expect(allValues()).not.toContain(secretKey);
  });

  it('rejects a malformed telemetry option', async () => {
    await expect(createProviderChain({ providers: [{ type: 'custom', provider: createMockProvider({ reply: 'x' }) }], telemetry: 'yes' as never })).rejects.toThrow(ValidationError);
  });
});
