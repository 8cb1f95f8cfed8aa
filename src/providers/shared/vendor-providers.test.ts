import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ProviderError, ValidationError } from '../../core/errors.js';
import type { Provider } from '../../core/types.js';
import { createFakeProviderServer, fake } from '../../testing/fake-provider-server/index.js';
import type { FakeProviderServer, FakeVendor } from '../../testing/fake-provider-server/index.js';
import { anthropicModels, createAnthropicProvider } from '../anthropic/index.js';
import { createHuggingFaceProvider, huggingFaceModels } from '../huggingface/index.js';
import { createOpenAIProvider, openAIModels } from '../openai/index.js';
import { StructuredOutputError } from './structured-output-error.js';

const server: FakeProviderServer = await createFakeProviderServer();
afterAll(() => server.close());
beforeEach(() => server.reset());

interface VendorCase {
  readonly vendor: FakeVendor;
  readonly id: string;
  readonly make: (options?: { apiKey?: string; baseURL?: string; timeoutMs?: number; idleTimeoutMs?: number }) => Provider;
}

const apiKey = 'sk-test-abcdefghijklmnopqrstuvwxyz123456';

const vendors: readonly VendorCase[] = [
  {
    vendor: 'openai',
    id: 'openai',
    make: (options = {}) => createOpenAIProvider({ apiKey, baseURL: server.openaiBaseURL, ...options }),
  },
  {
    vendor: 'anthropic',
    id: 'anthropic',
    make: (options = {}) => createAnthropicProvider({ apiKey, baseURL: server.anthropicBaseURL, ...options }),
  },
  {
    vendor: 'huggingface',
    id: 'huggingface',
    make: ({ baseURL, ...options } = {}) => createHuggingFaceProvider({ apiKey, baseURL: baseURL ?? server.huggingfaceBaseURL, ...options }),
  },
];

const ask = { messages: [{ role: 'user' as const, content: 'Where is my order #54321?' }] };

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ProviderError.isInstance(error), `expected a ProviderError, got ${String(error)}`).toBe(true);
  return error as ProviderError;
}

describe.each(vendors)('$vendor provider through its real SDK', ({ vendor, id, make }) => {
  it('generates: text, vendor usage, finish reason, request id, one attempt', async () => {
    server.enqueue(fake.reply('It ships today.', { usage: { inputTokens: 11, outputTokens: 4 } }));
    const result = await make().generate(ask);
    expect(result.text).toBe('It ships today.');
    expect(result.usage).toEqual({ inputTokens: 11, outputTokens: 4, totalTokens: 15 });
    expect(result.finishReason).toBe('stop');
    expect(result.provider).toBe(id);
    expect(result.degraded).toBe(false);
    expect(result.requestId).toBe(server.requests[0]!.requestId);
    expect(result.attempts).toEqual([expect.objectContaining({ provider: id, ok: true })]);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(server.requests[0]!.vendor).toBe(vendor);
    expect(server.requests[0]!.headers.authorization ?? server.requests[0]!.headers['x-api-key']).toMatch(/\[REDACTED\]$/);
  });

  it('maps a length stop to finishReason "length"', async () => {
    server.enqueue(fake.reply('Cut', { finishReason: 'length' }));
    expect((await make().generate(ask)).finishReason).toBe('length');
  });

  it('streams deltas, then usage and finish reason', async () => {
    server.enqueue(fake.reply('', { chunks: ['It ', 'ships ', 'today.'], usage: { inputTokens: 9, outputTokens: 3 } }));
    const stream = make().stream(ask);
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    expect(deltas).toEqual(['It ', 'ships ', 'today.']);
    const result = await stream.result;
    expect(result.text).toBe('It ships today.');
    expect(result.usage).toEqual({ inputTokens: 9, outputTokens: 3, totalTokens: 12 });
    expect(result.finishReason).toBe('stop');
    expect(result.requestId).toBe(server.requests[0]!.requestId);
    expect(server.requests[0]!.stream).toBe(true);
  });

  it('returns a validated, typed object for a schema', async () => {
    server.enqueue(fake.reply('Here you go:\n```json\n{"intent":"refund","confidence":0.9}\n```'));
    const schema = z.object({ intent: z.enum(['refund', 'status']), confidence: z.number() });
    const result = await make().generate({ ...ask, schema });
    expect(result.object).toEqual({ intent: 'refund', confidence: 0.9 });
  });

  it('streams structured output and validates it at the end', async () => {
    server.enqueue(fake.json({ intent: 'status' }, { chunks: ['{"intent":', '"status"}'] }));
    const stream = make().stream({ ...ask, schema: z.object({ intent: z.string() }) });
    expect((await stream.result).object).toEqual({ intent: 'status' });
  });

  it('throws a retryable StructuredOutputError (kind server) when the reply misses the schema', async () => {
    server.enqueue(fake.json({ intent: 42 }));
    const error = await failure(make().generate({ ...ask, schema: z.object({ intent: z.string() }) }));
    expect(StructuredOutputError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'server', retryable: true, providerId: id });
    const structured = error as StructuredOutputError;
    expect(structured.issues[0]?.path).toBe('intent');
    expect(structured.text).toBe('{"intent":42}');
    expect(structured.message).not.toContain('{"intent":42}');
  });

  it('aborting mid-stream rejects with kind "aborted" and releases the socket', async () => {
    server.enqueue(fake.reply('', { chunks: ['first ', 'second'], chunkDelayMs: 60_000 }));
    const stream = make().stream(ask);
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe('first ');
    stream.abort();
    expect((await failure(stream.result)).kind).toBe('aborted');
    expect(await server.requests[0]!.settled).toBe('client_closed');
  });

  it('breaking out of a for-await loop releases the socket', async () => {
    server.enqueue(fake.reply('', { chunks: ['first ', 'second'], chunkDelayMs: 60_000 }));
    const stream = make().stream(ask);
    for await (const delta of stream) {
      expect(delta).toBe('first ');
      break;
    }
    expect(await server.requests[0]!.settled).toBe('client_closed');
  });

  it('honours a caller signal that already fired, without any request', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await failure(make().generate(ask, { signal: controller.signal }))).kind).toBe('aborted');
    expect(server.requests).toHaveLength(0);
  });

  it('times out a call that gets no answer (kind "timeout", retryable)', async () => {
    server.enqueue(fake.stall());
    const error = await failure(make().generate(ask, { timeoutMs: 300 }));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect(await server.requests[0]!.settled).toBe('client_closed');
  });

  it('aborting a generate call in flight rejects with kind "aborted" and closes the request', async () => {
    server.enqueue(fake.stall());
    const controller = new AbortController();
    const pending = make().generate(ask, { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    expect((await failure(pending)).kind).toBe('aborted');
    expect(await server.requests[0]!.settled).toBe('client_closed');
  });

  it('times out a generate call whose body stalls after the headers (kind "timeout")', async () => {
    server.enqueue(fake.stall('It ships today.'));
    const error = await failure(make().generate(ask, { timeoutMs: 300 }));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true, providerId: id });
    expect(await server.requests[0]!.settled).toBe('client_closed');
  });

  it("ends a generate call whose body stalls at its deadline, the caller's signal still live", async () => {
    server.enqueue(fake.stall('It ships today.'));
    const controller = new AbortController();
    const error = await failure(make().generate(ask, { signal: controller.signal, deadline: performance.now() + 300 }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/deadline/);
    expect(controller.signal.aborted).toBe(false);
    expect(await server.requests[0]!.settled).toBe('client_closed');
  });

  it('fails a stalled stream from the idle watchdog with the text so far', async () => {
    server.enqueue(fake.stall('Partial answer'));
    const stream = make({ idleTimeoutMs: 300 }).stream(ask);
    const error = await failure(stream.result);
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/stalled/);
    expect(error.partialText).toBe('Partial answer');
    expect(await server.requests[0]!.settled).toBe('client_closed');
  });

  it('reports a stream that ends without its terminal event as truncated_stream, never a short answer', async () => {
    server.enqueue(fake.truncate('Your order'));
    const error = await failure(make().stream(ask).result);
    expect(error).toMatchObject({ kind: 'truncated_stream', retryable: true, partialText: 'Your order' });
  });

  it('reports a connection dropped mid-stream as truncated_stream', async () => {
    server.enqueue(fake.truncate('Your order', 'destroy'));
    expect((await failure(make().stream(ask).result)).kind).toBe('truncated_stream');
  });

  it('maps an error event mid-stream to its kind, keeping the partial text', async () => {
    server.enqueue(fake.streamError('overloaded', { text: 'Your order ' }));
    const error = await failure(make().stream(ask).result);
    expect(error).toMatchObject({ kind: 'overloaded', retryable: true, partialText: 'Your order ' });
  });

  it('maps a reset connection to "network"', async () => {
    server.enqueue(fake.reset());
    expect((await failure(make().generate(ask))).kind).toBe('network');
  });

  it('maps a refused connection to "network"', async () => {
    const closed = await createFakeProviderServer();
    await closed.close();
    const base = vendor === 'openai' ? closed.openaiBaseURL : vendor === 'anthropic' ? closed.anthropicBaseURL : closed.huggingfaceBaseURL;
    const error = await failure(make({ baseURL: base }).generate(ask));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
  });

  it('fails with kind "auth" at call time when built without an API key, before any request', async () => {
    const provider = vendor === 'openai' ? createOpenAIProvider() : vendor === 'anthropic' ? createAnthropicProvider() : createHuggingFaceProvider();
    expect((await failure(provider.generate(ask))).kind).toBe('auth');
    expect((await failure(provider.stream(ask).result)).kind).toBe('auth');
    expect(server.requests).toHaveLength(0);
  });

  it('validates the request before any network traffic, naming the field', async () => {
    const provider = make();
    await expect(provider.generate({ messages: [], temperature: 3 })).rejects.toSatisfy((error: unknown) => {
      const issues = ValidationError.isInstance(error) ? error.issues.map((issue) => issue.path) : [];
      return issues.includes('messages') && issues.includes('temperature');
    });
    expect(() => provider.stream({ messages: [{ role: 'user', content: '' }] })).toThrow(/content/);
    expect(server.requests).toHaveLength(0);
  });

  it('never lets the API key into an error message, its JSON or its cause', async () => {
    server.enqueue(fake.http(401, { error: { message: `Incorrect API key provided: ${apiKey}`, type: 'authentication_error' }, type: 'error' }));
    const error = await failure(make().generate(ask));
    expect(error.kind).toBe('auth');
    const everything = [error.message, JSON.stringify(error), String((error.cause as Error | undefined)?.message), String(error.stack)].join('\n');
    expect(everything).not.toContain(apiKey);
  });

  it('answers 429 with the vendor headers when the server enforces requests per minute', async () => {
    let now = 1_700_000_000_000;
    const limited = await createFakeProviderServer({ rateLimits: { requestsPerMinute: 1 }, now: () => now });
    try {
      const base = vendor === 'openai' ? limited.openaiBaseURL : vendor === 'anthropic' ? limited.anthropicBaseURL : limited.huggingfaceBaseURL;
      const provider = make({ baseURL: base });
      await provider.generate(ask);
      now += 20_000;
      const error = await failure(provider.generate(ask));
      expect(error).toMatchObject({ kind: 'rate_limited', retryable: true, status: 429, retryAfterMs: 40_000 });
      now += 40_000;
      await expect(provider.generate(ask)).resolves.toMatchObject({ text: 'Hello from the fake provider.' });
    } finally {
      await limited.close();
    }
  });
});

describe('API keys from the environment', () => {
  const cases = [
    { vendor: 'openai', variable: 'OPENAI_API_KEY', make: () => createOpenAIProvider({ baseURL: server.openaiBaseURL }) },
    { vendor: 'anthropic', variable: 'ANTHROPIC_API_KEY', make: () => createAnthropicProvider({ baseURL: server.anthropicBaseURL }) },
    { vendor: 'huggingface', variable: 'HF_TOKEN', make: () => createHuggingFaceProvider({ baseURL: server.huggingfaceBaseURL }) },
  ] as const;
  afterEach(() => vi.unstubAllEnvs());

  it.each(cases)('$vendor reads $variable when no apiKey is given, and redacts it like a passed key', async ({ variable, make }) => {
    const key = `env-key-${variable.toLowerCase()}-0123456789abcdef`;
    vi.stubEnv(variable, key);
    server.enqueue(fake.reply('From the environment.'));
    const result = await make().generate(ask);
    expect(result.text).toBe('From the environment.');
    // The fake server records the credential header redacted: present, and never the key itself.
    const { authorization, 'x-api-key': apiKeyHeader } = server.requests[0]!.headers;
    expect(authorization ?? apiKeyHeader).toMatch(/\[REDACTED\]$/);
    expect(JSON.stringify(server.requests[0]!.headers)).not.toContain(key);
  });

  it.each(cases)('$vendor prefers an explicit apiKey, and treats an empty one as not given', async ({ vendor, variable }) => {
    vi.stubEnv(variable, '');
    const make = vendors.find((entry) => entry.vendor === vendor)!.make;
    const error = await failure(make({ apiKey: '' }).generate(ask));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain(`set the ${variable} environment variable or pass \`apiKey\``);
    expect(server.requests).toHaveLength(0);
  });

  it.each(cases)('$vendor never echoes an environment key in its errors', async ({ variable, make }) => {
    const key = `env-secret-${variable.toLowerCase()}-0123456789abcdef`;
    vi.stubEnv(variable, key);
    server.enqueue(fake.fault('auth'));
    const error = await failure(make().generate(ask));
    expect(error.kind).toBe('auth');
    expect(JSON.stringify({ message: error.message, ...error.toJSON() })).not.toContain(key);
  });
});

describe('default models', () => {
  it.each([
    ['openai', () => createOpenAIProvider({ apiKey, baseURL: server.openaiBaseURL }), 'gpt-4.1-mini', openAIModels],
    ['anthropic', () => createAnthropicProvider({ apiKey, baseURL: server.anthropicBaseURL }), 'claude-haiku-4-5', anthropicModels],
    ['huggingface', () => createHuggingFaceProvider({ apiKey, baseURL: server.huggingfaceBaseURL }), 'meta-llama/Llama-3.1-8B-Instruct', huggingFaceModels],
  ] as const)('%s sends its current default model; the seed model is a named preset', async (_vendor, make, model, presets) => {
    expect(presets.default).toBe(model);
    expect(make().model).toBe(model);
    server.enqueue(fake.reply('ok'));
    await make().generate(ask);
    expect(server.requests[0]!.body).toMatchObject({ model });
    expect(presets.seed).not.toBe(model);
  });

  it('anthropic sends temperature alone when a request sets both temperature and topP (Claude 4.5 refuses both)', async () => {
    server.enqueue(fake.reply('ok'), fake.reply('ok'));
    const claude = createAnthropicProvider({ apiKey, baseURL: server.anthropicBaseURL });
    await claude.generate({ ...ask, temperature: 0.7, topP: 0.9 });
    await claude.generate({ ...ask, topP: 0.9 });
    expect(server.requests[0]!.body).toMatchObject({ temperature: 0.7 });
    expect(server.requests[0]!.body).not.toHaveProperty('top_p');
    expect(server.requests[1]!.body).toMatchObject({ top_p: 0.9 });
  });
});

// A client crmkit builds gets the call's signal through crmkit's own fetch; a client the host
// built gets it the SDK's way. Both must still end a call in flight and a stalled body.
const hostClients = [
  {
    vendor: 'openai',
    make: () => createOpenAIProvider({ client: new OpenAI({ apiKey, baseURL: server.openaiBaseURL, maxRetries: 0 }) }),
  },
  {
    vendor: 'anthropic',
    make: () => createAnthropicProvider({ client: new Anthropic({ apiKey, baseURL: server.anthropicBaseURL, maxRetries: 0 }) }),
  },
] as const;

describe.each(hostClients)('$vendor provider over a client the host built', ({ make }) => {
  it('answers, and a body that stalls after its headers still ends at the timeout', async () => {
    const provider = make();
    server.enqueue(fake.reply('It ships today.'));
    expect((await provider.generate(ask)).text).toBe('It ships today.');
    server.enqueue(fake.stall('It ships today.'));
    expect(await failure(provider.generate(ask, { timeoutMs: 300 }))).toMatchObject({ kind: 'timeout', retryable: true });
    expect(await server.requests[1]!.settled).toBe('client_closed');
  });

  it("ends a call in flight when the caller's signal fires", async () => {
    const provider = make();
    server.enqueue(fake.stall());
    const controller = new AbortController();
    const pending = provider.generate(ask, { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    expect((await failure(pending)).kind).toBe('aborted');
    expect(await server.requests[0]!.settled).toBe('client_closed');
  });
});
