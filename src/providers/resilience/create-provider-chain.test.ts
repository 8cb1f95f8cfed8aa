import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError, ValidationError } from '../../core/errors.js';
import type { Provider } from '../../core/types.js';
import { createFakeProviderServer, fake, type FakeProviderServer } from '../../testing/fake-provider-server/index.js';
import { createMockProvider } from '../../testing/mock-provider.js';
import { createProviderChain, type VendorFactory } from './create-provider-chain.js';
import { createProviderChainFromEnv } from './create-provider-chain-from-env.js';
import type { ResilienceEvent } from './resilience-event.js';
import type { RetrySettings } from './with-retry.js';

const ask = { messages: [{ role: 'user' as const, content: 'Where is order #54321?' }] };
const failure = (promise: Promise<unknown>): Promise<ProviderError> => promise.then(() => expect.fail('expected a failure'), (error: unknown) => error as ProviderError);
import { abortError } from '../../core/abort.js';
import type { Sleep } from '../../core/clock.js';

/**
 * Backoff waits (short) pass at once and are recorded; timers of 10 s and more (timeouts, the
 * deadline) never fire unless aborted — the tests below are about everything but those.
 */
function backoffOnly(delays: number[] = []): Sleep {
  return (ms, signal) => {
    if (ms < 10_000) {
      delays.push(ms);
      return Promise.resolve();
    }
    return new Promise<void>((_, reject) => signal?.addEventListener('abort', () => reject(abortError(signal)), { once: true }));
  };
}
const noWait = { sleep: backoffOnly(), random: () => 0 };

function recordingFactories(): { factories: Record<'openai' | 'anthropic' | 'huggingface', VendorFactory>; built: Record<string, unknown>[] } {
  const built: Record<string, unknown>[] = [];
  const make = (vendor: string): VendorFactory => (options) => {
    built.push({ vendor, ...options });
    return createMockProvider({ id: (options.id as string | undefined) ?? vendor, model: options.model as string, reply: `from ${vendor}` });
  };
  return { factories: { openai: make('openai'), anthropic: make('anthropic'), huggingface: make('huggingface') }, built };
}

describe('createProviderChain', () => {
  it('lists every configuration problem at once, with paths', async () => {
    const error = await createProviderChain({
      providers: [
        { type: 'openai' },
        { type: 'custom' },
        { type: 'anthropic', apiKey: 'k', retry: { maxAttempts: 0 }, rateLimit: { requestsPerMinute: -5 } },
      ],
      deadlineMs: -1,
    }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    const paths = (error as ValidationError).issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['providers[0].apiKey', 'providers[1].provider', 'deadlineMs']));
    // zod 4.1+ names the field inside `retry: settings | false`; zod 4.0 (zod 3.25's `zod/v4`,
    // CRMKIT_PEERS=oldest) stops at the union itself.
    for (const expected of ['providers[2].retry.maxAttempts', 'providers[2].rateLimit.requestsPerMinute']) {
      expect(paths.some((path) => expected === path || expected.startsWith(`${path}.`)), `${expected} in ${paths.join(', ')}`).toBe(true);
    }
  });

  it('never puts an API key in a validation message', async () => {
    const error = (await createProviderChain({ providers: [{ type: 'openai', apiKey: 'sk-live-abcdefghijklmnopqrstuvwxyz123456', baseURL: 'not a url' }] }).catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toContain('sk-live-abcdefghijklmnopqrstuvwxyz123456');
  });

  it('stacks retry, breaker, rate limit and fallback over custom providers', async () => {
    const events: ResilienceEvent[] = [];
    const primary = createMockProvider({ id: 'primary', script: [{ fail: 'server' }, { fail: 'server' }], reply: { fail: 'auth' } });
    const secondary = createMockProvider({ id: 'secondary', reply: 'Shipped.' });
    const chain = await createProviderChain({
      providers: [
        { type: 'custom', provider: primary, retry: { maxAttempts: 2, inPlace: 'always' } },
        { type: 'custom', provider: secondary, rateLimit: { requestsPerMinute: 100 } },
      ],
      ...noWait,
      onEvent: (event) => events.push(event),
    });
    const result = await chain.generate(ask);
    expect(result.provider).toBe('secondary');
    expect(result.attempts.map((attempt) => attempt.kind ?? 'ok')).toEqual(['server', 'server', 'ok']);
    expect(events.map((event) => event.type)).toEqual(['attempt', 'retry', 'attempt', 'fallback', 'attempt', 'success']);
    // Next call: primary fails with auth, which opens its circuit at once; after that it is skipped instantly.
    await chain.generate(ask);
    await chain.generate(ask);
    expect(primary.calls).toHaveLength(3);
  });

  it('builds vendors through their factories with the key, model and timeouts', async () => {
    const { factories, built } = recordingFactories();
    const chain = await createProviderChain({ providers: [{ type: 'openai', apiKey: 'sk-test', model: 'gpt-4o-mini', timeoutMs: 5_000 }], factories });
    expect(built[0]).toMatchObject({ vendor: 'openai', apiKey: 'sk-test', model: 'gpt-4o-mini', timeoutMs: 5_000, idleTimeoutMs: 10_000 });
    expect((await chain.generate(ask)).text).toBe('from openai');
  });
});

describe('createProviderChainFromEnv', () => {
  it('uses the current default models and orders by AI_DEFAULT_PROVIDER', async () => {
    const { factories, built } = recordingFactories();
    const chain = await createProviderChainFromEnv(
      { OPENAI_API_KEY: 'sk-o', ANTHROPIC_API_KEY: 'sk-a', HF_TOKEN: 'hf_x', AI_DEFAULT_PROVIDER: 'huggingface' },
      { factories },
    );
    expect(built.map((options) => options.vendor)).toEqual(['huggingface', 'openai', 'anthropic']);
    expect(built[0]).toMatchObject({ model: 'meta-llama/Llama-3.1-8B-Instruct', baseURL: 'https://router.huggingface.co/v1', apiKey: 'hf_x' });
    expect(built[1]).toMatchObject({ model: 'gpt-4.1-mini' });
    expect(built[2]).toMatchObject({ model: 'claude-haiku-4-5' });
    expect(chain.id).toBe('huggingface');
  });

  it('leaves Hugging Face out when HF_ENABLED is false, and reads HF_MODEL / HF_API_BASE_URL', async () => {
    const first = recordingFactories();
    await createProviderChainFromEnv({ OPENAI_API_KEY: 'sk-o', HF_TOKEN: 'hf_x', HF_ENABLED: 'False' }, { factories: first.factories });
    expect(first.built.map((options) => options.vendor)).toEqual(['openai']);
    const second = recordingFactories();
    await createProviderChainFromEnv({ HF_TOKEN: 'hf_x', HF_MODEL: 'meta-llama/Llama-3.2-3B-Instruct', HF_API_BASE_URL: 'https://example.test/v1' }, { factories: second.factories });
    expect(second.built[0]).toMatchObject({ model: 'meta-llama/Llama-3.2-3B-Instruct', baseURL: 'https://example.test/v1' });
  });

  it('lists every environment problem without echoing keys', async () => {
    const error = (await createProviderChainFromEnv({ OPENAI_API_KEY: 'sk-secret-value-1234567890', AI_DEFAULT_PROVIDER: 'anthropic', HF_ENABLED: 'maybe' }).catch((caught: unknown) => caught)) as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual(['HF_ENABLED', 'ANTHROPIC_API_KEY']);
    expect(error.message).not.toContain('sk-secret');
    const unknown = (await createProviderChainFromEnv({ AI_DEFAULT_PROVIDER: 'gemini' }).catch((caught: unknown) => caught)) as ValidationError;
    expect(unknown.issues.map((issue) => issue.path)).toEqual(['AI_DEFAULT_PROVIDER']);
  });

  it('with no key at all, answers from the fallback responder, marked degraded', async () => {
    const chain = await createProviderChainFromEnv({}, { fallback: createMockProvider({ id: 'rules', reply: 'Rule-based answer' }) });
    expect(await chain.generate(ask)).toMatchObject({ text: 'Rule-based answer', degraded: true, degradedReason: expect.stringContaining('no model provider is configured') });
  });

  it('starts with HF_ENABLED=False and no other key (seed 000): the fallback answers and degradedReason says why', async () => {
    const env = { HF_TOKEN: 'hf_secret_token_value', HF_ENABLED: 'False' };
    const chain = await createProviderChainFromEnv(env, { fallback: createMockProvider({ id: 'rules', reply: 'Rule-based answer' }) });
    const result = await chain.generate(ask);
    expect(result).toMatchObject({ text: 'Rule-based answer', degraded: true });
    expect(result.degradedReason).toContain('HF_ENABLED is false');
    const stream = chain.stream(ask);
    let streamed = '';
    for await (const delta of stream) streamed += delta;
    expect(streamed).toBe('Rule-based answer');
    expect((await stream.result).degradedReason).toContain('HF_ENABLED is false');
  });

  it('without a fallback and no model enabled, starts; a direct call rejects naming the fix, never the token', async () => {
    const chain = await createProviderChainFromEnv({ HF_TOKEN: 'hf_secret_token_value', HF_ENABLED: 'no' });
    const error = await failure(chain.generate(ask));
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('HF_ENABLED is false');
    expect(error.message).toContain('createRuleBasedResponder');
    expect(error.message).not.toContain('hf_secret');
  });
});

describe('createProviderChain against the fake server (real vendor providers)', () => {
  let server: FakeProviderServer;
  beforeAll(async () => {
    server = await createFakeProviderServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  const threeVendors = async (overrides: { retry?: RetrySettings; sleep?: Sleep } = {}): Promise<Provider> =>
    createProviderChain({
      providers: [
        { type: 'openai', apiKey: 'sk-test', baseURL: server.openaiBaseURL, retry: overrides.retry ?? { maxAttempts: 2 } },
        { type: 'anthropic', apiKey: 'sk-ant-test', baseURL: server.anthropicBaseURL, retry: overrides.retry ?? { maxAttempts: 2 } },
        { type: 'huggingface', apiKey: 'hf_test', baseURL: server.huggingfaceBaseURL, retry: overrides.retry ?? { maxAttempts: 2 } },
      ],
      sleep: overrides.sleep ?? backoffOnly(),
      random: () => 0,
    });

  describe('default settings: fail over fast while another model link remains', () => {
    // Every link with its default retry settings (3 attempts, inPlace 'auto', shortRetryAfterMs 1 s).
    const defaults = async (waits: number[], retry?: RetrySettings): Promise<Provider> =>
      createProviderChain({
        providers: [
          { type: 'openai', apiKey: 'sk-test', baseURL: server.openaiBaseURL, ...(retry ? { retry } : {}) },
          { type: 'anthropic', apiKey: 'sk-ant-test', baseURL: server.anthropicBaseURL, ...(retry ? { retry } : {}) },
        ],
        sleep: backoffOnly(waits),
        random: () => 0,
      });

    it.each(['server', 'overloaded'] as const)('a primary %s is answered by the fallback without any retry sleep', async (fault) => {
      const waits: number[] = [];
      const chain = await defaults(waits);
      server.enqueue(fake.fault(fault), fake.reply('from anthropic'));
      const result = await chain.generate(ask);
      expect(result).toMatchObject({ text: 'from anthropic', provider: 'anthropic' });
      expect(result.attempts.map((attempt) => [attempt.provider, attempt.kind])).toEqual([
        ['openai', fault],
        ['anthropic', undefined],
      ]);
      expect(waits).toEqual([]);
      expect(server.requests.map((request) => request.vendor)).toEqual(['openai', 'anthropic']);
    });

    it('a stream whose primary answers 503 is answered by the fallback without any retry sleep', async () => {
      const waits: number[] = [];
      const chain = await defaults(waits);
      server.enqueue(fake.fault('server'), fake.reply('Your order shipped.', { chunks: ['Your order ', 'shipped.'] }));
      const stream = chain.stream(ask);
      let text = '';
      for await (const delta of stream) text += delta;
      expect(text).toBe('Your order shipped.');
      expect((await stream.result).provider).toBe('anthropic');
      expect(waits).toEqual([]);
    });

    it('the last model link still retries in place with backoff', async () => {
      const waits: number[] = [];
      const chain = await defaults(waits);
      server.enqueue(fake.fault('server'), fake.fault('server'), fake.fault('server'), fake.reply('third time lucky'));
      const result = await chain.generate(ask);
      expect(result).toMatchObject({ text: 'third time lucky', provider: 'anthropic' });
      expect(result.attempts.map((attempt) => `${attempt.provider}:${attempt.kind ?? 'ok'}`)).toEqual(['openai:server', 'anthropic:server', 'anthropic:server', 'anthropic:ok']);
      expect(waits).toEqual([500, 1_000]);
    });

    it('a 429 asking for a short wait (≤ 1 s) is retried in place; a longer one fails over at once', async () => {
      const waits: number[] = [];
      const chain = await defaults(waits);
      server.enqueue(fake.fault('rate_limited', { retryAfterSeconds: 1 }), fake.reply('from openai after 1 s'));
      expect(await chain.generate(ask)).toMatchObject({ text: 'from openai after 1 s', provider: 'openai' });
      expect(waits).toEqual([1_000]);

      waits.length = 0;
      server.enqueue(fake.fault('rate_limited', { retryAfterSeconds: 2 }), fake.reply('from anthropic'));
      expect(await chain.generate(ask)).toMatchObject({ text: 'from anthropic', provider: 'anthropic' });
      expect(waits).toEqual([]);
    });

    it("`retry: { inPlace: 'always' }` restores retrying the primary before failing over", async () => {
      const waits: number[] = [];
      const chain = await defaults(waits, { inPlace: 'always' });
      server.enqueue(fake.fault('server'), fake.fault('server'), fake.fault('server'), fake.reply('from anthropic'));
      const result = await chain.generate(ask);
      expect(result.attempts.map((attempt) => `${attempt.provider}:${attempt.kind ?? 'ok'}`)).toEqual(['openai:server', 'openai:server', 'openai:server', 'anthropic:ok']);
      expect(waits).toEqual([500, 1_000]);
    });
  });

  it('waits at least the server Retry-After and at most the cap, then moves on past the cap', async () => {
    const delays: number[] = [];
    const chain = await threeVendors({ retry: { maxAttempts: 3, maxRetryAfterMs: 5_000, inPlace: 'always' }, sleep: backoffOnly(delays) });
    server.enqueue(fake.fault('rate_limited', { retryAfterSeconds: 2 }), fake.reply('after the wait'));
    const result = await chain.generate(ask);
    expect(result.text).toBe('after the wait');
    expect(delays).toEqual([2_000]);

    delays.length = 0;
    server.enqueue(fake.fault('rate_limited', { retryAfterSeconds: 120 }), fake.reply('from anthropic'));
    const moved = await chain.generate(ask);
    expect(moved.provider).toBe('anthropic');
    expect(delays).toEqual([]);
  });

  it('a cold model does not stall the chain: its 20 s load estimate moves the call on at once', async () => {
    // Short waits are recorded; a long one (the 20 s sleep, or the 30 s deadline) never ends.
    const waits: number[] = [];
    // Default retry settings (maxRetryAfterMs 20 s): an OpenAI-compatible link on the HF router, then Anthropic.
    const chain = await createProviderChain({
      providers: [
        { type: 'openai', apiKey: 'hf_test', baseURL: server.openaiBaseURL, model: 'meta-llama/Llama-3.1-8B-Instruct' },
        { type: 'anthropic', apiKey: 'sk-ant-test', baseURL: server.anthropicBaseURL },
      ],
      sleep: backoffOnly(waits),
    });
    server.enqueue(fake.recorded('hf-router-loading'), fake.reply('Answered by the warm model.'));
    const result = await chain.generate(ask);
    expect(result).toMatchObject({ text: 'Answered by the warm model.', provider: 'anthropic' });
    expect(result.attempts.map((attempt) => [attempt.provider, attempt.kind, attempt.retryAfterMs])).toEqual([
      ['openai', 'overloaded', 20_000],
      ['anthropic', undefined, undefined],
    ]);
    expect(waits).toEqual([]);
  });

  it('a chain failing everywhere reports every link: [openai 401, anthropic 529, huggingface 402]', async () => {
    const chain = await threeVendors({ retry: { maxAttempts: 1 } });
    server.enqueue(fake.fault('auth'), fake.fault('overloaded', { retryAfterSeconds: 7 }), fake.fault('quota_exhausted'));
    const error = await failure(chain.generate(ask));
    expect(error).toMatchObject({ kind: 'overloaded', retryable: true, retryAfterMs: 7_000, status: 529, providerId: 'anthropic' });
    expect(error.message).toContain('openai: auth; anthropic: overloaded; huggingface: quota_exhausted');
    expect(error.attempts.map((attempt) => [attempt.error?.providerId, attempt.error?.kind, attempt.error?.status])).toEqual([
      ['openai', 'auth', 401],
      ['anthropic', 'overloaded', 529],
      ['huggingface', 'quota_exhausted', 402],
    ]);
  });

  it.each(['auth', 'quota_exhausted', 'invalid_request', 'context_length', 'content_filter'] as const)('never retries %s in any vendor format', async (fault) => {
    const chain = await threeVendors({ retry: { maxAttempts: 5 } });
    server.script(() => fake.fault(fault));
    await chain.generate(ask).catch(() => undefined);
    const perVendor = server.requests.reduce<Record<string, number>>((counts, request) => ({ ...counts, [request.vendor]: (counts[request.vendor] ?? 0) + 1 }), {});
    for (const count of Object.values(perVendor)) expect(count).toBe(1);
  });

  it('never makes more attempts than configured, across all three formats', async () => {
    const chain = await threeVendors({ retry: { maxAttempts: 3, inPlace: 'always' } });
    server.script(() => fake.fault('server'));
    const error = await failure(chain.generate(ask));
    expect(error.kind).toBe('server');
    expect(server.requests).toHaveLength(9);
    expect(error.attempts).toHaveLength(9);
    expect(new Set(server.requests.map((request) => request.vendor))).toEqual(new Set(['openai', 'anthropic', 'huggingface']));
  });

  it('a stream that fails before its first delta is answered by the next provider', async () => {
    const chain = await threeVendors({ retry: { maxAttempts: 1 } });
    server.enqueue(fake.fault('overloaded'), fake.reply('Your order shipped.', { chunks: ['Your order ', 'shipped.'] }));
    const stream = chain.stream(ask);
    let text = '';
    for await (const delta of stream) text += delta;
    expect(text).toBe('Your order shipped.');
    expect((await stream.result).provider).toBe('anthropic');
  });

  it('a stream that breaks after its first delta keeps its partial text only', async () => {
    const chain = await threeVendors({ retry: { maxAttempts: 1 } });
    server.enqueue(fake.streamError('server', { text: 'Your order ' }), fake.reply('SECOND'));
    const error = await failure(chain.stream(ask).text);
    expect(error.partialText).toBe('Your order ');
    expect(server.requests).toHaveLength(1);
  });
});
