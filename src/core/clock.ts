/**
 * A source of time. Inject one (see `createManualClock` in `crmkit/testing`) to make
 * timing-dependent behaviour deterministic in tests.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => Date.now() };
 * ```
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/**
 * The real clock.
 *
 * @example
 * ```ts
 * systemClock.now(); // Date.now()
 * ```
 */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Waits `ms` milliseconds. Injectable wherever crmkit sleeps (retries, rate limits) so tests
 * never really wait.
 *
 * @example
 * ```ts
 * const sleep: Sleep = (ms, signal) => new Promise((resolve) => setTimeout(resolve, ms));
 * ```
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
