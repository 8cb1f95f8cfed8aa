import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redis, redisUrl } from '../../../test/support/services.js';
import { createFaultProxy } from '../../testing/adapter-contract/create-fault-proxy.js';
import { AdapterError } from '../adapter-error.js';
import { createRedisRateLimiter, type RedisRateLimiter, type RedisRateLimiterOptions } from './create-redis-rate-limiter.js';

const runId = `crmkit-test-ratelimit-${process.pid}-${Date.now()}`;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const closedPort = 21499; // in this suite's loopback range; nothing listens there

/** The largest total of `weights` admitted in any interval [t, t + windowMs). */
function busiestWindow(admissions: readonly [number, number][], windowMs: number, byWeight: boolean): number {
  const sorted = [...admissions].sort((a, b) => a[0] - b[0]);
  let best = 0;
  let total = 0;
  let start = 0;
  for (const [at, weight] of sorted) {
    total += byWeight ? weight : 1;
    while ((sorted[start]?.[0] ?? at) <= at - windowMs) {
      total -= byWeight ? sorted[start]![1] : 1;
      start++;
    }
    best = Math.max(best, total);
  }
  return best;
}

describe('createRedisRateLimiter without Redis', () => {
  it('fails creation within connectTimeoutMs with a typed error naming the cause (URL to a closed port)', async () => {
    const startedAt = Date.now();
    const error = await createRedisRateLimiter({ url: `redis://127.0.0.1:${closedPort}`, key: 'down', requestsPerMinute: 1, connectTimeoutMs: 1_000 }).catch((caught: unknown) => caught);
    expect(AdapterError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'unavailable', adapter: 'redis-rate-limiter' });
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(Date.now() - startedAt).toBeLessThan(2_500);
  });

  it('fails creation within connectTimeoutMs on a host client that would queue commands while it reconnects', async () => {
    const client = new Redis({ port: closedPort, host: '127.0.0.1' }); // ioredis defaults: offline queue, 20 retries
    client.on('error', () => undefined);
    const startedAt = Date.now();
    try {
      await expect(createRedisRateLimiter({ client, key: 'down', requestsPerMinute: 1, connectTimeoutMs: 300 })).rejects.toMatchObject({ kind: 'timeout', adapter: 'redis-rate-limiter' });
      expect(Date.now() - startedAt).toBeLessThan(1_500);
    } finally {
      client.disconnect();
    }
  });

  it('validates its options, naming the field', async () => {
    await expect(createRedisRateLimiter({ url: redisUrl, key: 'x', whenUnavailable: 'local-share' })).rejects.toThrow(/instances/);
    await expect(createRedisRateLimiter({ key: 'x' } as RedisRateLimiterOptions)).rejects.toThrow(/exactly one of `client` and `url`/);
  });
});

describe.skipIf(!redis.available)('createRedisRateLimiter (real Redis)', () => {
  const client = redis.available ? new Redis(redisUrl) : undefined;
  const opened: RedisRateLimiter[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((limiter) => limiter.disconnect()));
    let cursor = '0';
    do {
      const [next, keys] = await client!.scan(cursor, 'MATCH', `crmkit:rl:{${runId}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client!.del(...keys);
    } while (cursor !== '0');
    client?.disconnect();
  });

  const open = async (key: string, extra: Partial<RedisRateLimiterOptions> = {}): Promise<RedisRateLimiter> => {
    const limiter = await createRedisRateLimiter({ client: client!, key: `${runId}-${key}`, windowMs: 5_000, ...extra });
    opened.push(limiter);
    return limiter;
  };

  it('3 processes sharing R requests and T tokens per window W: no interval of length W admits more than R, or more than T tokens', async () => {
    const windowMs = 2_000;
    const run = async (label: string, limits: { requestsPerMinute?: number; tokensPerMinute?: number }): Promise<{ admissions: [number, number][]; refusals: number }[]> =>
      Promise.all(
        [1, 2, 3].map(async (seed) => {
          const settings = { url: redisUrl, key: `${runId}-${label}`, windowMs, durationMs: 5_000, concurrency: 4, seed, ...limits };
          const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/support/rate-limit-worker.ts'], {
            cwd: root,
            env: { ...process.env, CRMKIT_RATE_LIMIT_WORKER: JSON.stringify(settings) },
            timeout: 30_000,
          });
          return JSON.parse(stdout) as { admissions: [number, number][]; refusals: number };
        }),
      );
    const [requests, tokens] = await Promise.all([run('processes-requests', { requestsPerMinute: 10 }), run('processes-tokens', { tokensPerMinute: 200 })]);
    const admitted = requests.flatMap((result) => result.admissions);
    const weighed = tokens.flatMap((result) => result.admissions);
    // Refused callers were told at once and kept asking; some calls of each run were refused.
    for (const run of [requests, tokens]) expect(run.reduce((sum, result) => sum + result.refusals, 0)).toBeGreaterThan(0);
    expect(busiestWindow(admitted, windowMs, false)).toBeLessThanOrEqual(10);
    expect(busiestWindow(weighed, windowMs, true)).toBeLessThanOrEqual(200);
    // 5 s of demand far above the limit: the limit is used, not starved (≥ 2 full windows' worth).
    expect(admitted.length).toBeGreaterThanOrEqual(20);
    console.info(
      `[rate limit processes] requests: ${admitted.length} admitted, busiest ${windowMs} ms window ${busiestWindow(admitted, windowMs, false)} (R = 10), refused ${requests.reduce((sum, result) => sum + result.refusals, 0)}; tokens: busiest window ${busiestWindow(weighed, windowMs, true)} (T = 200)`,
    );
  }, 60_000);

  it('refuses at once with rate_limited and retryAfterMs when the wait exceeds maxQueueWaitMs', async () => {
    const limiter = await open('refuse', { requestsPerMinute: 2 });
    (await limiter.acquire({ tokens: 0 })).release();
    (await limiter.acquire({ tokens: 0 })).release();
    const startedAt = Date.now();
    const refused = await limiter.acquire({ tokens: 0 }, { maxQueueWaitMs: 100 }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ kind: 'rate_limited', retryable: false });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(4_000);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it('waits for a slot that frees within the bound, then admits', async () => {
    const limiter = await open('wait', { requestsPerMinute: 1, windowMs: 300 });
    (await limiter.acquire({ tokens: 0 })).release();
    const lease = await limiter.acquire({ tokens: 0 }, { maxQueueWaitMs: 1_000 });
    expect(lease.waitedMs).toBeGreaterThan(100);
    expect(lease.waitedMs).toBeLessThan(1_000);
    lease.release();
  });

  it('counts the queue wait against the call’s deadline (remainingMs caps maxQueueWaitMs)', async () => {
    const limiter = await open('deadline', { requestsPerMinute: 1, maxQueueWaitMs: 20_000 });
    (await limiter.acquire({ tokens: 0 })).release();
    const startedAt = Date.now();
    const refused = await limiter.acquire({ tokens: 0 }, { remainingMs: 50 }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ kind: 'rate_limited', retryable: false });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(50);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it('refunds tokens an answer did not use when the lease is released with the actual count', async () => {
    const limiter = await open('refund', { tokensPerMinute: 1_000 });
    (await limiter.acquire({ tokens: 900 })).release({ tokens: 100 });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the release is sent without waiting
    const lease = await limiter.acquire({ tokens: 800 }, { maxQueueWaitMs: 0 });
    lease.release();
  });

  it('an abort withdraws a call waiting for a cluster-wide concurrency slot', async () => {
    const limiter = await open('abort', { maxConcurrent: 1 });
    const held = await limiter.acquire({ tokens: 0 });
    const controller = new AbortController();
    const queued = limiter.acquire({ tokens: 0 }, { signal: controller.signal, maxQueueWaitMs: 5_000 });
    queued.catch(() => undefined);
    setTimeout(() => controller.abort(), 50);
    await expect(queued).rejects.toMatchObject({ kind: 'aborted' });
    held.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    (await limiter.acquire({ tokens: 0 }, { maxQueueWaitMs: 0 })).release();
  });

  describe('when Redis goes away mid-run', () => {
    const withLostRedis = async (extra: Partial<RedisRateLimiterOptions>, body: (limiter: RedisRateLimiter) => Promise<void>): Promise<void> => {
      const proxy = await createFaultProxy({ target: { host: '127.0.0.1', port: 6379 }, port: 21403 });
      const proxied = new Redis({ host: '127.0.0.1', port: proxy.port }); // ioredis defaults: queue and retry 20 times
      proxied.on('error', () => undefined);
      const limiter = await createRedisRateLimiter({ client: proxied, key: `${runId}-lost-${crypto.randomUUID()}`, requestsPerMinute: 1_000, commandTimeoutMs: 200, ...extra });
      try {
        (await limiter.acquire({ tokens: 0 })).release();
        proxy.refuse(); // connections reset, new ones refused: Redis is gone
        await body(limiter);
      } finally {
        await limiter.disconnect();
        proxied.disconnect();
        await proxy.close();
      }
    };

    it("'fail-closed' (default) refuses within commandTimeoutMs with a ProviderError of kind network, then at once", async () => {
      await withLostRedis({}, async (limiter) => {
        let startedAt = Date.now();
        await expect(limiter.acquire({ tokens: 0 }, { maxQueueWaitMs: 2_000 })).rejects.toMatchObject({ name: 'ProviderError', kind: 'network', retryable: false });
        expect(Date.now() - startedAt).toBeLessThan(1_000);
        startedAt = Date.now();
        await expect(limiter.acquire({ tokens: 0 })).rejects.toMatchObject({ kind: 'network' });
        expect(Date.now() - startedAt).toBeLessThan(150);
      });
    });

    it("never holds a call past its deadline, even with a longer commandTimeoutMs", async () => {
      await withLostRedis({ commandTimeoutMs: 5_000 }, async (limiter) => {
        const startedAt = Date.now();
        await expect(limiter.acquire({ tokens: 0 }, { remainingMs: 100 })).rejects.toMatchObject({ kind: 'network' });
        expect(Date.now() - startedAt).toBeLessThan(1_000);
      });
    });

    it("'fail-open' admits every call", async () => {
      await withLostRedis({ whenUnavailable: 'fail-open', requestsPerMinute: 1 }, async (limiter) => {
        for (let index = 0; index < 5; index++) (await limiter.acquire({ tokens: 0 })).release();
      });
    });

    it("'local-share' admits this process's share of the limit, then refuses with rate_limited", async () => {
      await withLostRedis({ whenUnavailable: 'local-share', instances: 4, requestsPerMinute: 8, windowMs: 60_000 }, async (limiter) => {
        const results = await Promise.allSettled(Array.from({ length: 5 }, () => limiter.acquire({ tokens: 0 }, { maxQueueWaitMs: 0 })));
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
        expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: { kind: 'rate_limited' } });
      });
    });

    it('disconnect() settles when Redis is gone, for an owned client too', async () => {
      const proxy = await createFaultProxy({ target: { host: '127.0.0.1', port: 6379 }, port: 21404 });
      const limiter = await createRedisRateLimiter({ url: `redis://127.0.0.1:${proxy.port}`, key: `${runId}-owned`, requestsPerMinute: 10 });
      proxy.stall(10_000);
      const startedAt = Date.now();
      await limiter.disconnect();
      expect(Date.now() - startedAt).toBeLessThan(2_000);
      await proxy.close();
    });
  });
});
