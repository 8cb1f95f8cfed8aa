import { z } from 'zod/v4';
import { abortError, sleep } from '../../core/abort.js';
import { ProviderError } from '../../core/errors.js';
import { parseInput } from '../../core/validate.js';
import { createLocalRateLimiter } from '../../core/rate-limit/create-local-rate-limiter.js';
import type { RateLimitAcquireOptions, RateLimitLease, RateLimitRequest, RateLimiter } from '../../core/rate-limit/rate-limiter.js';
import { AdapterError } from '../adapter-error.js';
import { createRedisClientHandle, defaultRedisConnectTimeoutMs } from './create-redis-client-handle.js';
import { redisScript, runRedisCommand, runRedisScript } from './run-redis-command.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * The part of a Redis client the rate limiter uses: `ioredis`' `Redis` and `Cluster` fit.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 *
 * const client: RedisRateLimiterClient = new Redis(process.env.REDIS_URL!);
 * ```
 */
export interface RedisRateLimiterClient {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * What a Redis rate limiter does while Redis cannot be reached:
 * - `'fail-closed'` refuses every call (`ProviderError` kind `network`, not retryable, so a
 *   fallback chain moves on at once): the vendor's limit is never exceeded, at the cost of the
 *   provider while Redis is down.
 * - `'fail-open'` admits every call: availability first; the vendor may answer 429s.
 * - `'local-share'` admits up to `1 / instances` of the limit per process, from an in-process
 *   limiter: the shared limit holds if `instances` is right, and calls keep flowing.
 *
 * @example
 * ```ts
 * const policy: RedisUnavailablePolicy = 'local-share';
 * ```
 */
export type RedisUnavailablePolicy = 'fail-closed' | 'fail-open' | 'local-share';

/**
 * Options for {@link createRedisRateLimiter}.
 *
 * @example
 * ```ts
 * const options: RedisRateLimiterOptions = { client: new Redis(), key: 'crmkit:openai', requestsPerMinute: 60, whenUnavailable: 'local-share', instances: 3 };
 * ```
 */
export interface RedisRateLimiterOptions {
  /** An ioredis client (`Redis` or `Cluster`) the host owns; never closed by the limiter. Give this or `url`. */
  readonly client?: RedisRateLimiterClient;
  /** A `redis://` URL; crmkit loads `ioredis`, owns the client, and `disconnect()` closes it. */
  readonly url?: string;
  /** Limiters (in any process) with the same key share one limit. */
  readonly key: string;
  /** Requests admitted in any window of `windowMs`, across every process. */
  readonly requestsPerMinute?: number;
  /** Tokens admitted in any window of `windowMs`, across every process (each call weighs its estimated tokens). */
  readonly tokensPerMinute?: number;
  /** Calls in flight at once, across every process. @default unlimited */
  readonly maxConcurrent?: number;
  /** Length of the sliding window the limits apply to. @default 60_000 */
  readonly windowMs?: number;
  /**
   * Default for `maxQueueWaitMs` per acquire: a call that cannot be admitted within this long is
   * refused at once (kind `rate_limited`, with `retryAfterMs`).
   * @default 1_000
   */
  readonly maxQueueWaitMs?: number;
  /** A crashed process's in-flight calls stop counting against `maxConcurrent` after this long. @default 120_000 */
  readonly leaseExpirationMs?: number;
  /** How long creating the limiter waits for Redis before failing with an `AdapterError`. @default 5_000 */
  readonly connectTimeoutMs?: number;
  /** How long one acquire waits for Redis to answer before treating it as unavailable. @default 1_000 */
  readonly commandTimeoutMs?: number;
  /** What to do while Redis cannot be reached. @default 'fail-closed' */
  readonly whenUnavailable?: RedisUnavailablePolicy;
  /** How many processes share the key; required by `whenUnavailable: 'local-share'`. */
  readonly instances?: number;
}

/**
 * A rate limiter shared through Redis; `disconnect()` closes the client crmkit created from `url`.
 *
 * @example
 * ```ts
 * const limiter: RedisRateLimiter = await createRedisRateLimiter({ url: process.env.REDIS_URL!, key: 'openai', requestsPerMinute: 60 });
 * process.once('SIGTERM', () => void limiter.disconnect());
 * ```
 */
export interface RedisRateLimiter extends RateLimiter {
  /** Closes the client crmkit created; a host client is left open. Always settles. */
  disconnect(): Promise<void>;
}

const optionsSchema = lazyObject(() => z
  .object({
    client: z.custom<RedisRateLimiterClient>((value) => typeof (value as RedisRateLimiterClient | undefined)?.evalsha === 'function', { message: 'Expected `client` to be an ioredis client' }).optional(),
    url: z.string().min(1).optional(),
    key: z.string().regex(/^[\w:.-]{1,200}$/, 'Expected `key` of letters, digits, _ : . or -'),
    requestsPerMinute: z.number().int().positive('Expected `requestsPerMinute` to be a positive integer').optional(),
    tokensPerMinute: z.number().int().positive('Expected `tokensPerMinute` to be a positive integer').optional(),
    maxConcurrent: z.number().int().positive('Expected `maxConcurrent` to be a positive integer').optional(),
    windowMs: z.number().int().positive('Expected `windowMs` to be a positive integer').optional(),
    maxQueueWaitMs: z.number().min(0).optional(),
    leaseExpirationMs: z.number().int().positive().optional(),
    connectTimeoutMs: z.number().int().positive().optional(),
    commandTimeoutMs: z.number().int().positive().optional(),
    whenUnavailable: z.enum(['fail-closed', 'fail-open', 'local-share'], { message: 'Expected `whenUnavailable` to be "fail-closed", "fail-open" or "local-share"' }).optional(),
    instances: z.number().int().positive('Expected `instances` to be a positive integer').optional(),
  })
  .refine((options) => (options.client === undefined) !== (options.url === undefined), { message: 'Pass exactly one of `client` and `url`', path: ['client'] })
  .refine((options) => options.whenUnavailable !== 'local-share' || options.instances !== undefined, {
    message: "Expected `instances` (how many processes share the key) with whenUnavailable: 'local-share'",
    path: ['instances'],
  }));

// A sliding log on the server's clock. KEYS (one hash tag, so one cluster slot): admissions zset
// (lease → time), token zset (lease|weight → time), token sum hash, in-flight zset (lease →
// expiry). ARGV: windowMs, request limit, token limit, concurrency limit ('' = none), lease id,
// weight, lease expiration. Answers {1, now} when admitted, else {0, wait ms, busy}: the wait
// until enough of the log leaves the window (busy = the concurrency cap, whose wait is unknown).
// An admission at time a counts for every interval that contains a: an interval (now − W, now]
// holding at most R admissions at each admission is what makes every window of length W hold R.
const acquireScript = redisScript(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[1])
local since = now - window
local weight = tonumber(ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', since)
local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', since)
if #gone > 0 then
  local freed = 0
  for _, member in ipairs(gone) do freed = freed + tonumber(string.match(member, '|(%d+)$')) end
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', since)
  redis.call('HINCRBY', KEYS[3], 't', 0 - freed)
end
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
local wait = 0
if ARGV[2] ~= '' then
  local limit = tonumber(ARGV[2])
  local count = redis.call('ZCARD', KEYS[1])
  if count >= limit then
    local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now + 1)
  end
end
if ARGV[3] ~= '' and weight > 0 then
  local limit = tonumber(ARGV[3])
  local sum = tonumber(redis.call('HGET', KEYS[3], 't') or '0')
  if sum + weight > limit then
    local need = sum + weight - limit
    local freed = 0
    local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
    for i = 1, #entries, 2 do
      freed = freed + tonumber(string.match(entries[i], '|(%d+)$'))
      if freed >= need then
        wait = math.max(wait, tonumber(entries[i + 1]) + window - now + 1)
        break
      end
    end
  end
end
local busy = 0
if ARGV[4] ~= '' and redis.call('ZCARD', KEYS[4]) >= tonumber(ARGV[4]) then busy = 1 end
if wait > 0 or busy == 1 then return {0, wait, busy} end
local keep = window + tonumber(ARGV[7])
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('PEXPIRE', KEYS[1], keep)
if ARGV[3] ~= '' and weight > 0 then
  redis.call('ZADD', KEYS[2], now, ARGV[5] .. '|' .. weight)
  redis.call('HINCRBY', KEYS[3], 't', weight)
  redis.call('PEXPIRE', KEYS[2], keep)
  redis.call('PEXPIRE', KEYS[3], keep)
end
if ARGV[4] ~= '' then
  redis.call('ZADD', KEYS[4], now + tonumber(ARGV[7]), ARGV[5])
  redis.call('PEXPIRE', KEYS[4], keep)
end
return {1, now}`);

// KEYS: token zset, token sum hash, in-flight zset. ARGV: lease id, estimated weight, actual
// weight ('' = keep the estimate). Ends the lease once; settles the token entry to the actual use.
const releaseScript = redisScript(`
redis.call('ZREM', KEYS[3], ARGV[1])
if ARGV[3] ~= '' then
  local member = ARGV[1] .. '|' .. ARGV[2]
  local at = redis.call('ZSCORE', KEYS[1], member)
  if at then
    redis.call('ZREM', KEYS[1], member)
    redis.call('ZADD', KEYS[1], at, ARGV[1] .. '|' .. ARGV[3])
    redis.call('HINCRBY', KEYS[2], 't', tonumber(ARGV[3]) - tonumber(ARGV[2]))
  end
end
return 1`);

const adapter = 'redis-rate-limiter';

/** After Redis failed, calls skip it (and apply `whenUnavailable`) for this long. */
const unavailableCooldownMs = 1_000;
/** How often a call waiting for a concurrency slot asks again. */
const concurrencyPollMs = 25;

/**
 * A {@link RateLimiter} whose limits hold across every process sharing `key`: a sliding log kept
 * in Redis by one Lua script on the server's clock, so no interval of `windowMs` ever admits more
 * than `requestsPerMinute` requests or `tokensPerMinute` tokens (not a reservoir refilled by a
 * timer, which lets up to twice the limit through around a refill), plus a cluster-wide
 * concurrency cap. Every key carries the hash tag `{<key>}`, so it runs on Redis Cluster.
 *
 * A call that cannot be admitted within its wait bound (`maxQueueWaitMs`, capped by the call's
 * deadline) is refused at once with kind `rate_limited` and `retryAfterMs`; one that can waits in
 * its own process, then takes the slot. Every Redis call is bounded by `commandTimeoutMs`; while
 * Redis is unreachable the limiter follows `whenUnavailable`. Creating it checks Redis within
 * `connectTimeoutMs` and rejects with an `AdapterError` when it cannot.
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
export async function createRedisRateLimiter(options: RedisRateLimiterOptions): Promise<RedisRateLimiter> {
  const settings = parseInput(optionsSchema, options, 'createRedisRateLimiter options');
  const connectTimeoutMs = settings.connectTimeoutMs ?? defaultRedisConnectTimeoutMs;
  const handle = createRedisClientHandle<RedisRateLimiterClient>({ client: settings.client, url: settings.url, connectTimeoutMs }, adapter);
  const windowMs = settings.windowMs ?? 60_000;
  const defaultMaxQueueWaitMs = settings.maxQueueWaitMs ?? 1_000;
  const expiration = settings.leaseExpirationMs ?? 120_000;
  const commandTimeoutMs = settings.commandTimeoutMs ?? 1_000;
  const policy = settings.whenUnavailable ?? 'fail-closed';
  const tag = `{${settings.key}}`;
  const keys = { admitted: `crmkit:rl:${tag}:r`, tokens: `crmkit:rl:${tag}:t`, tokenSum: `crmkit:rl:${tag}:s`, inFlight: `crmkit:rl:${tag}:c` };
  const limitArgument = (value: number | undefined): string => (value === undefined ? '' : String(value));


  // Creation answers whether Redis is there, within connectTimeoutMs, with a typed error if not.
  let client: RedisRateLimiterClient;
  try {
    client = await handle.get();
    await runRedisCommand(() => client.eval('return 1', 0), { adapter, timeoutMs: connectTimeoutMs });
  } catch (error) {
    await handle.end().catch(() => undefined);
    const cause = AdapterError.isInstance(error) ? error : undefined;
    throw new AdapterError(`createRedisRateLimiter("${settings.key}") could not start: ${cause?.message ?? `no answer from Redis within ${connectTimeoutMs} ms`}`, {
      kind: cause?.kind ?? 'unavailable',
      adapter,
      cause: error,
    });
  }

  // The in-process stand-in for 'local-share': this process's share of the limit.
  const share = settings.instances ?? 1;
  const perMinute = (limit: number | undefined): number | undefined => (limit === undefined ? undefined : Math.max(1, Math.floor((limit * 60_000) / windowMs / share)));
  const local =
    policy === 'local-share'
      ? createLocalRateLimiter({
          name: `${settings.key} (local share while Redis is unavailable)`,
          requestsPerMinute: perMinute(settings.requestsPerMinute),
          tokensPerMinute: perMinute(settings.tokensPerMinute),
          maxConcurrent: settings.maxConcurrent === undefined ? undefined : Math.max(1, Math.floor(settings.maxConcurrent / share)),
          maxQueueWaitMs: defaultMaxQueueWaitMs,
        })
      : undefined;
  let unavailableUntil = 0;
  let lastFailure: AdapterError | undefined;
  const noLease: RateLimitLease = { waitedMs: 0, release: () => undefined };

  const whileUnavailable = (request: RateLimitRequest, acquireOptions: RateLimitAcquireOptions): Promise<RateLimitLease> => {
    if (policy === 'fail-open') return Promise.resolve(noLease);
    if (local) return local.acquire(request, acquireOptions);
    return Promise.reject(
      new ProviderError(`Redis rate limiter "${settings.key}" cannot reach Redis (${lastFailure?.message ?? 'unavailable'}); refused (whenUnavailable: 'fail-closed') so another provider can answer`, {
        kind: 'network',
        retryable: false,
        cause: lastFailure,
      }),
    );
  };

  const refuse = (waitMs: number, limit: number, busy: boolean): ProviderError =>
    new ProviderError(
      busy
        ? `Redis rate limiter "${settings.key}" has no free concurrency slot within maxQueueWaitMs (${limit} ms); refused so another provider can answer`
        : `Redis rate limiter "${settings.key}" can admit this call in about ${Math.ceil(waitMs)} ms, more than maxQueueWaitMs (${limit} ms); refused so another provider can answer`,
      { kind: 'rate_limited', retryable: false, retryAfterMs: Math.ceil(busy ? Math.max(waitMs, concurrencyPollMs) : waitMs) },
    );

  return {
    weighsTokens: settings.tokensPerMinute !== undefined,
    async acquire(request: RateLimitRequest, acquireOptions: RateLimitAcquireOptions = {}): Promise<RateLimitLease> {
      const signal = acquireOptions.signal;
      if (signal?.aborted) throw abortError(signal);
      if (Date.now() < unavailableUntil) return whileUnavailable(request, acquireOptions);
      const own = acquireOptions.maxQueueWaitMs ?? defaultMaxQueueWaitMs;
      // The queue wait counts against the call's deadline, as in the local limiter.
      const limit = acquireOptions.remainingMs === undefined ? own : Math.min(own, acquireOptions.remainingMs);
      const startedAt = Date.now();
      const weight = settings.tokensPerMinute === undefined ? 0 : Math.min(Math.max(0, Math.ceil(request.tokens)), settings.tokensPerMinute);
      const leaseId = crypto.randomUUID();
      const args = [windowMs, limitArgument(settings.requestsPerMinute), limitArgument(settings.tokensPerMinute), limitArgument(settings.maxConcurrent), leaseId, weight, expiration];
      for (;;) {
        const left = startedAt + limit - Date.now();
        let reply: [number, number, number];
        try {
          // Never wait on Redis past the call's own bound either.
          reply = (await runRedisScript(client, acquireScript, [keys.admitted, keys.tokens, keys.tokenSum, keys.inFlight], args, { adapter, timeoutMs: Math.max(1, Math.min(commandTimeoutMs, Math.max(left, 50))) })) as [number, number, number];
        } catch (error) {
          lastFailure = AdapterError.isInstance(error) ? error : new AdapterError('Redis failed', { kind: 'unavailable', adapter, cause: error });
          unavailableUntil = Date.now() + unavailableCooldownMs;
          return whileUnavailable(request, acquireOptions);
        }
        if (signal?.aborted) throw abortError(signal);
        const [admitted, waitMs, busy] = reply;
        if (admitted === 1) {
          let released = false;
          return {
            waitedMs: Date.now() - startedAt,
            admittedAt: waitMs,
            release(actual) {
              if (released) return;
              released = true;
              if (settings.maxConcurrent === undefined && (weight === 0 || actual?.tokens === undefined)) return;
              const used = actual?.tokens === undefined || weight === 0 ? '' : Math.max(0, Math.ceil(actual.tokens));
              // Fire and forget, bounded: a release Redis never hears of ends with the lease's expiry.
              runRedisScript(client, releaseScript, [keys.tokens, keys.tokenSum, keys.inFlight], [leaseId, weight, used], { adapter, timeoutMs: commandTimeoutMs }).catch(() => undefined);
            },
          };
        }
        const remaining = startedAt + limit - Date.now();
        if (busy === 0 ? waitMs > remaining : remaining <= 0) throw refuse(waitMs, limit, busy === 1);
        try {
          await sleep(busy === 1 ? Math.min(Math.max(waitMs, concurrencyPollMs), remaining) : waitMs, signal);
        } catch {
          throw abortError(signal);
        }
      }
    },
    async disconnect() {
      await handle.end().catch(() => undefined);
    },
  };
}
