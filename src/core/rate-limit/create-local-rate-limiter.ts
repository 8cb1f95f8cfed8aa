import { z } from 'zod/v4';
import { abortError, sleep as realSleep } from '../abort.js';
import { systemClock, type Clock, type Sleep } from '../clock.js';
import { ProviderError } from '../errors.js';
import { parseInput } from '../validate.js';
import type { RateLimitAcquireOptions, RateLimitLease, RateLimitRequest, RateLimiter } from './rate-limiter.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * The limits, as they appear in a provider chain config.
 *
 * @example
 * ```ts
 * const limits: RateLimitSettings = { requestsPerMinute: 60, tokensPerMinute: 200_000, maxConcurrent: 16 };
 * ```
 */
export interface RateLimitSettings {
  /** @default unlimited */
  readonly requestsPerMinute?: number;
  /** Weighted by each request's estimated tokens. @default unlimited */
  readonly tokensPerMinute?: number;
  /** Calls in flight at once. @default unlimited */
  readonly maxConcurrent?: number;
  /**
   * Default for {@link RateLimitAcquireOptions.maxQueueWaitMs}: a chat should not wait longer for
   * a slot; a call that cannot be admitted within it is refused at once.
   * @default 1_000
   */
  readonly maxQueueWaitMs?: number;
}

/**
 * Options for {@link createLocalRateLimiter}.
 *
 * @example
 * ```ts
 * const options: LocalRateLimiterOptions = { requestsPerMinute: 60, maxQueueWaitMs: 2_000 };
 * ```
 */
export interface LocalRateLimiterOptions extends RateLimitSettings {
  /** Named in refusal messages. @default 'local' */
  readonly name?: string;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Waits for the next refill while calls are queued. @default real timers */
  readonly sleep?: Sleep;
}

/**
 * Zod schema of {@link RateLimitSettings}.
 *
 * @example
 * ```ts
 * rateLimitSettingsSchema.parse({ requestsPerMinute: 60 });
 * ```
 */
export const rateLimitSettingsSchema = lazyObject(() => z
  .object({
    requestsPerMinute: z.number().positive('Expected `requestsPerMinute` to be a positive number').optional(),
    tokensPerMinute: z.number().positive('Expected `tokensPerMinute` to be a positive number').optional(),
    maxConcurrent: z.number().int().min(1, 'Expected `maxConcurrent` to be at least 1').optional(),
    maxQueueWaitMs: z.number().min(0, 'Expected `maxQueueWaitMs` to be >= 0').optional(),
  })
  .strict());

interface Bucket {
  readonly capacity: number;
  /** Refill per millisecond. */
  readonly rate: number;
  level: number;
}

interface Waiter {
  readonly weight: number;
  readonly enqueuedAt: number;
  readonly resolve: (lease: RateLimitLease) => void;
  readonly reject: (error: ProviderError) => void;
  readonly cleanup: () => void;
  done: boolean;
}

/**
 * An in-process rate limiter: token buckets for requests and tokens per minute (each holding up
 * to one minute's allowance, refilled continuously) and a concurrency cap, with a FIFO queue.
 *
 * Built for the per-call hot path: an uncontended acquire is a few arithmetic operations and
 * one resolved promise — no timer, no event-loop turn. Timers appear only while calls queue
 * (one for the next refill, one per queued call for its `maxQueueWaitMs`). When the expected
 * wait (computed from the buckets and the calls queued ahead) exceeds `maxQueueWaitMs`, the call
 * is refused at once with kind `rate_limited`. A request weighing more tokens than the whole
 * per-minute allowance is charged the allowance, so it waits for a full bucket instead of forever.
 *
 * @example
 * ```ts
 * import { createLocalRateLimiter, withRateLimit } from 'crmkit';
 *
 * const limiter = createLocalRateLimiter({ requestsPerMinute: 60, tokensPerMinute: 150_000, maxConcurrent: 8 });
 * const limited = withRateLimit(openai, { limiter });
 * ```
 */
export function createLocalRateLimiter(options: LocalRateLimiterOptions = {}): RateLimiter {
  const { name = 'local', clock: injectedClock, sleep: injectedSleep, ...numbers } = options;
  const limits = parseInput(rateLimitSettingsSchema, numbers, 'createLocalRateLimiter options');
  const clock = injectedClock ?? systemClock;
  const wait = injectedSleep ?? realSleep;
  const maxConcurrent = limits.maxConcurrent ?? Number.POSITIVE_INFINITY;
  const defaultMaxQueueWaitMs = limits.maxQueueWaitMs ?? 1_000;
  const bucket = (perMinute: number | undefined): Bucket | undefined =>
    perMinute === undefined ? undefined : { capacity: perMinute, rate: perMinute / 60_000, level: perMinute };
  const requests = bucket(limits.requestsPerMinute);
  const tokens = bucket(limits.tokensPerMinute);

  let refilledAt = clock.now();
  let active = 0;
  const queue: Waiter[] = [];
  let head = 0;
  let queuedRequests = 0;
  let queuedTokens = 0;
  let wakeAt = Number.POSITIVE_INFINITY;
  let wakeController: AbortController | undefined;

  const refill = (now: number): void => {
    const elapsed = now - refilledAt;
    if (elapsed <= 0) return;
    refilledAt = now;
    if (requests) requests.level = Math.min(requests.capacity, requests.level + elapsed * requests.rate);
    if (tokens) tokens.level = Math.min(tokens.capacity, tokens.level + elapsed * tokens.rate);
  };

  /** Milliseconds until the buckets hold `needRequests` requests and `needTokens` tokens. */
  const rateWait = (needRequests: number, needTokens: number): number => {
    let waitMs = 0;
    if (requests && requests.level < needRequests) waitMs = (needRequests - requests.level) / requests.rate;
    if (tokens && tokens.level < needTokens) waitMs = Math.max(waitMs, (needTokens - tokens.level) / tokens.rate);
    return waitMs;
  };

  const take = (weight: number): void => {
    if (requests) requests.level -= 1;
    if (tokens) tokens.level -= weight;
    active++;
  };

  const lease = (weight: number, waitedMs: number): RateLimitLease => {
    let released = false;
    return {
      waitedMs,
      release(actual) {
        if (released) return;
        released = true;
        active--;
        if (tokens && actual?.tokens !== undefined) tokens.level = Math.min(tokens.capacity, tokens.level + weight - actual.tokens);
        if (head < queue.length) drain();
      },
    };
  };

  const refusal = (expectedWaitMs: number, limit: number): ProviderError =>
    new ProviderError(
      `Rate limiter "${name}" would queue this call for about ${Math.ceil(expectedWaitMs)} ms, more than maxQueueWaitMs (${limit} ms); refused so another provider can answer`,
      { kind: 'rate_limited', retryable: false, retryAfterMs: Math.ceil(expectedWaitMs) },
    );

  const schedule = (delayMs: number): void => {
    const at = clock.now() + delayMs;
    if (wakeController && wakeAt <= at) return;
    wakeController?.abort();
    const controller = new AbortController();
    wakeController = controller;
    wakeAt = at;
    wait(Math.ceil(delayMs), controller.signal).then(
      () => {
        if (wakeController !== controller) return;
        wakeController = undefined;
        wakeAt = Number.POSITIVE_INFINITY;
        drain();
      },
      () => undefined, // superseded by an earlier wake-up
    );
  };

  const dequeue = (waiter: Waiter): void => {
    waiter.done = true;
    queuedRequests--;
    queuedTokens -= waiter.weight;
    waiter.cleanup();
  };

  const drain = (): void => {
    refill(clock.now());
    while (head < queue.length) {
      const waiter = queue[head] as Waiter;
      if (waiter.done) {
        head++;
        continue;
      }
      if (active >= maxConcurrent) break;
      const waitMs = rateWait(1, waiter.weight);
      if (waitMs > 0) {
        schedule(waitMs);
        break;
      }
      head++;
      dequeue(waiter);
      take(waiter.weight);
      waiter.resolve(lease(waiter.weight, clock.now() - waiter.enqueuedAt));
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
    if (head === queue.length && wakeController) {
      wakeController.abort();
      wakeController = undefined;
      wakeAt = Number.POSITIVE_INFINITY;
    }
  };

  return {
    weighsTokens: tokens !== undefined,
    acquire(request: RateLimitRequest, acquireOptions: RateLimitAcquireOptions = {}): Promise<RateLimitLease> {
      const signal = acquireOptions.signal;
      if (signal?.aborted) return Promise.reject(abortError(signal));
      const weight = tokens ? Math.min(Math.max(0, request.tokens), tokens.capacity) : 0;
      const now = clock.now();
      refill(now);
      // Hot path: nobody queued, a slot free, the buckets full enough — admit synchronously.
      if (head === queue.length && active < maxConcurrent && rateWait(1, weight) === 0) {
        take(weight);
        return Promise.resolve(lease(weight, 0));
      }
      const own = acquireOptions.maxQueueWaitMs ?? defaultMaxQueueWaitMs;
      const limit = acquireOptions.remainingMs === undefined ? own : Math.min(own, acquireOptions.remainingMs);
      const expectedWaitMs = rateWait(queuedRequests + 1, queuedTokens + weight);
      if (expectedWaitMs > limit) return Promise.reject(refusal(expectedWaitMs, limit));

      return new Promise<RateLimitLease>((resolve, reject) => {
        const timeout = Number.isFinite(limit) ? new AbortController() : undefined;
        const onAbort = (): void => {
          if (waiter.done) return;
          dequeue(waiter);
          reject(abortError(signal));
          drain();
        };
        const waiter: Waiter = {
          weight,
          enqueuedAt: now,
          resolve,
          reject,
          done: false,
          cleanup: () => {
            signal?.removeEventListener('abort', onAbort);
            timeout?.abort();
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        queuedRequests++;
        queuedTokens += weight;
        if (timeout) {
          // Concurrency waits cannot be predicted; this bounds them.
          wait(limit, timeout.signal).then(
            () => {
              drain(); // a refill due at this very moment admits the call rather than refusing it
              if (waiter.done) return;
              dequeue(waiter);
              reject(refusal(clock.now() - now, limit));
              drain();
            },
            () => undefined,
          );
        }
        drain();
      });
    },
  };
}
