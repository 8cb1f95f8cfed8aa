import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redis, redisUrl } from '../../../test/support/services.js';
import type { RateLimiter } from '../../providers/resilience/rate-limiter.js';
import { createRedisRateLimiter } from './rate-limiter.js';

const runId = `crmkit-test-ratelimit-${process.pid}-${Date.now()}`;

describe.skipIf(!redis.available)('createRedisRateLimiter (real Redis)', () => {
  const client = redis.available ? new Redis(redisUrl) : undefined;
  const opened: { disconnect(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((limiter) => limiter.disconnect()));
    const keys = await client!.keys(`b_${runId}*`);
    if (keys.length > 0) await client!.del(...keys);
    client?.disconnect();
  });

  const open = async (key: string, extra: { requestsPerMinute?: number; maxConcurrent?: number } = {}): Promise<RateLimiter> => {
    const limiter = await createRedisRateLimiter({ client: client!, key, windowMs: 5_000, maxQueueWaitMs: 20_000, ...extra });
    opened.push(limiter);
    return limiter;
  };

  it('three clients sharing one limit of R requests per window admit at most R per window', async () => {
    const key = `${runId}-shared`;
    const R = 5;
    const limiters = [await open(key, { requestsPerMinute: R }), await open(key, { requestsPerMinute: R }), await open(key, { requestsPerMinute: R })];
    const startedAt = Date.now();
    const admittedAt: number[] = [];
    const controller = new AbortController();
    const calls = limiters.flatMap((limiter) =>
      Array.from({ length: 6 }, () =>
        limiter.acquire({ tokens: 0 }, { signal: controller.signal }).then(
          (lease) => {
            admittedAt.push(Date.now() - startedAt);
            lease.release();
          },
          () => undefined,
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    // Within the first window, across all three processes' worth of clients: exactly R at most.
    expect(admittedAt.length).toBeLessThanOrEqual(R);
    expect(admittedAt.length).toBeGreaterThan(0);
    controller.abort();
    await Promise.all(calls);
    expect(admittedAt.length).toBeLessThanOrEqual(R);
  });

  it('refuses at once with rate_limited when the window is exhausted beyond maxQueueWaitMs', async () => {
    const limiter = await open(`${runId}-refuse`, { requestsPerMinute: 2 });
    (await limiter.acquire({ tokens: 0 })).release();
    (await limiter.acquire({ tokens: 0 })).release();
    const startedAt = Date.now();
    await expect(limiter.acquire({ tokens: 0 }, { maxQueueWaitMs: 100 })).rejects.toMatchObject({ kind: 'rate_limited', retryable: false });
    expect(Date.now() - startedAt).toBeLessThan(4_000);
  });

  it('counts the queue wait against the call’s deadline (remainingMs caps maxQueueWaitMs)', async () => {
    const limiter = await open(`${runId}-deadline`, { requestsPerMinute: 1 });
    (await limiter.acquire({ tokens: 0 })).release();
    // maxQueueWaitMs (20 s) would queue the call for the rest of the 5 s window; 50 ms to the deadline refuses it now.
    const startedAt = Date.now();
    const refused = await limiter.acquire({ tokens: 0 }, { remainingMs: 50 }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ kind: 'rate_limited', retryable: false });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(50);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('an abort withdraws a call queued for a cluster-wide concurrency slot', async () => {
    const limiter = await open(`${runId}-abort`, { maxConcurrent: 1 });
    const held = await limiter.acquire({ tokens: 0 });
    const controller = new AbortController();
    const queued = limiter.acquire({ tokens: 0 }, { signal: controller.signal });
    queued.catch(() => undefined);
    controller.abort();
    await expect(queued).rejects.toMatchObject({ kind: 'aborted' });
    held.release();
    const next = await limiter.acquire({ tokens: 0 });
    next.release();
  });
});
