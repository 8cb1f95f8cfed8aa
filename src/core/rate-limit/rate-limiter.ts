/**
 * What one call asks of a limiter.
 *
 * @example
 * ```ts
 * const request: RateLimitRequest = { tokens: 1_200 };
 * ```
 */
export interface RateLimitRequest {
  /** Estimated tokens (input + maximum output) for tokens-per-minute limits; 0 when unknown. */
  readonly tokens: number;
}

/**
 * Per-acquire options.
 *
 * @example
 * ```ts
 * const options: RateLimitAcquireOptions = { signal: controller.signal, maxQueueWaitMs: 2_000 };
 * ```
 */
export interface RateLimitAcquireOptions {
  /** Aborting removes the call from the queue; the promise rejects with kind `aborted`. */
  readonly signal?: AbortSignal;
  /**
   * Refuse at once (kind `rate_limited`, not retryable, `retryAfterMs` = the expected wait) when
   * the expected wait is longer than this; a call still queued after this long is refused too.
   * Overrides the limiter's own default.
   */
  readonly maxQueueWaitMs?: number;
  /**
   * Milliseconds left until the call's deadline (`CallOptions.deadline`): the queue wait counts
   * against it, so the effective cap is the smaller of this and `maxQueueWaitMs`.
   */
  readonly remainingMs?: number;
}

/**
 * Admission for one call. Release it exactly once when the call ends; passing the actual token
 * usage lets a tokens-per-minute limit refund (or charge) the difference from the estimate.
 *
 * @example
 * ```ts
 * const lease = await limiter.acquire({ tokens: 800 });
 * try { await call(); } finally { lease.release({ tokens: 650 }); }
 * ```
 */
export interface RateLimitLease {
  /** How long the call waited in the queue, in milliseconds. */
  readonly waitedMs: number;
  /** When the limiter admitted the call on its own clock (epoch ms; the Redis server's for the Redis limiter), when it knows. */
  readonly admittedAt?: number;
  release(actual?: { readonly tokens?: number }): void;
}

/**
 * The contract of every rate limiter: the in-process one ({@link createLocalRateLimiter}) and the
 * Redis-clustered one (`createRedisRateLimiter` from `crmkit/adapters/redis`). A refusal rejects
 * with a `ProviderError` of kind `rate_limited` and `retryable: false`, so a retry wrapper does
 * not turn the refusal into a wait and a fallback chain moves on at once.
 *
 * @example
 * ```ts
 * const limiter: RateLimiter = createLocalRateLimiter({ requestsPerMinute: 60 });
 * const lease = await limiter.acquire({ tokens: 0 }, { maxQueueWaitMs: 1_000 });
 * lease.release();
 * ```
 */
export interface RateLimiter {
  /** Whether `tokens` matters to this limiter; when false callers may skip estimating it. */
  readonly weighsTokens: boolean;
  acquire(request: RateLimitRequest, options?: RateLimitAcquireOptions): Promise<RateLimitLease>;
}
