import { describe, expect, it } from 'vitest';
import { abortError } from '../../core/abort.js';
import { ProviderError } from '../../core/errors.js';
import type { CallOptions, ChatRequest, ChatResult, Provider } from '../../core/types.js';
import { createMockProvider } from '../../testing/mock-provider.js';
import { createCallDeadline } from '../shared/create-call-deadline.js';
import { createFallbackChain } from './create-fallback-chain.js';
import { withCircuitBreaker } from './with-circuit-breaker.js';
import { withRetry } from './with-retry.js';
import { withRateLimit } from './with-rate-limit.js';
import { createLocalRateLimiter } from '../../core/rate-limit/create-local-rate-limiter.js';

const ask = { messages: [{ role: 'user' as const, content: 'Where is my order?' }] };

/** A provider that records the options it got and answers at once, declaring deadline support. */
function recordingProvider(honorsDeadline: boolean): Provider & { seen: CallOptions[] } {
  const inner = createMockProvider({ id: 'openai', reply: 'Shipped.' });
  const seen: CallOptions[] = [];
  return {
    id: inner.id,
    model: inner.model,
    contextWindow: inner.contextWindow,
    honorsDeadline,
    seen,
    generate<OBJECT = undefined>(request: ChatRequest<OBJECT>, options: CallOptions = {}): Promise<ChatResult<OBJECT>> {
      seen.push(options);
      return inner.generate(request, options);
    },
    stream(request, options = {}) {
      seen.push(options);
      return inner.stream(request, options);
    },
  };
}

/** A custom provider that ignores `deadline` and settles only when its signal fires. */
const hanging: Provider = {
  id: 'custom',
  model: 'in-house',
  contextWindow: 8_000,
  generate(_request, options = {}) {
    return new Promise((_, reject) => options.signal?.addEventListener('abort', () => reject(abortError(options.signal))));
  },
  stream() {
    throw new Error('not used');
  },
};

describe('CallOptions.deadline', () => {
  it('the chain passes its total deadline down through the wrappers, and the caller’s earlier one wins', async () => {
    const link = recordingProvider(true);
    const chain = createFallbackChain([withRetry(withCircuitBreaker(link))], { deadlineMs: 5_000 });
    expect(chain.honorsDeadline).toBe(true);
    const before = performance.now();
    await chain.generate(ask);
    const passed = link.seen[0]?.deadline as number;
    expect(passed).toBeGreaterThanOrEqual(before + 5_000);
    expect(passed).toBeLessThanOrEqual(performance.now() + 5_000);
    // No timer of the chain's own: the link gets the caller's signal (here none), not a linked one.
    expect(link.seen[0]?.signal).toBeUndefined();

    const earlier = performance.now() + 1_000;
    await chain.generate(ask, { deadline: earlier });
    expect(link.seen[1]?.deadline).toBe(earlier);
  });

  it('withRetry fails with timeout and the attempts so far instead of sleeping past the deadline', async () => {
    const mock = createMockProvider({ id: 'openai', script: [{ fail: 'overloaded' }], reply: 'Shipped.' });
    const sleeps: number[] = [];
    const retrying = withRetry(mock, { minDelayMs: 500, jitter: 0, sleep: async (ms) => void sleeps.push(ms) });
    const error = await retrying.generate(ask, { deadline: performance.now() + 100 }).catch((caught: unknown) => caught);
    expect(ProviderError.isInstance(error) && error.kind).toBe('timeout');
    expect((error as ProviderError).attempts.map((attempt) => attempt.kind)).toEqual(['overloaded']);
    expect(sleeps).toEqual([]);
    expect(mock.calls).toHaveLength(1);
  });

  it('withRetry still retries when the backoff ends before the deadline', async () => {
    const mock = createMockProvider({ id: 'openai', script: [{ fail: 'overloaded' }], reply: 'Shipped.' });
    const retrying = withRetry(mock, { minDelayMs: 500, jitter: 0, sleep: async () => undefined });
    const result = await retrying.generate(ask, { deadline: performance.now() + 60_000 });
    expect(result.text).toBe('Shipped.');
  });

  it('the vendor’s one timer fires at the earlier of timeoutMs and the deadline, as a timeout either way', async () => {
    // Already fired counts too: on a loaded machine the 5 ms can pass before the deadline is armed (it then fires at once).
    const fired = (signal: AbortSignal): Promise<unknown> =>
      signal.aborted ? Promise.resolve(signal.reason) : new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason)));

    const byDeadline = createCallDeadline({ timeoutMs: 60_000, deadline: performance.now() + 5, providerId: 'openai' });
    const first = (await fired(byDeadline.signal)) as ProviderError;
    byDeadline.dispose();
    expect(first.kind).toBe('timeout');
    expect(first.message).toContain('deadline');

    const byTimeout = createCallDeadline({ timeoutMs: 5, deadline: performance.now() + 60_000, providerId: 'openai' });
    const second = (await fired(byTimeout.signal)) as ProviderError;
    byTimeout.dispose();
    expect(second.kind).toBe('timeout');
    expect(second.message).toContain('after 5 ms');

    const past = createCallDeadline({ timeoutMs: 60_000, deadline: performance.now() - 1 });
    expect(past.signal.aborted).toBe(true);
    expect((past.signal.reason as ProviderError).kind).toBe('timeout');
    past.dispose();
  });

  it('a link that ignores `deadline` is still bounded by the chain’s own timer', async () => {
    const degraded = createMockProvider({ id: 'rules', reply: 'A teammate will reply soon.' });
    const chain = createFallbackChain([hanging], { deadlineMs: 20, degraded });
    expect(chain.honorsDeadline).toBeUndefined();
    const result = await chain.generate(ask);
    expect(result.degraded).toBe(true);
    expect(result.degradedReason).toContain('custom: timeout');

    const bare = createFallbackChain([hanging], { deadlineMs: 20 });
    const error = await bare.generate(ask).catch((caught: unknown) => caught);
    expect(ProviderError.isInstance(error) && error.kind).toBe('timeout');
  });

  it('withRateLimit turns a queue wait that would outlast the deadline into timeout, and keeps rate_limited without one', async () => {
    const limiter = createLocalRateLimiter({ requestsPerMinute: 1, maxQueueWaitMs: 120_000 });
    const limited = withRateLimit(createMockProvider({ id: 'openai', reply: 'Shipped.' }), { limiter });
    await limited.generate(ask); // takes the minute's only request
    // The next slot is about a minute away: inside maxQueueWaitMs, but past a deadline 100 ms out.
    await expect(limited.generate(ask, { deadline: performance.now() + 100 })).rejects.toMatchObject({ kind: 'timeout', providerId: 'openai' });
    const strict = withRateLimit(createMockProvider({ id: 'openai', reply: 'Shipped.' }), { limiter, maxQueueWaitMs: 50 });
    await expect(strict.generate(ask)).rejects.toMatchObject({ kind: 'rate_limited', retryable: false });
  });
});
