import { throwIfAborted } from '../../core/abort.js';
import { checkRelease, checkReserve, checkSettle } from '../usage/usage-input.js';
import { parseInput } from '../../core/validate.js';
import { matchesUsageQuery, summarizeUsage } from '../usage/summarize-usage.js';
import { usageQuerySchema } from '../../core/usage/usage-query-schema.js';
import type { BucketState, ReserveResult, UsageMetric, UsageRecord, UsageStore } from '../../core/usage/usage-store.js';

/** One counter, its amounts in fields of their own (no per-metric objects to allocate or look up by name). */
interface Bucket {
  usedCostMicros: number;
  usedTokens: number;
  usedRequests: number;
  reservedCostMicros: number;
  reservedTokens: number;
  reservedRequests: number;
  expiresAt: number;
}

interface Reservation {
  readonly keys: readonly string[];
  /** The buckets the amounts are held on, in `keys` order: released and settled without looking them up. */
  readonly buckets: readonly Bucket[];
  readonly costMicros: number;
  readonly tokens: number;
  readonly requests: number;
  readonly expiresAt: number;
}

const ok: ReserveResult = Object.freeze({ ok: true });

const refused = (key: string, metric: UsageMetric, limit: number, used: number, reserved: number): ReserveResult => ({ ok: false, refusal: { key, metric, limit, used, reserved } });

const newBucket = (): Bucket => ({ usedCostMicros: 0, usedTokens: 0, usedRequests: 0, reservedCostMicros: 0, reservedTokens: 0, reservedRequests: 0, expiresAt: 0 });

type UsageRow = UsageRecord & { requests: number; inputTokens: number; outputTokens: number; costMicros: number };

/** How often, at most, the settled reservation ids are scanned for ones that may be forgotten. */
const forgetIntervalMs = 60_000;
const minuteMs = 60_000;

/** One store's state, made on its first write: an idle store (say, one per assistant that never spends) is one small object. */
interface State {
  readonly buckets: Map<string, Bucket>;
  readonly reservations: Map<string, Reservation>;
  /** The ledger, in the order its rows were first written. */
  readonly rows: UsageRow[];
  /**
   * The ledger's rows by user (or, without one, tenant), then session (or ''): a call finds its
   * row with two lookups of ids it already holds, instead of building a key from all six.
   */
  readonly rowIndex: Map<string, Map<string, UsageRow[]>>;
  /**
   * Reservation id → the minute (epoch ms / 60,000, rounded up) after which its settle may be
   * forgotten: a repeated settle is applied once. Minutes are small integers, which a Map holds
   * without allocating a number per entry.
   */
  readonly settled: Map<string, number>;
  nextForgetAt: number;
  earliestReservationExpiry: number;
}

const newState = (): State => ({
  buckets: new Map(),
  reservations: new Map(),
  rows: [],
  rowIndex: new Map(),
  settled: new Map(),
  nextForgetAt: Number.POSITIVE_INFINITY,
  earliestReservationExpiry: Number.POSITIVE_INFINITY,
});

function bucketAt(state: State, key: string, now: number): Bucket | undefined {
  const bucket = state.buckets.get(key);
  if (bucket !== undefined && bucket.expiresAt <= now) {
    state.buckets.delete(key);
    // Marks it gone for the reservations that still point at it, whatever the clock says later.
    bucket.expiresAt = Number.NEGATIVE_INFINITY;
    return undefined;
  }
  return bucket;
}

function releaseReservation(state: State, id: string): void {
  const reservation = state.reservations.get(id);
  if (reservation === undefined) return;
  state.reservations.delete(id);
  // The very buckets the amounts were reserved on: one that expired meanwhile is not in the map
  // any more, and a new bucket under its key never held them.
  const buckets = reservation.buckets;
  for (let index = 0; index < buckets.length; index++) {
    const bucket = buckets[index]!;
    bucket.reservedCostMicros -= reservation.costMicros;
    bucket.reservedTokens -= reservation.tokens;
    bucket.reservedRequests -= reservation.requests;
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

// Forgets settled ids past their keep time. A full scan, so at most once per forgetIntervalMs: the
// ids expire in the order calls were made, so without that bound every call after the first
// expiry would scan them all again. An id may be kept up to that much longer, never shorter.
function forgetSettled(state: State, now: number): void {
  if (now < state.nextForgetAt) return;
  let earliest = Number.POSITIVE_INFINITY;
  for (const [id, keepMinute] of state.settled) {
    const keep = keepMinute * minuteMs;
    if (keep <= now) state.settled.delete(id);
    else if (keep < earliest) earliest = keep;
  }
  state.nextForgetAt = earliest === Number.POSITIVE_INFINITY ? earliest : Math.max(earliest, now + forgetIntervalMs);
}

function addToLedger(state: State, record: UsageRecord): void {
  const outerKey = record.userId ?? record.tenantId;
  let byUser = state.rowIndex.get(outerKey);
  if (byUser === undefined) {
    byUser = new Map();
    state.rowIndex.set(outerKey, byUser);
  }
  const innerKey = record.sessionId ?? '';
  let candidates = byUser.get(innerKey);
  if (candidates === undefined) {
    candidates = [];
    byUser.set(innerKey, candidates);
  }
  // Newest first: today's row is at the end.
  for (let index = candidates.length - 1; index >= 0; index--) {
    const row = candidates[index]!;
    if (row.day === record.day && row.model === record.model && row.provider === record.provider && row.tenantId === record.tenantId && row.userId === record.userId && row.sessionId === record.sessionId) {
      row.requests += record.requests;
      row.inputTokens += record.inputTokens;
      row.outputTokens += record.outputTokens;
      row.costMicros += record.costMicros;
      return;
    }
  }
  const row = { ...record };
  candidates.push(row);
  state.rows.push(row);
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
      const now = request.now;
      sweep(live, now);
      if (live.reservations.has(request.reservationId)) return ok;
      const charges = request.buckets;
      const { costMicros, tokens, requests } = request.amounts;
      for (let index = 0; index < charges.length; index++) {
        const charge = charges[index]!;
        const bucket = bucketAt(live, charge.key, now);
        const limits = charge.limits;
        // In metric order (costMicros, tokens, requests): the first one crossed is the refusal.
        if (limits.costMicros !== undefined) {
          const used = bucket?.usedCostMicros ?? 0;
          const reserved = bucket?.reservedCostMicros ?? 0;
          if (used + reserved + costMicros > limits.costMicros) return refused(charge.key, 'costMicros', limits.costMicros, used, reserved);
        }
        if (limits.tokens !== undefined) {
          const used = bucket?.usedTokens ?? 0;
          const reserved = bucket?.reservedTokens ?? 0;
          if (used + reserved + tokens > limits.tokens) return refused(charge.key, 'tokens', limits.tokens, used, reserved);
        }
        if (limits.requests !== undefined) {
          const used = bucket?.usedRequests ?? 0;
          const reserved = bucket?.reservedRequests ?? 0;
          if (used + reserved + requests > limits.requests) return refused(charge.key, 'requests', limits.requests, used, reserved);
        }
      }
      const keys = new Array<string>(charges.length);
      const held = new Array<Bucket>(charges.length);
      for (let index = 0; index < charges.length; index++) {
        const charge = charges[index]!;
        keys[index] = charge.key;
        let bucket = live.buckets.get(charge.key);
        if (bucket === undefined) {
          bucket = newBucket();
          live.buckets.set(charge.key, bucket);
        }
        held[index] = bucket;
        if (charge.expiresAt > bucket.expiresAt) bucket.expiresAt = charge.expiresAt;
        if (request.reservationExpiresAt > bucket.expiresAt) bucket.expiresAt = request.reservationExpiresAt;
        bucket.reservedCostMicros += costMicros;
        bucket.reservedTokens += tokens;
        bucket.reservedRequests += requests;
      }
      live.reservations.set(request.reservationId, { keys, buckets: held, costMicros, tokens, requests, expiresAt: request.reservationExpiresAt });
      if (request.reservationExpiresAt < live.earliestReservationExpiry) live.earliestReservationExpiry = request.reservationExpiresAt;
      return ok;
    },

    async settle(request, options) {
      checkSettle(request);
      throwIfAborted(options?.signal);
      const live = (state ??= newState());
      const now = request.now;
      forgetSettled(live, now);
      if (live.settled.has(request.reservationId)) return;
      const charges = request.buckets;
      let keep = now + 86_400_000;
      for (let index = 0; index < charges.length; index++) if (charges[index]!.expiresAt > keep) keep = charges[index]!.expiresAt;
      live.settled.set(request.reservationId, Math.ceil(keep / minuteMs));
      if (keep < live.nextForgetAt) live.nextForgetAt = keep;
      const reservation = live.reservations.get(request.reservationId);
      releaseReservation(live, request.reservationId);
      const { costMicros, tokens, requests } = request.actual;
      for (let index = 0; index < charges.length; index++) {
        const charge = charges[index]!;
        // The bucket the call reserved on, when it is the same key and still live; else the map's.
        const reserved = reservation !== undefined && reservation.keys[index] === charge.key ? reservation.buckets[index]! : undefined;
        let bucket = reserved !== undefined && reserved.expiresAt > now ? reserved : bucketAt(live, charge.key, now);
        if (bucket === undefined) {
          bucket = newBucket();
          live.buckets.set(charge.key, bucket);
        }
        if (charge.expiresAt > bucket.expiresAt) bucket.expiresAt = charge.expiresAt;
        bucket.usedCostMicros += costMicros;
        bucket.usedTokens += tokens;
        bucket.usedRequests += requests;
      }
      if (request.record) addToLedger(live, request.record);
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
        return {
          key,
          used: { costMicros: bucket?.usedCostMicros ?? 0, tokens: bucket?.usedTokens ?? 0, requests: bucket?.usedRequests ?? 0 },
          reserved: { costMicros: bucket?.reservedCostMicros ?? 0, tokens: bucket?.reservedTokens ?? 0, requests: bucket?.reservedRequests ?? 0 },
        };
      });
    },

    async getUsage(query, options) {
      const parsed = parseInput(usageQuerySchema, query, 'getUsage query');
      throwIfAborted(options?.signal);
      const rows: UsageRecord[] = [];
      if (state) for (const record of state.rows) if (matchesUsageQuery(record, parsed)) rows.push(record);
      return summarizeUsage(parsed, rows);
    },
  };
}
