import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors.js';
import type { ProviderErrorKind } from '../../core/errors.js';
import { createFakeProviderServer, fake } from '../../testing/fake-provider-server/index.js';
import type { FakeResponse } from '../../testing/fake-provider-server/index.js';
import { createHuggingFaceProvider, huggingFaceModels } from './index.js';

const server = await createFakeProviderServer();
afterAll(() => server.close());
beforeEach(() => server.reset());

const token = 'hf_testtoken000000000000000000';
const router = createHuggingFaceProvider({ apiKey: token, baseURL: server.huggingfaceBaseURL, model: huggingFaceModels.seed });
const ask = { messages: [{ role: 'user' as const, content: 'Who needs a follow-up today?' }] };

interface Row {
  readonly name: string;
  readonly response: FakeResponse;
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly message?: RegExp;
}

const rows: readonly Row[] = [
  { name: '{"error":"…"} body', response: fake.fault('server', { huggingfaceShape: 'error' }), kind: 'server', retryable: true, status: 500, message: /Internal Server Error/ },
  { name: '{"error":{"message"}} body', response: fake.fault('server', { huggingfaceShape: 'error_object' }), kind: 'server', retryable: true, status: 500, message: /Internal Server Error/ },
  { name: '{"message"} body', response: fake.fault('server', { huggingfaceShape: 'message' }), kind: 'server', retryable: true, status: 500, message: /Internal Server Error/ },
  { name: '{"detail"} body', response: fake.fault('auth', { huggingfaceShape: 'detail' }), kind: 'auth', retryable: false, status: 401, message: /Invalid credentials/ },
  { name: '503 currently loading + estimated_time', response: fake.fault('model_loading', { estimatedTimeSeconds: 20 }), kind: 'overloaded', retryable: true, retryAfterMs: 20_000, status: 503, message: /currently loading/ },
  { name: '503 loading + retry-after wins over estimated_time', response: fake.fault('model_loading', { estimatedTimeSeconds: 20, retryAfterSeconds: 3 }), kind: 'overloaded', retryable: true, retryAfterMs: 3000, status: 503 },
  { name: '402 credits exhausted', response: fake.fault('quota_exhausted'), kind: 'quota_exhausted', retryable: false, retryAfterMs: undefined, status: 402 },
  { name: '429 + retry-after: 5', response: fake.fault('rate_limited', { retryAfterSeconds: 5 }), kind: 'rate_limited', retryable: true, retryAfterMs: 5000, status: 429 },
  { name: '422 input validation (too many tokens)', response: fake.fault('context_length'), kind: 'context_length', retryable: false, status: 422 },
  { name: '400 validation', response: fake.fault('invalid_request'), kind: 'invalid_request', retryable: false, status: 400 },
  { name: '401', response: fake.fault('auth'), kind: 'auth', retryable: false, status: 401 },
  { name: '503 overloaded', response: fake.fault('overloaded'), kind: 'overloaded', retryable: true, status: 503 },
  { name: '404 text/plain', response: fake.http(404, 'Not Found'), kind: 'invalid_request', retryable: false, status: 404 },
];

describe('createHuggingFaceProvider error mapping (through @huggingface/inference)', () => {
  describe.each([
    ['generate', (provider: typeof router) => provider.generate(ask)],
    ['stream', (provider: typeof router) => provider.stream(ask).result],
  ] as const)('%s', (_method, call) => {
    it.each(rows)('$name → $kind', async (row) => {
      server.enqueue(row.response);
      const error = await call(router).catch((caught: unknown) => caught);
      expect(ProviderError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ kind: row.kind, retryable: row.retryable, status: row.status, providerId: 'huggingface' });
      if ('retryAfterMs' in row) expect((error as ProviderError).retryAfterMs).toBe(row.retryAfterMs);
      if (row.message) expect((error as ProviderError).message).toMatch(row.message);
    });
  });

  it.each([
    ['overloaded', 'overloaded'],
    ['context_length', 'context_length'],
    ['server', 'server'],
  ] as const)('maps a mid-stream error event %s to %s', async (fault, kind) => {
    server.enqueue(fake.streamError(fault, { text: 'Member ' }));
    const error = (await router.stream(ask).result.catch((caught: unknown) => caught)) as ProviderError;
    expect(error).toMatchObject({ kind, partialText: 'Member ', status: undefined });
  });

  it('does not retry a 503 inside the SDK (retry_on_error: false)', async () => {
    server.enqueue(fake.fault('model_loading'), fake.reply('never reached'));
    await expect(router.generate(ask)).rejects.toMatchObject({ kind: 'overloaded' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('createHuggingFaceProvider requests', () => {
  it('uses seed 000 defaults: Mistral-7B-Instruct-v0.2, max_tokens 500, temperature 0.7, top_p 0.9', async () => {
    const result = await router.generate(ask);
    expect(server.requests[0]!.path).toBe('/huggingface/v1/chat/completions');
    expect(server.requests[0]!.body).toMatchObject({
      model: 'mistralai/Mistral-7B-Instruct-v0.2',
      messages: ask.messages,
      max_tokens: 500,
      temperature: 0.7,
      top_p: 0.9,
    });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer [REDACTED]');
    expect(result.requestId).toBe(server.requests[0]!.requestId);
    expect(router.contextWindow).toBe(32_768);
  });

  it('calls a dedicated Inference Endpoint by its URL', async () => {
    const endpoint = createHuggingFaceProvider({ apiKey: token, endpointUrl: server.huggingfaceEndpointURL, model: 'meta-llama/Llama-3.2-3B-Instruct' });
    server.enqueue(fake.reply('From the endpoint'), fake.reply('', { chunks: ['From ', 'the ', 'stream'] }));
    expect((await endpoint.generate(ask)).text).toBe('From the endpoint');
    expect(await endpoint.stream(ask).text).toBe('From the stream');
    expect(server.requests.map((request) => request.path)).toEqual([
      '/huggingface/endpoints/fake-endpoint/v1/chat/completions',
      '/huggingface/endpoints/fake-endpoint/v1/chat/completions',
    ]);
    expect(endpoint.contextWindow).toBe(131_072);
  });

  it('request values override the defaults', async () => {
    await router.generate({ ...ask, maxOutputTokens: 64, temperature: 0, topP: 0.5 });
    expect(server.requests[0]!.body).toMatchObject({ max_tokens: 64, temperature: 0, top_p: 0.5 });
  });
});
