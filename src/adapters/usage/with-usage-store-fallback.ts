import { z } from 'zod/v4';
import { anyFunction, parseInput } from '../../core/validate.js';
import { AdapterError } from '../adapter-error.js';
import { createMemoryUsageStore } from '../memory/create-memory-usage-store.js';
import type { BucketCharge, ReserveRequest, SettleRequest, UsageStore } from '../../core/usage/usage-store.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * What a budget does while its shared usage store cannot be reached:
 * - `'fail-closed'` (the default) refuses: every reservation fails with the store's retryable
 *   `AdapterError`, so no call spends money nobody can count.
 * - `'fail-open'` admits every call; its spend is kept and written to the store once it answers.
 * - `'local-share'` admits what fits in this process's share (`1 / instances`) of each limit,
 *   counted in memory from the start of the outage; spend is written to the store once it answers.
 *
 * @example
 * ```ts
 * const policy: UsageStoreUnavailablePolicy = 'local-share';
 * ```
 */
export type UsageStoreUnavailablePolicy = 'fail-closed' | 'fail-open' | 'local-share';

/**
 * Options of {@link withUsageStoreFallback}.
 *
 * @example
 * ```ts
 * const options: UsageStoreFallbackOptions = { whenUnavailable: 'local-share', instances: 3, onUnavailable: (event) => console.warn(event.operation, event.error.message) };
 * ```
 */
export interface UsageStoreFallbackOptions {
  /** @default 'fail-closed' */
  readonly whenUnavailable?: UsageStoreUnavailablePolicy;
  /** How many processes share the store; required by `'local-share'`. */
  readonly instances?: number;
  /** After a failure, calls skip the store (and follow the policy) for this long. @default 1_000 */
  readonly retryAfterMs?: number;
  /** Settlements kept for the store while it is down; older ones are dropped (and reported). @default 10_000 */
  readonly maxPendingSettlements?: number;
  /** Told about every call the policy answered instead of the store. */
  readonly onUnavailable?: (event: { readonly operation: 'reserve' | 'settle' | 'release' | 'flush'; readonly policy: UsageStoreUnavailablePolicy; readonly error: AdapterError }) => void;
}

const optionsSchema = lazyObject(() => z
  .object({
    whenUnavailable: z.enum(['fail-closed', 'fail-open', 'local-share'], { message: 'Expected `whenUnavailable` to be "fail-closed", "fail-open" or "local-share"' }).optional(),
    instances: z.number().int().positive('Expected `instances` to be a positive integer').optional(),
    retryAfterMs: z.number().int().nonnegative().optional(),
    maxPendingSettlements: z.number().int().positive().optional(),
    onUnavailable: anyFunction().optional(),
  })
  .refine((options) => options.whenUnavailable !== 'local-share' || options.instances !== undefined, {
    message: "Expected `instances` (how many processes share the store) with whenUnavailable: 'local-share'",
    path: ['instances'],
  }));

/** Only a store that could not be reached (or answered too late) triggers the policy. */
const isUnavailable = (error: unknown): error is AdapterError => AdapterError.isInstance(error) && error.retryable;

/**
 * Wraps a shared {@link UsageStore} (Redis, Postgres) with a documented policy for while it is
 * down; see {@link UsageStoreUnavailablePolicy}. Only retryable `AdapterError`s (connection refused
 * or lost, timeouts) trigger it; refusals and bad input pass through. Settlements made while the
 * store is down are written to it (in order, each once — settle is idempotent by reservation id)
 * when a later call finds it answering. Reads (`readBuckets`, `getUsage`) always go to the store.
 *
 * @example
 * ```ts
 * import { withBudget, withUsageStoreFallback } from 'crmkit';
 * import { createRedisUsageStore } from 'crmkit/adapters/redis';
 *
 * const store = withUsageStoreFallback(createRedisUsageStore({ url: process.env.REDIS_URL! }), { whenUnavailable: 'local-share', instances: 3 });
 * const budgeted = withBudget(provider, { store, limits: { perTenantDaily: { costMicros: 100_000_000 } } });
 * ```
 */
export function withUsageStoreFallback(store: UsageStore, options: UsageStoreFallbackOptions = {}): UsageStore {
  const settings = parseInput(optionsSchema, options, 'withUsageStoreFallback options');
  const policy = settings.whenUnavailable ?? 'fail-closed';
  const retryAfterMs = settings.retryAfterMs ?? 1_000;
  const maxPending = settings.maxPendingSettlements ?? 10_000;
  const share = settings.instances ?? 1;
  const local = createMemoryUsageStore();
  const localReservations = new Set<string>();
  const pending: SettleRequest[] = [];
  let downUntil = 0;
  let lastError: AdapterError | undefined;
  let flushing: Promise<void> | undefined;

  const report = (operation: 'reserve' | 'settle' | 'release' | 'flush', error: AdapterError): void => {
    options.onUnavailable?.({ operation, policy, error });
  };
  const markDown = (error: AdapterError): void => {
    lastError = error;
    downUntil = Date.now() + retryAfterMs;
  };
  const down = (): boolean => Date.now() < downUntil;
  const keep = (request: SettleRequest): void => {
    if (pending.length >= maxPending) pending.shift();
    pending.push(request);
  };
  // Writes what was settled during the outage, oldest first; stops at the first failure.
  const flush = (): void => {
    if (flushing || pending.length === 0) return;
    flushing = (async () => {
      while (pending.length > 0 && !down()) {
        try {
          await store.settle(pending[0] as SettleRequest);
          pending.shift();
        } catch (error) {
          if (!isUnavailable(error)) {
            pending.shift();
            continue;
          }
          markDown(error);
          report('flush', error);
        }
      }
    })().finally(() => (flushing = undefined));
  };
  const shareOf = (buckets: readonly BucketCharge[]): BucketCharge[] =>
    buckets.map((charge) => ({
      ...charge,
      limits: Object.fromEntries(Object.entries(charge.limits).map(([metric, limit]) => [metric, Math.floor((limit as number) / share)])),
    }));
  const reserveWithoutStore = async (request: ReserveRequest, error: AdapterError): ReturnType<UsageStore['reserve']> => {
    report('reserve', error);
    if (policy === 'fail-closed') throw error;
    localReservations.add(request.reservationId);
    if (policy === 'fail-open') return { ok: true };
    return local.reserve({ ...request, buckets: shareOf(request.buckets) });
  };

  return {
    async reserve(request, callOptions) {
      if (down() && lastError) return reserveWithoutStore(request, lastError);
      try {
        const result = await store.reserve(request, callOptions);
        flush();
        return result;
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        markDown(error);
        return reserveWithoutStore(request, error);
      }
    },

    async settle(request, callOptions) {
      if (localReservations.delete(request.reservationId)) {
        await local.settle({ ...request, buckets: shareOf(request.buckets) });
        keep(request);
        flush();
        return;
      }
      try {
        await store.settle(request, callOptions);
      } catch (error) {
        if (!isUnavailable(error) || policy === 'fail-closed') throw error;
        markDown(error);
        report('settle', error);
        keep(request);
      }
    },

    async release(request, callOptions) {
      if (localReservations.delete(request.reservationId)) {
        await local.release(request);
        return;
      }
      try {
        await store.release(request, callOptions);
      } catch (error) {
        // The reservation expires in the store by itself (reservationExpiresAt).
        if (!isUnavailable(error) || policy === 'fail-closed') throw error;
        markDown(error);
        report('release', error);
      }
    },

    readBuckets: (keys, callOptions) => store.readBuckets(keys, callOptions),
    getUsage: (query, callOptions) => store.getUsage(query, callOptions),
  };
}
