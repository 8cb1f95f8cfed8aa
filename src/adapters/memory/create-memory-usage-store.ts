import { throwIfAborted } from '../../core/abort.js';
import { checkRelease, checkReserve, checkSettle } from '../usage/usage-input.js';
import { parseInput } from '../../core/validate.js';
import { matchesUsageQuery, summarizeUsage } from '../usage/summarize-usage.js';
import { usageQuerySchema } from '../../core/usage/usage-query-schema.js';
import type { BucketState, UsageAmounts, UsageMetric, UsageRecord, UsageStore } from '../../core/usage/usage-store.js';

type Amounts = { costMicros: number; tokens: number; requests: number };

interface Bucket {
  readonly used: Amounts;
  readonly reserved: Amounts;
  expiresAt: number;
}

interface Reservation {
  readonly keys: readonly string[];
  readonly amounts: UsageAmounts;
  readonly expiresAt: number;
}

const metrics: readonly UsageMetric[] = ['costMicros', 'tokens', 'requests'];
const zero = (): Amounts => ({ costMicros: 0, tokens: 0, requests: 0 });

type UsageRow = UsageRecord & { requests: number; inputTokens: number; outputTokens: number; costMicros: number };

/** One store's state, made on its first write: an idle store (say, one per assistant that never spends) is one small object. */
interface State {
  readonly buckets: Map<string, Bucket>;
  readonly reservations: Map<string, Reservation>;
  readonly records: Map<string, UsageRow>;
  /** Reservation id → when its settle may be forgotten: a repeated settle is applied once. */
  readonly settled: Map<string, number>;
  earliestSettledExpiry: number;
  earliestReservationExpiry: number;
}

const newState = (): State => ({
  buckets: new Map(),
  reservations: new Map(),
  records: new Map(),
  settled: new Map(),
  earliestSettledExpiry: Number.POSITIVE_INFINITY,
  earliestReservationExpiry: Number.POSITIVE_INFINITY,
});

function bucketAt(state: State, key: string, now: number): Bucket | undefined {
  const bucket = state.buckets.get(key);
  if (bucket && bucket.expiresAt <= now) {
    state.buckets.delete(key);
    return undefined;
  }
  return bucket;
}

function releaseReservation(state: State, id: string): void {
  const reservation = state.reservations.get(id);
  if (!reservation) return;
  state.reservations.delete(id);
  for (const key of reservation.keys) {
    const bucket = state.buckets.get(key);
    if (!bucket) continue;
    for (const metric of metrics) bucket.reserved[metric] -= reservation.amounts[metric];
  }
}

// Releases reservations whose process never came back. A full scan, but only when the earliest
// known expiry has passed, so the common call pays one comparison.
function sweep(state: State, now: number): void {
  if (now < state.earliestReservationExpiry) return;
  state.earliestReservationExpiry = Number.POSITIVE_INFINITY;
  for (const [id, reservation] of state.reservations) {
    if (reservation.expiresAt <= now) releaseReservation(state, id);
    else state.earliestReservationExpiry = Math.min(state.earliestReservationExpiry, reservation.expiresAt);
  }
}

function forgetSettled(state: State, now: number): void {
  if (now < state.earliestSettledExpiry) return;
  state.earliestSettledExpiry = Number.POSITIVE_INFINITY;
  for (const [id, keep] of state.settled) {
    if (keep <= now) state.settled.delete(id);
    else state.earliestSettledExpiry = Math.min(state.earliestSettledExpiry, keep);
  }
}

/**
 * A {@link UsageStore} in this process's memory: the default for a single process and for
 * tests. Every operation runs synchronously inside one call, so reservations are atomic without
 * locks. Budgets are per process: use the Redis or Postgres store when several processes share
 * a limit.
 *
 * @example
 * ```ts
 * import { createMemoryUsageStore, withBudget } from 'crmkit';
 *
 * const store = createMemoryUsageStore();
 * const budgeted = withBudget(provider, { store, limits: { perTenantDaily: { costMicros: 100_000_000 } } });
 * ```
 */
export function createMemoryUsageStore(): UsageStore {
  let state: State | undefined;

  return {
    async reserve(request, options) {
      checkReserve(request);
      throwIfAborted(options?.signal);
      const live = (state ??= newState());
      sweep(live, request.now);
      if (live.reservations.has(request.reservationId)) return { ok: true };
      for (const charge of request.buckets) {
        const bucket = bucketAt(live, charge.key, request.now);
        for (const metric of metrics) {
          const limit = charge.limits[metric];
          if (limit === undefined) continue;
          const used = bucket?.used[metric] ?? 0;
          const reserved = bucket?.reserved[metric] ?? 0;
          if (used + reserved + request.amounts[metric] > limit) return { ok: false, refusal: { key: charge.key, metric, limit, used, reserved } };
        }
      }
      for (const charge of request.buckets) {
        let bucket = bucketAt(live, charge.key, request.now);
        if (!bucket) {
          bucket = { used: zero(), reserved: zero(), expiresAt: 0 };
          live.buckets.set(charge.key, bucket);
        }
        bucket.expiresAt = Math.max(bucket.expiresAt, charge.expiresAt, request.reservationExpiresAt);
        for (const metric of metrics) bucket.reserved[metric] += request.amounts[metric];
      }
      live.reservations.set(request.reservationId, {
        keys: request.buckets.map((charge) => charge.key),
        amounts: { ...request.amounts },
        expiresAt: request.reservationExpiresAt,
      });
      live.earliestReservationExpiry = Math.min(live.earliestReservationExpiry, request.reservationExpiresAt);
      return { ok: true };
    },

    async settle(request, options) {
      checkSettle(request);
      throwIfAborted(options?.signal);
      const live = (state ??= newState());
      forgetSettled(live, request.now);
      if (live.settled.has(request.reservationId)) return;
      let keep = request.now + 86_400_000;
      for (const charge of request.buckets) if (charge.expiresAt > keep) keep = charge.expiresAt;
      live.settled.set(request.reservationId, keep);
      live.earliestSettledExpiry = Math.min(live.earliestSettledExpiry, keep);
      releaseReservation(live, request.reservationId);
      for (const charge of request.buckets) {
        let bucket = bucketAt(live, charge.key, request.now);
        if (!bucket) {
          bucket = { used: zero(), reserved: zero(), expiresAt: 0 };
          live.buckets.set(charge.key, bucket);
        }
        bucket.expiresAt = Math.max(bucket.expiresAt, charge.expiresAt);
        for (const metric of metrics) bucket.used[metric] += request.actual[metric];
      }
      const record = request.record;
      if (record) {
        // Ids never contain control characters (checkSettle), so a line feed separates them unambiguously.
        const key = `${record.tenantId}\n${record.userId ?? ''}\n${record.sessionId ?? ''}\n${record.provider}\n${record.model}\n${record.day}`;
        const row = live.records.get(key);
        if (row) {
          row.requests += record.requests;
          row.inputTokens += record.inputTokens;
          row.outputTokens += record.outputTokens;
          row.costMicros += record.costMicros;
        } else {
          live.records.set(key, { ...record });
        }
      }
    },

    async release(request, options) {
      checkRelease(request);
      throwIfAborted(options?.signal);
      if (state) releaseReservation(state, request.reservationId);
    },

    async readBuckets(keys, options) {
      throwIfAborted(options?.signal);
      return keys.map((key): BucketState => {
        const bucket = state?.buckets.get(key);
        return { key, used: { ...(bucket?.used ?? zero()) }, reserved: { ...(bucket?.reserved ?? zero()) } };
      });
    },

    async getUsage(query, options) {
      const parsed = parseInput(usageQuerySchema, query, 'getUsage query');
      throwIfAborted(options?.signal);
      const rows: UsageRecord[] = [];
      if (state) for (const record of state.records.values()) if (matchesUsageQuery(record, parsed)) rows.push(record);
      return summarizeUsage(parsed, rows);
    },
  };
}
