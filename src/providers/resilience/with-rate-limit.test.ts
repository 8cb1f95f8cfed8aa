import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors.js';
import { createMockProvider } from '../../testing/mock-provider.js';
import { createFallbackChain } from './create-fallback-chain.js';
import type { RateLimiter } from '../../core/rate-limit/rate-limiter.js';
import { withRateLimit } from './with-rate-limit.js';
import { withRetry } from './with-retry.js';

/** A limiter whose shared store is down and that fails closed, as the Redis one does. */
const failingClosed: RateLimiter = {
  weighsTokens: false,
  acquire: () => Promise.reject(new ProviderError('Redis rate limiter "openai" cannot reach Redis; refused', { kind: 'network', retryable: false })),
};

describe('withRateLimit when the limiter itself fails', () => {
  it("turns the limiter's failure into this provider's error, keeping its kind, and the chain moves on at once", async () => {
    const openai = withRateLimit(withRetry(createMockProvider({ id: 'openai', reply: 'from openai' }), { sleep: async () => undefined }), { limiter: failingClosed });
    const error = await openai.generate({ messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ProviderError', kind: 'network', retryable: false, providerId: 'openai' });
    const chain = createFallbackChain([openai, createMockProvider({ id: 'anthropic', reply: 'from anthropic' })]);
    const startedAt = performance.now();
    const result = await chain.generate({ messages: [{ role: 'user', content: 'hi' }] });
    expect(result.provider).toBe('anthropic');
    expect(result.attempts.map((attempt) => [attempt.provider, attempt.kind ?? 'ok'])).toEqual([
      ['openai', 'network'],
      ['anthropic', 'ok'],
    ]);
    expect(performance.now() - startedAt).toBeLessThan(1_000);
  });
});
