import type Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { z } from 'zod/v4';
import { abortError } from '../../core/abort.js';
import { CrmKitError, ProviderError } from '../../core/errors.js';
import { loadOptionalPeer } from '../../core/load-optional-peer.js';
import { parseInput } from '../../core/validate.js';
import type { RateLimitAcquireOptions, RateLimitLease, RateLimitRequest, RateLimiter } from '../../providers/resilience/rate-limiter.js';

/**
 * Options for {@link createRedisRateLimiter}.
 *
 * @example
 * ```ts
 * const options: RedisRateLimiterOptions = { client: new Redis(), key: 'crmkit:openai', requestsPerMinute: 60 };
 * ```
 */
export interface RedisRateLimiterOptions {
  /** An ioredis client the host owns; the limiter opens its own duplicates and never quits this one. */
  readonly client: Redis;
  /** Limiters (in any process) with the same key share one limit. */
  readonly key: string;
  /** Requests admitted per window, across every process. */
  readonly requestsPerMinute?: number;
  /** Tokens admitted per window, across every process (each call weighs its estimated tokens). */
  readonly tokensPerMinute?: number;
  /** Calls in flight at once, across every process. @default unlimited */
  readonly maxConcurrent?: number;
  /** Length of the window; bottleneck's clustering needs a multiple of 5,000. @default 60_000 */
  readonly windowMs?: number;
  /** Default for `maxQueueWaitMs` per acquire. @default 10_000 */
  readonly maxQueueWaitMs?: number;
  /** A crashed process's in-flight calls stop counting after this long. @default 120_000 */
  readonly leaseExpirationMs?: number;
}

const optionsSchema = z.object({
  client: z.custom<Redis>((value) => typeof (value as Redis | undefined)?.duplicate === 'function', { message: 'Expected `client` to be an ioredis client' }),
  key: z.string().regex(/^[\w:.-]{1,200}$/, 'Expected `key` of letters, digits, _ : . or -'),
  requestsPerMinute: z.number().int().positive('Expected `requestsPerMinute` to be a positive integer').optional(),
  tokensPerMinute: z.number().int().positive('Expected `tokensPerMinute` to be a positive integer').optional(),
  maxConcurrent: z.number().int().positive('Expected `maxConcurrent` to be a positive integer').optional(),
  windowMs: z.number().int().positive().multipleOf(5_000, 'Expected `windowMs` to be a multiple of 5000 (bottleneck clustering)').optional(),
  maxQueueWaitMs: z.number().min(0).optional(),
  leaseExpirationMs: z.number().int().positive().optional(),
});

/**
 * A {@link RateLimiter} whose limits hold across every process sharing `key`, over Redis, using
 * bottleneck's clustering (`datastore: 'ioredis'`): requests per window and tokens per window are
 * reservoirs refilled each `windowMs`, plus a cluster-wide concurrency cap. The first limiter to
 * reach Redis stores the settings; later ones with the same key use them.
 *
 * Bottleneck's scheduler adds a few milliseconds per call (it yields through timers), which is
 * why the in-process path uses `createLocalRateLimiter` and this one is for sharing a limit
 * between replicas. When the reservoir is empty the expected wait is the rest of the window; a
 * call whose `maxQueueWaitMs` is shorter is refused at once with kind `rate_limited`, and a call
 * still queued after `maxQueueWaitMs` (or aborted) is withdrawn. Call `disconnect()` on shutdown.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createRedisRateLimiter } from 'crmkit/adapters/redis';
 * import { withRateLimit } from 'crmkit';
 *
 * const limiter = await createRedisRateLimiter({ client: new Redis(process.env.REDIS_URL!), key: 'crmkit:openai', requestsPerMinute: 60 });
 * const limited = withRateLimit(openai, { limiter });
 * ```
 */
export async function createRedisRateLimiter(options: RedisRateLimiterOptions): Promise<RateLimiter & { disconnect(): Promise<void> }> {
  const settings = parseInput(optionsSchema, options, 'createRedisRateLimiter options');
  const { default: BottleneckClass } = (await loadOptionalPeer({
    packageName: 'bottleneck',
    load: () => import('bottleneck'),
    missing: ({ installCommand, cause }) => new CrmKitError(`createRedisRateLimiter needs the optional peer dependency \`bottleneck\`: ${installCommand}`, { code: 'missing_dependency', cause }),
  })) as unknown as { default: typeof Bottleneck };
  const windowMs = settings.windowMs ?? 60_000;
  const defaultMaxQueueWaitMs = settings.maxQueueWaitMs ?? 10_000;
  const expiration = settings.leaseExpirationMs ?? 120_000;
  // Own duplicates: bottleneck's disconnect() quits the clients it was given, and the host's must survive.
  const connection = new BottleneckClass.IORedisConnection({ client: settings.client.duplicate() });
  const limiterFor = (suffix: string, reservoir: number | undefined, maxConcurrent: number | undefined): Bottleneck =>
    new BottleneckClass({
      id: `${settings.key}:${suffix}`,
      datastore: 'ioredis',
      connection,
      clearDatastore: false,
      maxConcurrent: maxConcurrent ?? null,
      reservoir: reservoir ?? null,
      reservoirRefreshAmount: reservoir ?? null,
      reservoirRefreshInterval: reservoir === undefined ? null : windowMs,
    });
  const requests = limiterFor('requests', settings.requestsPerMinute, settings.maxConcurrent);
  const tokens = settings.tokensPerMinute === undefined ? undefined : limiterFor('tokens', settings.tokensPerMinute, undefined);
  await Promise.all([requests.ready(), tokens?.ready()]);
  const settingsKey = `b_${settings.key}:requests_settings`;

  /** Milliseconds until the request reservoir refills, when it is empty; 0 otherwise. */
  const expectedWait = async (): Promise<number> => {
    if (settings.requestsPerMinute === undefined) return 0;
    // bottleneck keeps the refill time in its settings hash; reading it lets us refuse at once
    // instead of queueing a call that would wait longer than the caller allows.
    const [reservoir, lastRefresh] = await settings.client.hmget(settingsKey, 'reservoir', 'lastReservoirRefresh');
    if (reservoir === null || Number(reservoir) > 0) return 0;
    const [seconds, micros] = await settings.client.time();
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    return Math.max(0, Number(lastRefresh ?? now) + windowMs - now);
  };

  /** Waits in `limiter`'s cluster-wide queue; resolves with a function that ends the job. */
  const enter = (limiter: Bottleneck, weight: number, signal: AbortSignal): Promise<() => void> =>
    new Promise<() => void>((resolve, reject) => {
      let started = false;
      const onAbort = (): void => {
        if (!started) reject(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      limiter
        .schedule({ weight, expiration }, () => {
          started = true;
          signal.removeEventListener('abort', onAbort);
          // Withdrawn while queued: bottleneck cannot unqueue, so end at once (one slot spent).
          if (signal.aborted) return Promise.resolve();
          return new Promise<void>((finish) => resolve(() => finish()));
        })
        .catch((error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(new ProviderError('The Redis rate limiter failed', { kind: 'network', cause: error instanceof Error ? error : undefined }));
        });
    });

  return {
    weighsTokens: tokens !== undefined,
    async acquire(request: RateLimitRequest, acquireOptions: RateLimitAcquireOptions = {}): Promise<RateLimitLease> {
      const signal = acquireOptions.signal;
      if (signal?.aborted) throw abortError(signal);
      const own = acquireOptions.maxQueueWaitMs ?? defaultMaxQueueWaitMs;
      // The queue wait counts against the call's deadline, as in the local limiter.
      const limit = acquireOptions.remainingMs === undefined ? own : Math.min(own, acquireOptions.remainingMs);
      const startedAt = Date.now();
      const waitMs = await expectedWait();
      if (waitMs > limit) {
        throw new ProviderError(`Redis rate limiter "${settings.key}" is exhausted for about ${waitMs} ms, more than maxQueueWaitMs (${limit} ms); refused so another provider can answer`, {
          kind: 'rate_limited',
          retryable: false,
          retryAfterMs: waitMs,
        });
      }
      if (signal?.aborted) throw abortError(signal); // aborted while we asked Redis
      const withdraw = new AbortController();
      const onCallerAbort = (): void => withdraw.abort(signal?.reason);
      signal?.addEventListener('abort', onCallerAbort, { once: true });
      const timer = Number.isFinite(limit) ? setTimeout(() => withdraw.abort(new ProviderError(`Queued longer than maxQueueWaitMs (${limit} ms) in Redis rate limiter "${settings.key}"`, { kind: 'rate_limited', retryable: false })), limit) : undefined;
      const ends: (() => void)[] = [];
      try {
        ends.push(await enter(requests, 1, withdraw.signal));
        const weight = Math.min(Math.max(0, Math.ceil(request.tokens)), settings.tokensPerMinute ?? 0);
        if (tokens && weight > 0) ends.push(await enter(tokens, weight, withdraw.signal));
      } catch (error) {
        for (const end of ends) end();
        const reason: unknown = withdraw.signal.reason;
        if (withdraw.signal.aborted && ProviderError.isInstance(reason) && !signal?.aborted) throw reason;
        throw error;
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onCallerAbort);
      }
      let released = false;
      return {
        waitedMs: Date.now() - startedAt,
        release() {
          if (released) return;
          released = true;
          for (const end of ends) end();
        },
      };
    },
    async disconnect() {
      await Promise.all([requests.stop({ dropWaitingJobs: true }).catch(() => undefined), tokens?.stop({ dropWaitingJobs: true }).catch(() => undefined)]);
      await connection.disconnect(true);
    },
  };
}
