import { z } from 'zod/v4';
import { systemClock, type Clock } from '../../core/clock.js';
import { ProviderError, type ProviderErrorKind } from '../../core/errors.js';
import { parseInput } from '../../core/validate.js';
import { emitResilienceEvent, type CircuitStateName, type ResilienceEventListener } from './resilience-event.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * The numeric breaker settings, as they appear in a provider chain config.
 *
 * @example
 * ```ts
 * const settings: CircuitBreakerSettings = { failureThreshold: 3, cooldownMs: 10_000 };
 * ```
 */
export interface CircuitBreakerSettings {
  /** Consecutive failures that open the circuit. @default 5 */
  readonly failureThreshold?: number;
  /** Share of failures over `windowMs` that opens the circuit (once `minimumRequests` is met). @default 0.5 */
  readonly failureRateThreshold?: number;
  /** Calls needed in the window before the failure rate counts. @default 10 */
  readonly minimumRequests?: number;
  /** Length of the rolling window for the failure rate. @default 30_000 */
  readonly windowMs?: number;
  /** How long the circuit stays open before one probe is let through. @default 5_000 */
  readonly cooldownMs?: number;
  /** Kinds that open the circuit at once: retrying a bad key or an empty account is pointless. @default ['auth', 'quota_exhausted'] */
  readonly openImmediatelyOn?: readonly ProviderErrorKind[];
}

/**
 * Options for {@link createCircuitBreaker}.
 *
 * @example
 * ```ts
 * const options: CircuitBreakerOptions = { name: 'openai', cooldownMs: 5_000, onEvent: console.log };
 * ```
 */
export interface CircuitBreakerOptions extends CircuitBreakerSettings {
  /** The provider id this breaker guards; used in errors and events. */
  readonly name: string;
  /** The model reported in events. @default name */
  readonly model?: string;
  /** @default systemClock */
  readonly clock?: Clock;
  readonly onEvent?: ResilienceEventListener;
}

/**
 * Permission for one call, returned by {@link CircuitBreaker.acquire}. Report the outcome exactly
 * once.
 *
 * @example
 * ```ts
 * async function guarded<T>(call: () => Promise<T>): Promise<T> {
 *   const permit = breaker.acquire();
 *   try { const result = await call(); permit.success(); return result; }
 *   catch (error) { permit.failure(error); throw error; }
 * }
 * ```
 */
export interface CircuitPermit {
  /** The provider answered (including answers the caller dislikes, such as content_filter). */
  success(): void;
  /** The call failed; the breaker classifies `error` (see {@link createCircuitBreaker}). */
  failure(error: unknown): void;
  /** The call ended without telling anything about the provider's health (the caller aborted). */
  release(): void;
}

/**
 * A per-provider circuit breaker.
 *
 * @example
 * ```ts
 * const breaker: CircuitBreaker = createCircuitBreaker({ name: 'openai' });
 * breaker.state; // 'closed'
 * ```
 */
export interface CircuitBreaker {
  readonly state: CircuitStateName;
  /** A permit for one call, or a ProviderError of kind `circuit_open` (thrown at once). */
  acquire(): CircuitPermit;
  /** Closes the circuit and forgets all history, e.g. after the host rotated an API key. */
  reset(): void;
}

/**
 * Zod schema of {@link CircuitBreakerSettings}; every field optional.
 *
 * @example
 * ```ts
 * circuitBreakerSettingsSchema.parse({ cooldownMs: 10_000 });
 * ```
 */
export const circuitBreakerSettingsSchema = lazyObject(() => z
  .object({
    failureThreshold: z.number().int().min(1, 'Expected `failureThreshold` to be at least 1').optional(),
    failureRateThreshold: z.number().gt(0).max(1, 'Expected `failureRateThreshold` in (0, 1]').optional(),
    minimumRequests: z.number().int().min(1, 'Expected `minimumRequests` to be at least 1').optional(),
    windowMs: z.number().int().min(10, 'Expected `windowMs` of at least 10').optional(),
    cooldownMs: z.number().min(0, 'Expected `cooldownMs` to be >= 0').optional(),
    openImmediatelyOn: z.array(z.string()).optional(),
  })
  .strict());

const breakerDefaults = {
  failureThreshold: 5,
  failureRateThreshold: 0.5,
  minimumRequests: 10,
  windowMs: 30_000,
  cooldownMs: 5_000,
  openImmediatelyOn: ['auth', 'quota_exhausted'] as readonly string[],
};

// Kinds that say the provider is unhealthy. rate_limited counts only with an HTTP status: that is
// the server pushing back, whereas our own limiter's refusals carry none and say nothing about it.
const healthKinds: ReadonlySet<ProviderErrorKind> = new Set(['rate_limited', 'overloaded', 'server', 'timeout', 'network', 'truncated_stream']);

const bucketCount = 10;

type Verdict = 'failure' | 'trip' | 'neutral' | 'success';

/**
 * Creates a circuit breaker: closed → open after `failureThreshold` consecutive failures, or a
 * failure rate of `failureRateThreshold` over `windowMs` once `minimumRequests` were seen, or at
 * once on `openImmediatelyOn` kinds. While open, {@link CircuitBreaker.acquire} throws
 * `circuit_open` instantly (with `retryAfterMs` = the cooldown left). After `cooldownMs` exactly
 * one probe goes through (half-open): its success closes the circuit, its failure reopens it;
 * other calls keep failing fast meanwhile.
 *
 * Failures are overloaded, server, timeout, network, truncated_stream and server-sent
 * rate_limited (with an HTTP status). Aborts are neutral; every other error means the provider
 * answered and counts as a success. Outcomes of calls admitted before the circuit opened are
 * ignored while it is open. Rolling counts live in 10 buckets: O(1) per call, no timers.
 *
 * @example
 * ```ts
 * import { createCircuitBreaker } from 'crmkit';
 *
 * const breaker = createCircuitBreaker({ name: 'openai', failureThreshold: 3, cooldownMs: 5_000 });
 * const permit = breaker.acquire(); // throws ProviderError { kind: 'circuit_open' } while open
 * permit.success();
 * ```
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { name, model, clock: injectedClock, onEvent, ...numbers } = options;
  const settings = { ...breakerDefaults, ...parseInput(circuitBreakerSettingsSchema, numbers, `createCircuitBreaker options for "${name}"`) };
  const clock = injectedClock ?? systemClock;
  const openNow = new Set(settings.openImmediatelyOn);
  const bucketMs = settings.windowMs / bucketCount;
  const bucketEpoch = new Array<number>(bucketCount).fill(-1);
  const bucketTotal = new Array<number>(bucketCount).fill(0);
  const bucketFailed = new Array<number>(bucketCount).fill(0);

  let state: CircuitStateName = 'closed';
  let consecutiveFailures = 0;
  let openedAt = 0;
  let probeInFlight = false;
  // Bumped on every transition, so a permit from an earlier state cannot move the current one.
  let era = 0;

  const transition = (to: CircuitStateName, reason: string): void => {
    const from = state;
    state = to;
    era++;
    if (to === 'open') openedAt = clock.now();
    if (to === 'closed') clearHistory();
    emitResilienceEvent(onEvent, { type: 'circuit', provider: name, model: model ?? name, from, to, reason });
  };

  const clearHistory = (): void => {
    consecutiveFailures = 0;
    bucketEpoch.fill(-1);
    bucketTotal.fill(0);
    bucketFailed.fill(0);
  };

  /** Counts one outcome in the current bucket; returns the bucket's epoch. */
  const recordInWindow = (failed: boolean): number => {
    const epoch = Math.floor(clock.now() / bucketMs);
    const slot = epoch % bucketCount;
    if (bucketEpoch[slot] !== epoch) {
      bucketEpoch[slot] = epoch;
      bucketTotal[slot] = 0;
      bucketFailed[slot] = 0;
    }
    bucketTotal[slot] = (bucketTotal[slot] ?? 0) + 1;
    if (failed) bucketFailed[slot] = (bucketFailed[slot] ?? 0) + 1;
    return epoch;
  };

  /** Calls and failures over the window ending in bucket `epoch` (read only after a failure). */
  const windowCounts = (epoch: number): { total: number; failed: number } => {
    let total = 0;
    let failures = 0;
    for (let index = 0; index < bucketCount; index++) {
      if ((bucketEpoch[index] ?? -1) > epoch - bucketCount) {
        total += bucketTotal[index] ?? 0;
        failures += bucketFailed[index] ?? 0;
      }
    }
    return { total, failed: failures };
  };

  const classify = (error: unknown): Verdict => {
    if (!ProviderError.isInstance(error)) return 'failure';
    if (error.kind === 'aborted') return 'neutral';
    if (openNow.has(error.kind)) return 'trip';
    if (error.kind === 'rate_limited') return error.status === undefined ? 'neutral' : 'failure';
    return healthKinds.has(error.kind) ? 'failure' : 'success';
  };

  const settle = (permitEra: number, probe: boolean, verdict: Verdict, kind?: string): void => {
    if (permitEra !== era) return;
    if (probe) probeInFlight = false;
    if (verdict === 'neutral') return;
    if (verdict === 'trip') {
      transition('open', `${kind} opens the circuit at once`);
      return;
    }
    if (state === 'half_open') {
      if (verdict === 'success') transition('closed', 'the probe succeeded');
      else transition('open', `the probe failed with ${kind}`);
      return;
    }
    if (verdict === 'success') {
      consecutiveFailures = 0;
      recordInWindow(false);
      return;
    }
    consecutiveFailures++;
    const window = windowCounts(recordInWindow(true));
    if (consecutiveFailures >= settings.failureThreshold) {
      transition('open', `${consecutiveFailures} consecutive failures`);
    } else if (window.total >= settings.minimumRequests && window.failed / window.total >= settings.failureRateThreshold) {
      transition('open', `${window.failed} of the last ${window.total} calls failed`);
    }
  };

  // One permit per call. Methods rather than arrow properties: builds that keep function names
  // (tsx, esbuild's keepNames) pay a defineProperty for every named arrow created per call.
  const permit = (permitEra: number, probe: boolean): CircuitPermit => {
    let settled = false;
    return {
      success() {
        if (settled) return;
        settled = true;
        settle(permitEra, probe, 'success');
      },
      failure(error) {
        if (settled) return;
        settled = true;
        settle(permitEra, probe, classify(error), ProviderError.isInstance(error) ? error.kind : 'an unexpected error');
      },
      release() {
        if (settled) return;
        settled = true;
        settle(permitEra, probe, 'neutral');
      },
    };
  };

  const refuse = (): never => {
    const retryAfterMs = state === 'open' ? Math.max(0, openedAt + settings.cooldownMs - clock.now()) : undefined;
    throw new ProviderError(`The circuit for provider "${name}" is open after repeated failures; calls fail fast until a probe succeeds`, {
      kind: 'circuit_open',
      retryAfterMs,
      providerId: name,
      model,
      attempts: [{ provider: name, model: model ?? name, ok: false, kind: 'circuit_open', durationMs: 0, retryAfterMs }],
    });
  };

  return {
    get state() {
      return state;
    },
    acquire() {
      if (state === 'closed') return permit(era, false);
      if (state === 'open') {
        if (clock.now() - openedAt < settings.cooldownMs) return refuse();
        transition('half_open', 'the cooldown has passed; letting one probe through');
      }
      if (probeInFlight) return refuse();
      probeInFlight = true;
      return permit(era, true);
    },
    reset() {
      probeInFlight = false;
      if (state !== 'closed') transition('closed', 'reset by the host');
      else clearHistory();
    },
  };
}
