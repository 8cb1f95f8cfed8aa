import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.js';
import { createMockProvider } from '../../testing/mock-provider.js';
import { createLocalRateLimiter } from './create-local-rate-limiter.js';
import type { ResilienceEvent } from '../../providers/resilience/resilience-event.js';
import { createVirtualTime } from '../../providers/resilience/virtual-time.js';
import { withRateLimit } from '../../providers/resilience/with-rate-limit.js';

const ask = { messages: [{ role: 'user' as const, content: 'Hi' }] };

describe('createLocalRateLimiter', () => {
  it('admits synchronously without timers while uncontended', async () => {
    const time = createVirtualTime();
    const limiter = createLocalRateLimiter({ requestsPerMinute: 100, clock: time.clock, sleep: time.sleep });
    for (let index = 0; index < 100; index++) (await limiter.acquire({ tokens: 0 })).release();
    expect(time.sleeps).toEqual([]);
  });

  it('holds requests per minute: the 61st call waits for the refill', async () => {
    const time = createVirtualTime();
    const limiter = createLocalRateLimiter({ requestsPerMinute: 60, clock: time.clock, sleep: time.sleep, maxQueueWaitMs: 5_000 });
    for (let index = 0; index < 60; index++) (await limiter.acquire({ tokens: 0 })).release();
    let admitted = false;
    const queued = limiter.acquire({ tokens: 0 }).then((lease) => {
      admitted = true;
      return lease;
    });
    await time.advance(999);
    expect(admitted).toBe(false);
    await time.advance(1);
    expect((await queued).waitedMs).toBe(1_000);
  });

  it('refuses at once with rate_limited when the expected wait exceeds maxQueueWaitMs', async () => {
    const time = createVirtualTime();
    const limiter = createLocalRateLimiter({ requestsPerMinute: 60, clock: time.clock, sleep: time.sleep });
    for (let index = 0; index < 60; index++) (await limiter.acquire({ tokens: 0 })).release();
    const error = (await limiter.acquire({ tokens: 0 }, { maxQueueWaitMs: 500 }).catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('rate_limited');
    expect(error.retryable).toBe(false);
    expect(error.retryAfterMs).toBe(1_000);
  });

  it('weighs tokens per minute and refunds the difference to actual usage', async () => {
    const time = createVirtualTime();
    const limiter = createLocalRateLimiter({ tokensPerMinute: 1_000, clock: time.clock, sleep: time.sleep, maxQueueWaitMs: 0 });
    const lease = await limiter.acquire({ tokens: 900 });
    await expect(limiter.acquire({ tokens: 200 })).rejects.toMatchObject({ kind: 'rate_limited' });
    lease.release({ tokens: 100 });
    await expect(limiter.acquire({ tokens: 200 })).resolves.toBeDefined();
  });

  it('caps concurrency and admits the next caller in order when a slot frees', async () => {
    const limiter = createLocalRateLimiter({ maxConcurrent: 2 });
    const first = await limiter.acquire({ tokens: 0 });
    await limiter.acquire({ tokens: 0 });
    const order: string[] = [];
    const third = limiter.acquire({ tokens: 0 }).then(() => order.push('third'));
    const fourth = limiter.acquire({ tokens: 0 }).then(() => order.push('fourth'));
    await Promise.resolve();
    expect(order).toEqual([]);
    first.release();
    await third;
    expect(order).toEqual(['third']);
    void fourth;
  });

  it('refuses a call still queued for a concurrency slot after maxQueueWaitMs', async () => {
    const time = createVirtualTime();
    const limiter = createLocalRateLimiter({ maxConcurrent: 1, maxQueueWaitMs: 1_000, clock: time.clock, sleep: time.sleep });
    await limiter.acquire({ tokens: 0 });
    const queued = limiter.acquire({ tokens: 0 });
    queued.catch(() => undefined);
    await time.advance(1_000);
    await expect(queued).rejects.toMatchObject({ kind: 'rate_limited' });
  });

  it('an abort removes a queued call at once and frees its place', async () => {
    const time = createVirtualTime();
    const limiter = createLocalRateLimiter({ requestsPerMinute: 1, clock: time.clock, sleep: time.sleep, maxQueueWaitMs: 600_000 });
    (await limiter.acquire({ tokens: 0 })).release();
    const controller = new AbortController();
    const queued = limiter.acquire({ tokens: 0 }, { signal: controller.signal });
    queued.catch(() => undefined);
    controller.abort();
    await expect(queued).rejects.toMatchObject({ kind: 'aborted' });
    // The aborted call no longer counts: the next one expects one minute, not two.
    const next = limiter.acquire({ tokens: 0 }, { maxQueueWaitMs: 60_000 });
    next.catch(() => undefined);
    await time.advance(60_000);
    await expect(next).resolves.toBeDefined();
  });

  it('rejects invalid limits with every problem listed', () => {
    expect(() => createLocalRateLimiter({ requestsPerMinute: -1, maxConcurrent: 0 })).toThrow(/requestsPerMinute[\s\S]*maxConcurrent/);
  });
});

describe('withRateLimit', () => {
  it('a refusal fails at once with rate_limited and an event, without reaching the provider', async () => {
    const time = createVirtualTime();
    const events: ResilienceEvent[] = [];
    const mock = createMockProvider({ id: 'openai', reply: 'ok' });
    const limited = withRateLimit(mock, {
      limiter: createLocalRateLimiter({ requestsPerMinute: 1, clock: time.clock, sleep: time.sleep }),
      maxQueueWaitMs: 100,
      onEvent: (event) => events.push(event),
    });
    await limited.generate(ask);
    const error = (await limited.generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(ProviderError.isInstance(error) && error.kind).toBe('rate_limited');
    expect(error.providerId).toBe('openai');
    expect(error.attempts).toHaveLength(1);
    expect(mock.calls).toHaveLength(1);
    expect(events).toMatchObject([{ type: 'rate_limited', provider: 'openai', refused: true }]);
  });

  it('weighs a request by its estimated input plus maxOutputTokens', async () => {
    const requested: number[] = [];
    const limited = withRateLimit(createMockProvider({ reply: 'ok' }), {
      limiter: { weighsTokens: true, acquire: async (request) => (requested.push(request.tokens), { waitedMs: 0, release: () => undefined }) },
    });
    await limited.generate({ ...ask, maxOutputTokens: 100 });
    expect(requested[0]).toBeGreaterThan(100);
    expect(requested[0]).toBeLessThan(120);
  });

  it('an abort cancels a call queued in the limiter', async () => {
    const time = createVirtualTime();
    const mock = createMockProvider({ reply: 'ok' });
    const limited = withRateLimit(mock, { limiter: createLocalRateLimiter({ requestsPerMinute: 1, clock: time.clock, sleep: time.sleep, maxQueueWaitMs: 120_000 }) });
    await limited.generate(ask);
    const controller = new AbortController();
    const queued = limited.generate(ask, { signal: controller.signal });
    queued.catch(() => undefined);
    await time.flush();
    controller.abort();
    await expect(queued).rejects.toMatchObject({ kind: 'aborted' });
    expect(mock.calls).toHaveLength(1);
  });
});
