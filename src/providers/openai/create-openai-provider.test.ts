import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import OpenAI from 'openai';
import { z } from 'zod';
import { ProviderError, ValidationError } from '../../core/errors.js';
import type { ProviderErrorKind } from '../../core/errors.js';
import { createFakeProviderServer, fake } from '../../testing/fake-provider-server/index.js';
import type { FakeResponse } from '../../testing/fake-provider-server/index.js';
import { createOpenAIProvider, openAIModels } from './index.js';

const server = await createFakeProviderServer();
afterAll(() => server.close());
beforeEach(() => server.reset());

const openai = createOpenAIProvider({ apiKey: 'sk-test-openai-0000000000000000', baseURL: server.openaiBaseURL, model: openAIModels.seed });
const ask = { messages: [{ role: 'user' as const, content: 'Hello' }] };

interface Row {
  readonly name: string;
  readonly response: FakeResponse;
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
}

const rows: readonly Row[] = [
  { name: '429 rate_limit_exceeded + retry-after: 2', response: fake.fault('rate_limited', { retryAfterSeconds: 2 }), kind: 'rate_limited', retryable: true, retryAfterMs: 2000, status: 429 },
  { name: '429 rate_limit_exceeded + retry-after-ms: 1500', response: fake.fault('rate_limited', { retryAfterMs: 1500 }), kind: 'rate_limited', retryable: true, retryAfterMs: 1500, status: 429 },
  { name: '429 rate_limit_exceeded + x-ratelimit-reset-requests: 6m0s', response: fake.fault('rate_limited', { resetRequests: '6m0s' }), kind: 'rate_limited', retryable: true, retryAfterMs: 360_000, status: 429 },
  { name: '429 rate_limit_exceeded + x-ratelimit-reset-tokens: 20ms', response: fake.fault('rate_limited', { resetTokens: '20ms' }), kind: 'rate_limited', retryable: true, retryAfterMs: 20, status: 429 },
  { name: '429 rate_limit_exceeded without hints', response: fake.fault('rate_limited'), kind: 'rate_limited', retryable: true, retryAfterMs: undefined, status: 429 },
  { name: '429 insufficient_quota', response: fake.fault('quota_exhausted'), kind: 'quota_exhausted', retryable: false, retryAfterMs: undefined, status: 429 },
  { name: '400 context_length_exceeded', response: fake.fault('context_length'), kind: 'context_length', retryable: false, status: 400 },
  { name: '400 content_policy_violation', response: fake.fault('content_filter'), kind: 'content_filter', retryable: false, status: 400 },
  { name: '400 invalid_request_error', response: fake.fault('invalid_request'), kind: 'invalid_request', retryable: false, status: 400 },
  { name: '401 invalid_api_key', response: fake.fault('auth'), kind: 'auth', retryable: false, status: 401 },
  { name: '403 (permission)', response: fake.http(403, { error: { message: 'Project does not have access to model', type: 'invalid_request_error', code: 'model_not_found' } }), kind: 'auth', retryable: false, status: 403 },
  { name: '404 model_not_found', response: fake.http(404, { error: { message: 'The model `gpt-9` does not exist', type: 'invalid_request_error', code: 'model_not_found' } }), kind: 'invalid_request', retryable: false, status: 404 },
  { name: '500 server_error', response: fake.fault('server'), kind: 'server', retryable: true, status: 500 },
  { name: '503 overloaded', response: fake.fault('overloaded', { retryAfterSeconds: 1 }), kind: 'overloaded', retryable: true, retryAfterMs: 1000, status: 503 },
];

describe('createOpenAIProvider error mapping', () => {
  it.each(rows)('$name → $kind', async (row) => {
    server.enqueue(row.response);
    const error = await openai.generate(ask).catch((caught: unknown) => caught);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: row.kind, retryable: row.retryable, status: row.status, providerId: 'openai', model: 'gpt-4o-mini' });
    if ('retryAfterMs' in row) expect((error as ProviderError).retryAfterMs).toBe(row.retryAfterMs);
    expect((error as ProviderError).requestId).toBe(server.requests[0]!.requestId);
  });

  it('reads retry-after given as an HTTP date', async () => {
    server.enqueue(fake.fault('rate_limited', { retryAfterDate: new Date(Date.now() + 30_000) }));
    const error = (await openai.generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it.each([
    ['rate_limited', 'rate_limited'],
    ['quota_exhausted', 'quota_exhausted'],
    ['server', 'server'],
    ['overloaded', 'overloaded'],
  ] as const)('maps a mid-stream %s error event to %s', async (fault, kind) => {
    server.enqueue(fake.streamError(fault, { text: 'Hi' }));
    const error = (await openai.stream(ask).result.catch((caught: unknown) => caught)) as ProviderError;
    expect(error).toMatchObject({ kind, partialText: 'Hi' });
  });
});

describe('createOpenAIProvider requests', () => {
  it('sends the chat-completions body: model, messages, max_completion_tokens, sampling, stop', async () => {
    await openai.generate({ ...ask, model: 'gpt-4o', maxOutputTokens: 50, temperature: 0.2, topP: 0.5, stop: ['END'] });
    expect(server.requests[0]!.body).toEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hello' }],
      max_completion_tokens: 50,
      temperature: 0.2,
      top_p: 0.5,
      stop: ['END'],
      stream: false,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('sends a non-streamed call as the SDK does, without it: POST /chat/completions, bearer key, JSON in and out', async () => {
    await openai.generate(ask);
    const request = server.requests[0]!;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(request.headers).toMatchObject({ authorization: expect.stringMatching(/^Bearer /), 'content-type': 'application/json', accept: 'application/json' });
    expect(request.headers['x-stainless-retry-count']).toBeUndefined(); // not through the SDK
  });

  it('joins a base URL that ends in a slash with one slash', async () => {
    const slashed = createOpenAIProvider({ apiKey: 'sk-test-openai-0000000000000000', baseURL: `${server.openaiBaseURL}/` });
    await expect(slashed.generate(ask)).resolves.toMatchObject({ text: expect.any(String) });
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
  });

  it('asks for usage in the final chunk when streaming, through the SDK with its retries off', async () => {
    await openai.stream(ask).result;
    expect(server.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(server.requests[0]!.headers['x-stainless-retry-count']).toBe('0');
  });

  it('can send max_tokens for older OpenAI-compatible servers', async () => {
    const legacy = createOpenAIProvider({ apiKey: 'sk-test-openai-0000000000000000', baseURL: server.openaiBaseURL, maxTokensParameter: 'max_tokens' });
    await legacy.generate(ask);
    expect(server.requests[0]!.body).toMatchObject({ max_tokens: 1024 });
  });

  it('asks for structured output with a strict json_schema response format', async () => {
    server.enqueue(fake.json({ intent: 'refund' }));
    const result = await openai.generate({ ...ask, schema: z.object({ intent: z.enum(['refund', 'other']) }), schemaName: 'intent' });
    expect(result.object).toEqual({ intent: 'refund' });
    expect(server.requests[0]!.body).toMatchObject({
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'intent',
          strict: true,
          schema: { type: 'object', properties: { intent: { type: 'string', enum: ['refund', 'other'] } }, required: ['intent'], additionalProperties: false },
        },
      },
    });
  });

  it('sends strict: false for schemas OpenAI strict mode cannot take (optional fields)', async () => {
    server.enqueue(fake.json({ intent: 'refund' }));
    await openai.generate({ ...ask, schema: z.object({ intent: z.string(), note: z.string().optional() }) });
    expect(server.requests[0]!.body).toMatchObject({ response_format: { json_schema: { name: 'response', strict: false } } });
  });

  it('reports the context window of known models and a conservative default otherwise', () => {
    expect(openai.contextWindow).toBe(128_000);
    expect(createOpenAIProvider({ model: 'my-local-llama' }).contextWindow).toBe(8_192);
    expect(createOpenAIProvider({ model: 'my-local-llama', contextWindow: 32_000 }).contextWindow).toBe(32_000);
  });

  it('rejects bad options at construction, naming each field', () => {
    expect(() => createOpenAIProvider({ baseURL: 'not a url', timeoutMs: -1 })).toThrow(ValidationError);
    try {
      createOpenAIProvider({ baseURL: 'not a url', timeoutMs: -1 });
    } catch (error) {
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['baseURL', 'timeoutMs']);
    }
  });

  it('uses a client the host already built, still with retries off', async () => {
    const { default: OpenAI } = await import('openai');
    const client = new OpenAI({ apiKey: 'sk-host-client-000000000000', baseURL: server.openaiBaseURL, maxRetries: 5 });
    server.enqueue(fake.fault('server'), fake.reply('never reached'));
    const provider = createOpenAIProvider({ client });
    await expect(provider.generate(ask)).rejects.toMatchObject({ kind: 'server' });
    expect(server.requests).toHaveLength(1);
  });

  it('uses the injected fetch', async () => {
    const seen: string[] = [];
    const provider = createOpenAIProvider({
      apiKey: 'sk-test-openai-0000000000000000',
      baseURL: server.openaiBaseURL,
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    await provider.generate(ask);
    expect(seen).toEqual([`${server.openaiBaseURL}/chat/completions`]);
  });
});

describe('createOpenAIProvider non-streamed calls without the SDK', () => {
  const key = 'sk-test-openai-0000000000000000';
  // The same calls through the openai SDK: a host's own client takes that path.
  const throughSdk = createOpenAIProvider({ client: new OpenAI({ apiKey: key, baseURL: server.openaiBaseURL, maxRetries: 0 }), model: openAIModels.seed });
  afterEach(() => vi.unstubAllGlobals());

  const outcome = async (provider: typeof openai, response: FakeResponse): Promise<Record<string, unknown>> => {
    server.enqueue(response);
    const error = (await provider.generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(ProviderError.isInstance(error)).toBe(true);
    const requestId = server.requests.at(-1)!.requestId;
    return { kind: error.kind, retryable: error.retryable, status: error.status, retryAfterMs: error.retryAfterMs, message: error.message, ownRequestId: error.requestId === requestId };
  };

  it.each(rows)('maps $name exactly as the SDK path does', async (row) => {
    const direct = await outcome(openai, row.response);
    const sdk = await outcome(throughSdk, row.response);
    expect(direct).toEqual(sdk);
    expect(direct).toMatchObject({ kind: row.kind, ownRequestId: true });
  });

  it.each([
    ['a 502 proxy page (not JSON)', fake.http(502, '<html>Bad gateway</html>'), 'server', 502],
    ['a 404 in plain text', fake.http(404, 'Not Found'), 'invalid_request', 404],
    ['a 400 whose JSON has no error field', fake.http(400, { detail: 'max_tokens is too large' }), 'invalid_request', 400],
    ['a 500 with no body', fake.http(500), 'server', 500],
  ] as const)('maps %s by its status and body', async (_name, response, kind, status) => {
    server.enqueue(response);
    const error = (await openai.generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(error).toMatchObject({ kind, status, providerId: 'openai' });
    expect(error.message).toMatch(new RegExp(`^OpenAI answered ${status}`));
  });

  it('keeps a body in another shape for the message (the SDK keeps only `error`)', async () => {
    server.enqueue(fake.http(400, { detail: 'max_tokens is too large' }));
    const error = (await openai.generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(error.message).toContain('max_tokens is too large');
  });

  it('maps an error response whose body cannot be read by its status alone', async () => {
    const unreadable: typeof fetch = () =>
      Promise.resolve(
        new Response(new ReadableStream({ start: (controller) => controller.error(new Error('socket closed while reading')) }), {
          status: 503,
          headers: { 'x-request-id': 'req_unreadable' },
        }),
      );
    const provider = createOpenAIProvider({ apiKey: key, baseURL: server.openaiBaseURL, fetch: unreadable });
    const error = (await provider.generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'overloaded', status: 503, retryable: true, requestId: 'req_unreadable' });
    expect(error.message).toMatch(/^OpenAI answered 503/);
  });

  it('fails a 200 whose body is not JSON with a typed error, not a crash', async () => {
    server.enqueue(fake.http(200, 'upstream says hi'));
    const error = (await openai.generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'server', providerId: 'openai' });
  });

  it.each([
    ['cut before the answer', fake.reset()],
    ['cut mid-body', fake.truncate('Half an answer', 'destroy')],
  ] as const)('maps a connection %s to kind network, as the SDK path does', async (_name, response) => {
    const direct = await outcome(openai, response);
    expect(direct).toMatchObject({ kind: 'network', retryable: true });
    expect(direct.kind).toBe((await outcome(throughSdk, response)).kind);
  });

  it('sends through the `fetch` option, and otherwise through globalThis.fetch read per call', async () => {
    const seen: string[] = [];
    const ownFetch: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    const viaOption = createOpenAIProvider({ apiKey: key, baseURL: server.openaiBaseURL, fetch: ownFetch });
    await viaOption.generate(ask);
    expect(seen).toEqual([`${server.openaiBaseURL}/chat/completions`]);

    const realFetch = globalThis.fetch;
    const stubbed = vi.fn((input: Parameters<typeof fetch>[0], init?: RequestInit) => realFetch(input, init));
    vi.stubGlobal('fetch', stubbed);
    await openai.generate(ask);
    expect(stubbed).toHaveBeenCalledTimes(1);
  });

  it('never puts the API key in an error, whatever the server echoes', async () => {
    server.enqueue(fake.http(401, { error: { message: `Incorrect API key provided: ${key}`, type: 'invalid_request_error', code: 'invalid_api_key' } }));
    const error = (await openai.generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('auth');
    const seen = JSON.stringify({ message: error.message, stack: error.stack, cause: String((error.cause as Error | undefined)?.message), causeStack: (error.cause as Error | undefined)?.stack });
    expect(seen).not.toContain(key);
  });
});
