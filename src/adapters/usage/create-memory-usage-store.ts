import { throwIfAborted } from '../../core/abort.js';
import { checkRelease, checkReserve, checkSettle } from './usage-input.js';
import { parseInput } from '../../core/validate.js';
import { matchesUsageQuery, summarizeUsage } from './summarize-usage.js';
import { usageQuerySchema } from './usage-query-schema.js';
import type { BucketState, UsageAmounts, UsageMetric, UsageRecord, UsageStore } from './usage-store.js';

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
  const buckets = new Map<string, Bucket>();
  const reservations = new Map<string, Reservation>();
  const records = new Map<string, UsageRecord & { requests: number; inputTokens: number; outputTokens: number; costMicros: number }>();
  // Reservation id → when its settle may be forgotten: a repeated settle is applied once.
  const settled = new Map<string, number>();
  let earliestSettledExpiry = Number.POSITIVE_INFINITY;
  let earliestReservationExpiry = Number.POSITIVE_INFINITY;

  const bucketAt = (key: string, now: number): Bucket | undefined => {
    const bucket = buckets.get(key);
    if (bucket && bucket.expiresAt <= now) {
      buckets.delete(key);
      return undefined;
    }
    return bucket;
  };

  const releaseReservation = (id: string): void => {
    const reservation = reservations.get(id);
    if (!reservation) return;
    reservations.delete(id);
    for (const key of reservation.keys) {
      const bucket = buckets.get(key);
      if (!bucket) continue;
      for (const metric of metrics) bucket.reserved[metric] -= reservation.amounts[metric];
    }
  };

  // Releases reservations whose process never came back. A full scan, but only when the earliest
  // known expiry has passed, so the common call pays one comparison.
  const sweep = (now: number): void => {
    if (now < earliestReservationExpiry) return;
    earliestReservationExpiry = Number.POSITIVE_INFINITY;
    for (const [id, reservation] of reservations) {
      if (reservation.expiresAt <= now) releaseReservation(id);
      else earliestReservationExpiry = Math.min(earliestReservationExpiry, reservation.expiresAt);
    }
  };

  const forgetSettled = (now: number): void => {
    if (now < earliestSettledExpiry) return;
    earliestSettledExpiry = Number.POSITIVE_INFINITY;
    for (const [id, keep] of settled) {
      if (keep <= now) settled.delete(id);
      else earliestSettledExpiry = Math.min(earliestSettledExpiry, keep);
    }
  };

  return {
    async reserve(request, options) {
      checkReserve(request);
      throwIfAborted(options?.signal);
      sweep(request.now);
      if (reservations.has(request.reservationId)) return { ok: true };
      for (const charge of request.buckets) {
        const bucket = bucketAt(charge.key, request.now);
        for (const metric of metrics) {
          const limit = charge.limits[metric];
          if (limit === undefined) continue;
          const used = bucket?.used[metric] ?? 0;
          const reserved = bucket?.reserved[metric] ?? 0;
          if (used + reserved + request.amounts[metric] > limit) return { ok: false, refusal: { key: charge.key, metric, limit, used, reserved } };
        }
      }
      for (const charge of request.buckets) {
        let bucket = bucketAt(charge.key, request.now);
        if (!bucket) {
          bucket = { used: zero(), reserved: zero(), expiresAt: 0 };
          buckets.set(charge.key, bucket);
        }
        bucket.expiresAt = Math.max(bucket.expiresAt, charge.expiresAt, request.reservationExpiresAt);
        for (const metric of metrics) bucket.reserved[metric] += request.amounts[metric];
      }
      reservations.set(request.reservationId, {
        keys: request.buckets.map((charge) => charge.key),
        amounts: { ...request.amounts },
        expiresAt: request.reservationExpiresAt,
      });
      earliestReservationExpiry = Math.min(earliestReservationExpiry, request.reservationExpiresAt);
      return { ok: true };
    },

    async settle(request, options) {
      checkSettle(request);
      throwIfAborted(options?.signal);
      forgetSettled(request.now);
      if (settled.has(request.reservationId)) return;
      let keep = request.now + 86_400_000;
      for (const charge of request.buckets) if (charge.expiresAt > keep) keep = charge.expiresAt;
      settled.set(request.reservationId, keep);
      earliestSettledExpiry = Math.min(earliestSettledExpiry, keep);
      releaseReservation(request.reservationId);
      for (const charge of request.buckets) {
        let bucket = bucketAt(charge.key, request.now);
        if (!bucket) {
          bucket = { used: zero(), reserved: zero(), expiresAt: 0 };
          buckets.set(charge.key, bucket);
        }
        bucket.expiresAt = Math.max(bucket.expiresAt, charge.expiresAt);
        for (const metric of metrics) bucket.used[metric] += request.actual[metric];
      }
      const record = request.record;
      if (record) {
        // Ids never contain control characters (checkSettle), so a line feed separates them unambiguously.
        const key = `${record.tenantId}\n${record.userId ?? ''}\n${record.sessionId ?? ''}\n${record.provider}\n${record.model}\n${record.day}`;
        const row = records.get(key);
        if (row) {
          row.requests += record.requests;
          row.inputTokens += record.inputTokens;
          row.outputTokens += record.outputTokens;
          row.costMicros += record.costMicros;
        } else {
          records.set(key, { ...record });
        }
      }
    },

    async release(request, options) {
      checkRelease(request);
      throwIfAborted(options?.signal);
      releaseReservation(request.reservationId);
    },

    async readBuckets(keys, options) {
      throwIfAborted(options?.signal);
      return keys.map((key): BucketState => {
        const bucket = buckets.get(key);
        return { key, used: { ...(bucket?.used ?? zero()) }, reserved: { ...(bucket?.reserved ?? zero()) } };
      });
    },

    async getUsage(query, options) {
      const parsed = parseInput(usageQuerySchema, query, 'getUsage query');
      throwIfAborted(options?.signal);
      const rows: UsageRecord[] = [];
      for (const record of records.values()) if (matchesUsageQuery(record, parsed)) rows.push(record);
      return summarizeUsage(parsed, rows);
    },
  };
}
