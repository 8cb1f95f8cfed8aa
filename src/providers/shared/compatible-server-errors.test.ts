import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors.js';
import type { ProviderErrorKind } from '../../core/errors.js';
import type { Provider } from '../../core/types.js';
import { recordedErrors } from '../../testing/fake-provider-server/recorded-errors.js';
import { createFakeProviderServer, fake } from '../../testing/fake-provider-server/index.js';
import type { FakeProviderServer, FakeRecordedErrorName } from '../../testing/fake-provider-server/index.js';
import { createAnthropicProvider } from '../anthropic/index.js';
import { createHuggingFaceProvider } from '../huggingface/index.js';
import { createOpenAIProvider } from '../openai/index.js';

// Every recorded compatible-server error, through the real SDKs over the wire.
const server: FakeProviderServer = await createFakeProviderServer();
afterAll(() => server.close());
beforeEach(() => server.reset());

const ask = { messages: [{ role: 'user' as const, content: 'Where is my order #54321?' }] };

interface Expected {
  readonly kind: ProviderErrorKind;
  readonly retryAfterMs?: number;
  /** Text of the server's message that must reach ours. */
  readonly says: string;
}

const expected: Readonly<Record<FakeRecordedErrorName, Expected>> = {
  'hf-router-loading': { kind: 'overloaded', retryAfterMs: 20_000, says: 'is currently loading' },
  'hf-router-busy': { kind: 'overloaded', says: 'Model too busy' },
  'hf-router-context-length': { kind: 'context_length', says: 'must be <= 4096' },
  'hf-router-credits': { kind: 'quota_exhausted', says: 'monthly included credits' },
  'hf-router-relayed-quota': { kind: 'quota_exhausted', says: 'exceeded your current quota' },
  'vllm-context-length': { kind: 'context_length', says: 'maximum context length is 4096 tokens' },
  'vllm-context-length-nested': { kind: 'context_length', says: 'maximum context length is 4096 tokens' },
  'ollama-context-length': { kind: 'context_length', says: 'the input length exceeds the context length' },
  'ollama-context-length-llamacpp': { kind: 'context_length', says: 'exceeds the available context size (512 tokens)' },
  'ollama-v1-context-length': { kind: 'context_length', says: 'the input length exceeds the context length' },
  'lmstudio-context-length': { kind: 'context_length', says: 'context length of only 4096 tokens' },
  'together-credit-limit': { kind: 'quota_exhausted', says: 'Credit limit exceeded' },
  'together-rate-limited': { kind: 'rate_limited', says: 'You have been rate limited' },
  'groq-context-length': { kind: 'context_length', says: 'reduce the length of the messages' },
  'groq-rate-limited': { kind: 'rate_limited', retryAfterMs: 10_000, says: 'tokens per minute' },
  'openrouter-credits': { kind: 'quota_exhausted', says: 'Insufficient credits' },
  'azure-content-filter': { kind: 'content_filter', says: 'content management policy' },
  'fastapi-detail-list': { kind: 'invalid_request', says: 'body.messages: Field required' },
  'fastapi-detail-string': { kind: 'overloaded', says: 'Model worker is restarting' },
};

const failure = (promise: Promise<unknown>): Promise<ProviderError> =>
  promise.then(
    () => expect.fail('expected a ProviderError'),
    (error: unknown) => (ProviderError.isInstance(error) ? error : expect.fail(`expected a ProviderError, got ${String(error)}`)),
  );

const providers: Readonly<Record<'openai' | 'anthropic' | 'huggingface', () => Provider>> = {
  openai: () => createOpenAIProvider({ apiKey: 'sk-test', baseURL: server.openaiBaseURL, model: 'local-model' }),
  anthropic: () => createAnthropicProvider({ apiKey: 'sk-ant-test', baseURL: server.anthropicBaseURL }),
  huggingface: () => createHuggingFaceProvider({ apiKey: 'hf_test', baseURL: server.huggingfaceBaseURL }),
};

describe('OpenAI-compatible server errors, through the OpenAI provider', () => {
  it('covers every recorded error', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(recordedErrors).sort());
    expect([...fake.recordedNames].sort()).toEqual(Object.keys(recordedErrors).sort());
  });

  it.each(Object.entries(expected) as [FakeRecordedErrorName, Expected][])('%s → %o', async (name, want) => {
    server.enqueue(fake.recorded(name));
    const error = await failure(providers.openai().generate(ask));
    expect(error).toMatchObject({ kind: want.kind, status: recordedErrors[name].status, providerId: 'openai' });
    expect(error.retryable).toBe(['rate_limited', 'overloaded'].includes(want.kind));
    expect(error.retryAfterMs).toBe(want.retryAfterMs);
    expect(error.message).toContain(want.says);
  });

  it('maps the same bodies when the call is a stream', async () => {
    server.enqueue(fake.recorded('hf-router-loading'), fake.recorded('vllm-context-length'));
    const cold = await failure(providers.openai().stream(ask).text);
    expect(cold).toMatchObject({ kind: 'overloaded', retryAfterMs: 20_000 });
    const long = await failure(providers.openai().stream(ask).text);
    expect(long.kind).toBe('context_length');
  });

  it('keeps the error bodies of concurrent calls apart', async () => {
    server.enqueue(fake.recorded('azure-content-filter'), fake.recorded('groq-rate-limited'));
    const openai = providers.openai();
    const [first, second] = await Promise.all([failure(openai.generate(ask)), failure(openai.generate(ask))]);
    expect([first.kind, second.kind].sort()).toEqual(['content_filter', 'rate_limited']);
  });

  it('still reads a body the SDK keeps only in part when the host brings its own fetch', async () => {
    const seen: number[] = [];
    const openai = createOpenAIProvider({
      apiKey: 'sk-test',
      baseURL: server.openaiBaseURL,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        seen.push(response.status);
        return response;
      },
    });
    server.enqueue(fake.recorded('fastapi-detail-string'));
    const error = await failure(openai.generate(ask));
    expect(error.message).toContain('Model worker is restarting');
    expect(seen).toEqual([503]);
  });
});

describe('the same bodies through the Hugging Face and Anthropic providers', () => {
  it.each(['hf-router-loading', 'hf-router-busy', 'hf-router-context-length', 'hf-router-credits', 'hf-router-relayed-quota', 'openrouter-credits', 'fastapi-detail-list'] as const)(
    'Hugging Face: %s',
    async (name) => {
      server.enqueue(fake.recorded(name));
      const error = await failure(providers.huggingface().generate(ask));
      expect(error).toMatchObject({ kind: expected[name].kind, retryAfterMs: expected[name].retryAfterMs, providerId: 'huggingface' });
      expect(error.message).toContain(expected[name].says);
    },
  );

  it.each(['hf-router-relayed-quota', 'together-credit-limit', 'groq-context-length', 'azure-content-filter'] as const)('Anthropic (behind a gateway): %s', async (name) => {
    server.enqueue(fake.recorded(name));
    const error = await failure(providers.anthropic().generate(ask));
    expect(error).toMatchObject({ kind: expected[name].kind, providerId: 'anthropic' });
    expect(error.message).toContain(expected[name].says);
  });
});

describe('quota errors by code, on every provider', () => {
  it.each(['openai', 'anthropic', 'huggingface'] as const)('%s: insufficient_quota is quota_exhausted and not retryable', async (vendor) => {
    // OpenAI's own 429 and the same body relayed to the other two (a gateway, the HF router).
    server.enqueue(vendor === 'openai' ? fake.fault('quota_exhausted') : fake.recorded('hf-router-relayed-quota'));
    const error = await failure(providers[vendor]().generate(ask));
    expect(error).toMatchObject({ kind: 'quota_exhausted', retryable: false, status: 429, retryAfterMs: undefined });
  });

  it('a quota code wins over rate-limit wording and a retry-after header', async () => {
    server.enqueue(
      fake.http(429, { error: { message: 'Rate limit reached, slow down', type: 'insufficient_quota', code: 'insufficient_quota' } }, { 'retry-after': '5' }),
    );
    const error = await failure(providers.huggingface().generate(ask));
    expect(error).toMatchObject({ kind: 'quota_exhausted', retryable: false, retryAfterMs: undefined });
  });
});
