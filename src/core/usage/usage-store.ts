import type { StoreCallOptions } from '../store-call-options.js';

/**
 * The three quantities a budget counts. Money is in integer micro-dollars (1 USD = 1,000,000),
 * never floating-point dollars that drift.
 *
 * @example
 * ```ts
 * const amounts: UsageAmounts = { costMicros: 1_650, tokens: 1_200, requests: 1 };
 * ```
 */
export interface UsageAmounts {
  readonly costMicros: number;
  readonly tokens: number;
  readonly requests: number;
}

/**
 * One of the {@link UsageAmounts} fields.
 *
 * @example
 * ```ts
 * const units: Record<UsageMetric, string> = { costMicros: 'micro-USD', tokens: 'tokens', requests: 'requests' };
 * const result = await store.reserve(request);
 * if (!result.ok) console.warn(`${result.refusal.key} is over its ${units[result.refusal.metric]} limit`);
 * ```
 */
export type UsageMetric = keyof UsageAmounts;

/**
 * A counter a reservation is charged to (the session, the user's day, the tenant's day), with the
 * limits it must stay within.
 *
 * @example
 * ```ts
 * const bucket: BucketCharge = { key: 'tenant:acme:2025-11-21', limits: { costMicros: 100_000_000 }, expiresAt: Date.parse('2025-11-23T00:00:00Z') };
 * ```
 */
export interface BucketCharge {
  /** Opaque, stable id of the counter. The budget wrapper builds these; stores never parse them. */
  readonly key: string;
  /** Upper bounds on `used + reserved` per metric; an absent metric is unlimited. */
  readonly limits: Partial<UsageAmounts>;
  /** When the store may forget the counter (epoch ms). Stores keep the latest expiry they saw. */
  readonly expiresAt: number;
}

/**
 * Asks a store to hold `amounts` on every bucket at once, or on none.
 *
 * @example
 * ```ts
 * const request: ReserveRequest = { reservationId: crypto.randomUUID(), buckets: [bucket], amounts, now: Date.now(), reservationExpiresAt: Date.now() + 600_000 };
 * ```
 */
export interface ReserveRequest {
  /** Unique per call; settle and release refer to it. */
  readonly reservationId: string;
  /**
   * The tenant whose budget this is, when the caller knows it (the budget wrapper always does).
   * Stores may keep tenants apart with it: the Redis store puts each tenant's buckets and
   * reservations in a Redis Cluster slot of its own. Pass the same value to reserve, settle,
   * release and `readBuckets`.
   */
  readonly tenantId?: string;

  readonly buckets: readonly BucketCharge[];
  readonly amounts: UsageAmounts;
  /** The caller's clock (epoch ms): decides which reservations and buckets have expired. */
  readonly now: number;
  /**
   * When a reservation that was never settled nor released (its process died) is released by
   * the store on a later call. Must be later than the longest call.
   */
  readonly reservationExpiresAt: number;
}

/**
 * Which limit refused a reservation, and how full its bucket was.
 *
 * @example
 * ```ts
 * const refusal: BucketRefusal = { key: 'session:acme:s-1', metric: 'requests', limit: 100, used: 100, reserved: 0 };
 * ```
 */
export interface BucketRefusal {
  readonly key: string;
  readonly metric: UsageMetric;
  readonly limit: number;
  readonly used: number;
  readonly reserved: number;
}

/**
 * What {@link UsageStore.reserve} answers.
 *
 * @example
 * ```ts
 * const result: ReserveResult = { ok: false, refusal };
 * ```
 */
export type ReserveResult = { readonly ok: true } | { readonly ok: false; readonly refusal: BucketRefusal };

/**
 * One row of the usage ledger: what one call used, keyed by who, where, with what and when.
 *
 * @example
 * ```ts
 * const record: UsageRecord = { tenantId: 'acme', userId: 'agent-7', sessionId: 's-1', provider: 'openai', model: 'gpt-4o-mini', day: '2025-11-21', requests: 1, inputTokens: 900, outputTokens: 120, costMicros: 207 };
 * ```
 */
export interface UsageRecord {
  readonly tenantId: string;
  readonly userId?: string;
  readonly sessionId?: string;
  readonly provider: string;
  readonly model: string;
  /** The calendar day (`YYYY-MM-DD`) in the budget's time zone. */
  readonly day: string;
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costMicros: number;
}

/**
 * Turns a reservation into spend: its reserved amounts are released and `actual` is added to
 * the buckets' used amounts (and `record`, when given, to the ledger).
 *
 * @example
 * ```ts
 * await store.settle({ reservationId, buckets, actual: { costMicros: 207, tokens: 1_020, requests: 1 }, record, now: Date.now() });
 * ```
 */
export interface SettleRequest {
  readonly reservationId: string;
  /**
   * The tenant whose budget this is, when the caller knows it (the budget wrapper always does).
   * Stores may keep tenants apart with it: the Redis store puts each tenant's buckets and
   * reservations in a Redis Cluster slot of its own. Pass the same value to reserve, settle,
   * release and `readBuckets`.
   */
  readonly tenantId?: string;

  /**
   * The buckets to charge. The same as at reserve time: a reservation the store already expired
   * is still charged, because the call did happen.
   */
  readonly buckets: readonly BucketCharge[];
  readonly actual: UsageAmounts;
  readonly record?: UsageRecord;
  readonly now: number;
}

/**
 * Drops a reservation without charging anything.
 *
 * @example
 * ```ts
 * await store.release({ reservationId, now: Date.now() });
 * ```
 */
export interface ReleaseRequest {
  readonly reservationId: string;
  /**
   * The tenant whose budget this is, when the caller knows it (the budget wrapper always does).
   * Stores may keep tenants apart with it: the Redis store puts each tenant's buckets and
   * reservations in a Redis Cluster slot of its own. Pass the same value to reserve, settle,
   * release and `readBuckets`.
   */
  readonly tenantId?: string;

  readonly now: number;
}

/**
 * A bucket's settled and in-flight amounts.
 *
 * @example
 * ```ts
 * const [state] = await store.readBuckets(['tenant:acme:2025-11-21']);
 * console.log(state.used.costMicros, state.reserved.costMicros);
 * ```
 */
export interface BucketState {
  readonly key: string;
  readonly used: UsageAmounts;
  readonly reserved: UsageAmounts;
}

/**
 * Options of {@link UsageStore.readBuckets}.
 *
 * @example
 * ```ts
 * const [state] = await store.readBuckets(['t:acme:2025-11-21'], { tenantId: 'acme' });
 * ```
 */
export interface ReadBucketsOptions extends StoreCallOptions {
  /** The tenant the buckets were reserved under (`ReserveRequest.tenantId`), when one was given. */
  readonly tenantId?: string;
}

/**
 * Which usage to report. `from` and `to` are inclusive `YYYY-MM-DD` days in the budget's time zone.
 *
 * @example
 * ```ts
 * const query: UsageQuery = { tenantId: 'acme', userId: 'agent-7', from: '2025-11-01', to: '2025-11-30' };
 * ```
 */
export interface UsageQuery {
  readonly tenantId: string;
  readonly userId?: string;
  readonly from?: string;
  readonly to?: string;
}

/**
 * Request, token and cost totals.
 *
 * @example
 * ```ts
 * const totals: UsageTotals = { requests: 3, inputTokens: 2_700, outputTokens: 360, totalTokens: 3_060, costMicros: 621 };
 * ```
 */
export interface UsageTotals {
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  readonly costMicros: number;
}

/**
 * What `getUsage` returns (the shape of seed 002's usage endpoint): totals, and the same totals
 * per provider, per provider and model, and per day. Breakdowns are sorted by cost, highest first
 * (days in calendar order).
 *
 * @example
 * ```ts
 * const report = await store.getUsage({ tenantId: 'acme' });
 * console.log(report.costMicros / 1_000_000, 'USD');
 * for (const row of report.byModel) console.log(row.provider, row.model, row.requests);
 * ```
 */
export interface UsageReport extends UsageTotals {
  readonly tenantId: string;
  readonly userId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly byProvider: readonly (UsageTotals & { readonly provider: string })[];
  readonly byModel: readonly (UsageTotals & { readonly provider: string; readonly model: string })[];
  readonly byDay: readonly (UsageTotals & { readonly day: string })[];
}

/**
 * The ledger behind budgets. `reserve` is atomic across all of its buckets: it either holds the
 * amounts on every bucket, each staying within its limits counting what is already used and
 * reserved, or changes nothing. So N concurrent calls never overshoot a limit by more than what
 * settlement adds beyond one reservation. Implementations: memory (`createMemoryUsageStore`),
 * Redis and Postgres (`crmkit/adapters/redis`, `crmkit/adapters/postgres`); check your own with
 * `runUsageStoreContract` from `crmkit/testing`.
 *
 * Once a command has been sent, stores finish it even if the signal fires, so a reservation is
 * never left in an unknown state; the signal is checked before sending.
 *
 * @example
 * ```ts
 * const result = await store.reserve({ reservationId, buckets, amounts, now, reservationExpiresAt });
 * if (!result.ok) throw new Error(`limit ${result.refusal.metric} reached`);
 * try {
 *   const answer = await callModel();
 *   await store.settle({ reservationId, buckets, actual, record, now: Date.now() });
 * } catch (error) {
 *   await store.release({ reservationId, now: Date.now() });
 *   throw error;
 * }
 * ```
 */
export interface UsageStore {
  reserve(request: ReserveRequest, options?: StoreCallOptions): Promise<ReserveResult>;
  /** Releases the reservation's amounts (once, even if called again) and charges `actual`. */
  settle(request: SettleRequest, options?: StoreCallOptions): Promise<void>;
  /** Releases the reservation's amounts; a no-op for an unknown, settled or released reservation. */
  release(request: ReleaseRequest, options?: StoreCallOptions): Promise<void>;
  /** The state of each key, in order; an unknown bucket reads as zeros. */
  readBuckets(keys: readonly string[], options?: ReadBucketsOptions): Promise<readonly BucketState[]>;
  getUsage(query: UsageQuery, options?: StoreCallOptions): Promise<UsageReport>;
}
