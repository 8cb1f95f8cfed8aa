import assert from 'node:assert/strict';
import { ValidationError } from '../../core/errors.js';
import type { BucketCharge, UsageAmounts, UsageRecord, UsageStore } from '../../core/usage/usage-store.js';
import type { ContractTestApi } from './contract-test-api.js';

/**
 * Options of {@link runUsageStoreContract}.
 *
 * @example
 * ```ts
 * const options: UsageStoreContractOptions = { name: 'memory', test: { describe, it }, createStore: () => createMemoryUsageStore() };
 * ```
 */
export interface UsageStoreContractOptions {
  /** Shown in the suite's name, e.g. `redis`. */
  readonly name: string;
  /** `describe` and `it` of your test runner. */
  readonly test: ContractTestApi;
  /**
   * Makes the store under test, once per test. Stores may share one backend: every test uses
   * bucket keys and tenants of its own.
   */
  readonly createStore: () => UsageStore | Promise<UsageStore>;
  /** How many reservations race one limit. @default 100 */
  readonly concurrentCalls?: number;
  /**
   * Run every call with the test's `tenantId` (as the budget wrapper does), for stores that keep
   * tenants apart by it (the Redis store on a cluster without a hash tag in its prefix).
   * @default false
   */
  readonly tenantScoped?: boolean;
}

/** The store as a caller that always names its tenant sees it. */
function scopedTo(store: UsageStore, tenant: string): UsageStore {
  return {
    reserve: (request, callOptions) => store.reserve({ tenantId: tenant, ...request }, callOptions),
    settle: (request, callOptions) => store.settle({ tenantId: request.record?.tenantId ?? tenant, ...request }, callOptions),
    release: (request, callOptions) => store.release({ tenantId: tenant, ...request }, callOptions),
    readBuckets: (keys, callOptions) => store.readBuckets(keys, { tenantId: tenant, ...callOptions }),
    getUsage: (query, callOptions) => store.getUsage(query, callOptions),
  };
}

const start = Date.parse('2025-11-21T09:00:00.000Z');
const hour = 3_600_000;
const amounts = (costMicros: number, tokens = 0, requests = 1): UsageAmounts => ({ costMicros, tokens, requests });
const unique = (label: string): string => `contract-${label}-${crypto.randomUUID().slice(0, 8)}`;
const id = (): string => crypto.randomUUID();

/**
 * The behaviour every {@link UsageStore} must have, as a test suite: atomic all-or-nothing
 * reservations, settlement and release that return the reserved amount to exactly zero, expiry of
 * abandoned reservations, no overshoot under 100 concurrent calls racing one limit, and the usage
 * report. Assertions use `node:assert`, so it runs under any test runner.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { runUsageStoreContract } from 'crmkit/testing';
 *
 * runUsageStoreContract({ name: 'my-store', test: { describe, it }, createStore: () => createMyUsageStore() });
 * ```
 */
export function runUsageStoreContract(options: UsageStoreContractOptions): void {
  const { describe, it } = options.test;
  const concurrentCalls = options.concurrentCalls ?? 100;

  const setup = async (): Promise<{ store: UsageStore; key: (label: string) => string; tenant: string }> => {
    const created = await options.createStore();
    const prefix = unique('bucket');
    const tenant = unique('tenant');
    return { store: options.tenantScoped ? scopedTo(created, tenant) : created, key: (label) => `${prefix}:${label}`, tenant };
  };
  const bucket = (key: string, limits: BucketCharge['limits'], expiresAt = start + 24 * hour): BucketCharge => ({ key, limits, expiresAt });
  const reserved = async (store: UsageStore, keys: readonly string[]): Promise<UsageAmounts[]> => (await store.readBuckets(keys)).map((state) => state.reserved);

  describe(`UsageStore contract: ${options.name}`, () => {
    it('reserves within the limits and refuses past them, naming the bucket, metric and fill', async () => {
      const { store, key } = await setup();
      const day = bucket(key('day'), { costMicros: 1_000, requests: 10 });
      const first = await store.reserve({ reservationId: id(), buckets: [day], amounts: amounts(600, 50), now: start, reservationExpiresAt: start + hour });
      assert.deepEqual(first, { ok: true });
      const second = await store.reserve({ reservationId: id(), buckets: [day], amounts: amounts(500, 50), now: start, reservationExpiresAt: start + hour });
      assert.deepEqual(second, { ok: false, refusal: { key: day.key, metric: 'costMicros', limit: 1_000, used: 0, reserved: 600 } });
      const [state] = await store.readBuckets([day.key]);
      assert.deepEqual(state, { key: day.key, used: amounts(0, 0, 0), reserved: amounts(600, 50) });
    });

    it('is all or nothing: a refusal on one bucket leaves every other bucket untouched', async () => {
      const { store, key } = await setup();
      const roomy = bucket(key('roomy'), { costMicros: 10_000 });
      const tight = bucket(key('tight'), { requests: 0 });
      const result = await store.reserve({ reservationId: id(), buckets: [roomy, tight], amounts: amounts(100), now: start, reservationExpiresAt: start + hour });
      assert.equal(result.ok, false);
      assert.deepEqual(!result.ok && [result.refusal.key, result.refusal.metric], [tight.key, 'requests']);
      assert.deepEqual(await reserved(store, [roomy.key, tight.key]), [amounts(0, 0, 0), amounts(0, 0, 0)]);
    });

    it('settles to the actual amounts and releases the reservation exactly once', async () => {
      const { store, key } = await setup();
      const buckets = [bucket(key('session'), { costMicros: 5_000 }), bucket(key('tenant'), {})];
      const reservationId = id();
      await store.reserve({ reservationId, buckets, amounts: amounts(900, 300), now: start, reservationExpiresAt: start + hour });
      await store.settle({ reservationId, buckets, actual: amounts(250, 120), now: start + 1_000 });
      await store.release({ reservationId, now: start + 2_000 });
      const states = await store.readBuckets(buckets.map((charge) => charge.key));
      for (const state of states) assert.deepEqual([state.used, state.reserved], [amounts(250, 120), amounts(0, 0, 0)]);
    });

    it('applies a settle repeated with the same reservation id once (buckets and ledger)', async () => {
      const { store, key, tenant } = await setup();
      const buckets = [bucket(key('replay'), { costMicros: 10_000 })];
      const reservationId = id();
      const record: UsageRecord = { tenantId: tenant, provider: 'openai', model: 'gpt-4o-mini', day: '2025-11-21', requests: 1, inputTokens: 90, outputTokens: 30, costMicros: 400 };
      await store.reserve({ reservationId, buckets, amounts: amounts(900, 300), now: start, reservationExpiresAt: start + hour });
      const settle = { reservationId, buckets, actual: amounts(400, 120), record, now: start + 1_000 };
      await store.settle(settle);
      // A client resending the script after a reconnect, or a caller retrying after a lost reply:
      await store.settle(settle);
      await Promise.all([store.settle({ ...settle, now: start + 2_000 }), store.settle({ ...settle, now: start + 2_000 })]);
      await store.release({ reservationId, now: start + 3_000 });
      const [state] = await store.readBuckets([key('replay')]);
      assert.deepEqual([state?.used, state?.reserved], [amounts(400, 120), amounts(0, 0, 0)]);
      const report = await store.getUsage({ tenantId: tenant });
      assert.deepEqual([report.requests, report.costMicros, report.totalTokens], [1, 400, 120]);
    });

    it('keeps the buckets and ledger of calls that name their tenant, read back with it', async () => {
      const { store, key, tenant } = await setup();
      const buckets = [bucket(key('named'), { costMicros: 1_000 })];
      const reservationId = id();
      await store.reserve({ reservationId, tenantId: tenant, buckets, amounts: amounts(600), now: start, reservationExpiresAt: start + hour });
      assert.deepEqual((await store.reserve({ reservationId: id(), tenantId: tenant, buckets, amounts: amounts(600), now: start, reservationExpiresAt: start + hour })).ok, false);
      const record: UsageRecord = { tenantId: tenant, provider: 'openai', model: 'gpt-4o-mini', day: '2025-11-21', requests: 1, inputTokens: 10, outputTokens: 5, costMicros: 250 };
      await store.settle({ reservationId, tenantId: tenant, buckets, actual: amounts(250, 15), record, now: start });
      const [state] = await store.readBuckets([key('named')], { tenantId: tenant });
      assert.deepEqual([state?.used, state?.reserved], [amounts(250, 15), amounts(0, 0, 0)]);
      assert.equal((await store.getUsage({ tenantId: tenant })).costMicros, 250);
      await assert.rejects(
        store.settle({ reservationId: id(), tenantId: tenant, buckets, actual: amounts(1), record: { ...record, tenantId: `${tenant}-other` }, now: start }),
        (error: unknown) => ValidationError.isInstance(error) && error.issues.some((issue) => issue.path === 'record.tenantId'),
      );
    });

    it('releases idempotently, and ignores unknown reservations', async () => {
      const { store, key } = await setup();
      const buckets = [bucket(key('b'), { costMicros: 1_000 })];
      const reservationId = id();
      await store.reserve({ reservationId, buckets, amounts: amounts(400), now: start, reservationExpiresAt: start + hour });
      await store.release({ reservationId, now: start });
      await store.release({ reservationId, now: start });
      await store.release({ reservationId: id(), now: start });
      assert.deepEqual(await reserved(store, [buckets[0]!.key]), [amounts(0, 0, 0)]);
      const again = await store.reserve({ reservationId: id(), buckets, amounts: amounts(1_000), now: start, reservationExpiresAt: start + hour });
      assert.equal(again.ok, true);
    });

    it(`never lets ${concurrentCalls} concurrent reservations racing one limit overshoot it`, async () => {
      const { store, key } = await setup();
      const limit = 100;
      const buckets = [bucket(key('race'), { costMicros: limit })];
      const results = await Promise.all(
        Array.from({ length: concurrentCalls }, () => store.reserve({ reservationId: id(), buckets, amounts: amounts(7), now: start, reservationExpiresAt: start + hour })),
      );
      const accepted = results.filter((result) => result.ok).length;
      assert.equal(accepted, Math.min(concurrentCalls, Math.floor(limit / 7)));
      const [state] = await store.readBuckets([buckets[0]!.key]);
      assert.equal(state?.reserved.costMicros, accepted * 7);
    });

    it('returns the reserved amount to exactly zero after a run full of settlements, failures and aborts', async () => {
      const { store, key } = await setup();
      const buckets = [bucket(key('session'), { requests: 1_000 }), bucket(key('user'), { costMicros: 1_000_000 }), bucket(key('tenant'), { tokens: 10_000_000 })];
      let settledCost = 0;
      await Promise.all(
        Array.from({ length: concurrentCalls }, async (_, index) => {
          const reservationId = id();
          const result = await store.reserve({ reservationId, buckets, amounts: amounts(1_000 + index, 500), now: start, reservationExpiresAt: start + hour });
          assert.equal(result.ok, true);
          await new Promise((resolve) => setImmediate(resolve));
          if (index % 3 === 0) {
            settledCost += 10 + index;
            await store.settle({ reservationId, buckets, actual: amounts(10 + index, 40), now: start + index });
            await store.release({ reservationId, now: start + index }); // a late abort after success
          } else if (index % 3 === 1) {
            await Promise.all([store.release({ reservationId, now: start }), store.release({ reservationId, now: start })]);
          } else {
            await store.release({ reservationId, now: start });
          }
        }),
      );
      const states = await store.readBuckets(buckets.map((charge) => charge.key));
      for (const state of states) {
        assert.deepEqual(state.reserved, amounts(0, 0, 0));
        assert.equal(state.used.costMicros, settledCost);
      }
    });

    it('releases a reservation its process abandoned once it expires', async () => {
      const { store, key } = await setup();
      const buckets = [bucket(key('abandoned'), { costMicros: 1_000 })];
      await store.reserve({ reservationId: id(), buckets, amounts: amounts(1_000), now: start, reservationExpiresAt: start + 60_000 });
      const blocked = await store.reserve({ reservationId: id(), buckets, amounts: amounts(1), now: start + 59_999, reservationExpiresAt: start + hour });
      assert.equal(blocked.ok, false);
      const later = await store.reserve({ reservationId: id(), buckets, amounts: amounts(1_000), now: start + 60_000, reservationExpiresAt: start + hour });
      assert.equal(later.ok, true);
      assert.deepEqual(await reserved(store, [buckets[0]!.key]), [amounts(1_000)]);
    });

    it('still charges a call whose reservation had already expired when it settled', async () => {
      const { store, key } = await setup();
      const buckets = [bucket(key('late'), { costMicros: 10_000 })];
      const reservationId = id();
      await store.reserve({ reservationId, buckets, amounts: amounts(500), now: start, reservationExpiresAt: start + 1_000 });
      await store.reserve({ reservationId: id(), buckets: [bucket(key('other'), {})], amounts: amounts(1), now: start + 5_000, reservationExpiresAt: start + hour });
      await store.settle({ reservationId, buckets, actual: amounts(321), now: start + 6_000 });
      const [state] = await store.readBuckets([buckets[0]!.key]);
      assert.deepEqual([state?.used.costMicros, state?.reserved.costMicros], [321, 0]);
    });

    it('forgets a bucket once it expires, so a new window starts from zero', async () => {
      const { store, key } = await setup();
      const window = bucket(key('window'), { requests: 1 }, start + hour);
      const reservationId = id();
      const first = await store.reserve({ reservationId, buckets: [window], amounts: amounts(0), now: start, reservationExpiresAt: start + 1_000 });
      assert.equal(first.ok, true);
      await store.settle({ reservationId, buckets: [window], actual: amounts(0), now: start });
      const sameWindow = await store.reserve({ reservationId: id(), buckets: [window], amounts: amounts(0), now: start + 2_000, reservationExpiresAt: start + 3_000 });
      assert.equal(sameWindow.ok, false);
      const nextWindow = await store.reserve({ reservationId: id(), buckets: [window], amounts: amounts(0), now: start + hour + 1, reservationExpiresAt: start + 2 * hour });
      assert.equal(nextWindow.ok, true);
    });

    it('releases a reservation from the bucket it was made on, never from a newer bucket under the same key', async () => {
      const { store, key } = await setup();
      const charge = (expiresAt: number): BucketCharge[] => [bucket(key('reopened'), { costMicros: 1_000 }, expiresAt)];
      const [opener, settledLate, releasedLate, swept] = [id(), id(), id(), id()];
      for (const reservationId of [releasedLate, settledLate, swept]) {
        await store.reserve({ reservationId, buckets: charge(start + 1_000), amounts: amounts(300), now: start, reservationExpiresAt: start + 2_000 });
      }
      await store.reserve({ reservationId: opener, buckets: charge(start + 1_000), amounts: amounts(100), now: start + 500, reservationExpiresAt: start + 2_000 });
      // The bucket has expired when the opener settles: its charge opens a new bucket under the key,
      // which holds none of the three reservations still listed.
      await store.settle({ reservationId: opener, buckets: charge(start + hour), actual: amounts(1_000), now: start + 3_000 });
      await store.settle({ reservationId: settledLate, buckets: charge(start + hour), actual: amounts(0), now: start + 3_000 });
      await store.release({ reservationId: releasedLate, now: start + 3_000 });
      // This reserve sweeps the last one; the new bucket, at its limit, must stay there.
      const over = await store.reserve({ reservationId: id(), buckets: charge(start + hour), amounts: amounts(1), now: start + 3_000, reservationExpiresAt: start + hour });
      assert.deepEqual(over, { ok: false, refusal: { key: key('reopened'), metric: 'costMicros', limit: 1_000, used: 1_000, reserved: 0 } });
      const [state] = await store.readBuckets([key('reopened')]);
      assert.deepEqual([state?.used, state?.reserved], [amounts(1_000, 0, 2), amounts(0, 0, 0)]);
    });

    it('reports usage per tenant with totals and breakdowns by provider, model and day', async () => {
      const { store, key, tenant } = await setup();
      const other = unique('tenant');
      const buckets = [bucket(key('ledger'), {})];
      const record = (overrides: Partial<UsageRecord>): UsageRecord => ({
        tenantId: tenant,
        userId: 'agent-1',
        sessionId: 's-1',
        provider: 'openai',
        model: 'gpt-4o-mini',
        day: '2025-11-21',
        requests: 1,
        inputTokens: 100,
        outputTokens: 20,
        costMicros: 30,
        ...overrides,
      });
      const rows = [
        record({}),
        record({ sessionId: 's-2' }),
        record({ userId: 'agent-2', provider: 'anthropic', model: 'claude-3-haiku-20240307', costMicros: 50 }),
        record({ day: '2025-11-22', costMicros: 35 }),
        record({ tenantId: other, costMicros: 999 }),
        record({ userId: undefined, sessionId: undefined, day: '2025-11-20', requests: 0, costMicros: 5 }),
      ];
      for (const row of rows) {
        const reservationId = id();
        await store.reserve({ reservationId, buckets, amounts: amounts(row.costMicros), now: start, reservationExpiresAt: start + hour });
        await store.settle({ reservationId, buckets, actual: amounts(row.costMicros, row.inputTokens + row.outputTokens, row.requests), record: row, now: start });
      }
      const report = await store.getUsage({ tenantId: tenant });
      assert.deepEqual(
        [report.tenantId, report.requests, report.inputTokens, report.outputTokens, report.totalTokens, report.costMicros],
        [tenant, 4, 500, 100, 600, 150],
      );
      assert.deepEqual(
        report.byProvider.map((row) => [row.provider, row.requests, row.costMicros]),
        [
          ['openai', 3, 100],
          ['anthropic', 1, 50],
        ],
      );
      assert.deepEqual(
        report.byModel.map((row) => [row.provider, row.model, row.costMicros]),
        [
          ['openai', 'gpt-4o-mini', 100],
          ['anthropic', 'claude-3-haiku-20240307', 50],
        ],
      );
      assert.deepEqual(
        report.byDay.map((row) => [row.day, row.costMicros]),
        [
          ['2025-11-20', 5],
          ['2025-11-21', 110],
          ['2025-11-22', 35],
        ],
      );
      const agent = await store.getUsage({ tenantId: tenant, userId: 'agent-1', from: '2025-11-21', to: '2025-11-21' });
      assert.deepEqual([agent.userId, agent.from, agent.to, agent.requests, agent.costMicros], ['agent-1', '2025-11-21', '2025-11-21', 2, 60]);
      const empty = await store.getUsage({ tenantId: unique('nobody') });
      assert.deepEqual([empty.requests, empty.costMicros, empty.byModel], [0, 0, []]);
      await assert.rejects(store.getUsage({ tenantId: tenant, from: '21/11/2025' }), (error: unknown) => ValidationError.isInstance(error));
    });

    it('refuses empty or malformed ids, NUL bytes and lone surrogates with a ValidationError naming the field, before writing', async () => {
      const { store, key, tenant } = await setup();
      const buckets = [bucket(key('input'), { costMicros: 1_000 })];
      const refusedField = async (promise: Promise<unknown>, field: string): Promise<void> => {
        await assert.rejects(promise, (error: unknown) => ValidationError.isInstance(error) && error.issues.some((issue) => issue.path === field));
      };
      const reservationId = id();
      await refusedField(store.reserve({ reservationId: '', buckets, amounts: amounts(10), now: start, reservationExpiresAt: start + hour }), 'reservationId');
      await refusedField(store.reserve({ reservationId, buckets: [bucket('b\u0000', {})], amounts: amounts(10), now: start, reservationExpiresAt: start + hour }), 'buckets[0].key');
      await refusedField(store.reserve({ reservationId, buckets, amounts: amounts(-1), now: start, reservationExpiresAt: start + hour }), 'amounts.costMicros');
      const record: UsageRecord = { tenantId: `${tenant}\ud800`, provider: 'openai', model: 'gpt-4o-mini', day: '2025-11-21', requests: 1, inputTokens: 1, outputTokens: 1, costMicros: 1 };
      await refusedField(store.settle({ reservationId, buckets, actual: amounts(1), record, now: start }), 'record.tenantId');
      await refusedField(store.settle({ reservationId, buckets, actual: amounts(1), record: { ...record, tenantId: tenant, model: 'a\u0000' }, now: start }), 'record.model');
      await refusedField(store.release({ reservationId: '\u0000', now: start }), 'reservationId');
      const [state] = await store.readBuckets([key('input')]);
      assert.deepEqual([state?.used, state?.reserved], [amounts(0, 0, 0), amounts(0, 0, 0)]);
      assert.equal((await store.getUsage({ tenantId: tenant })).requests, 0);
    });

    it('rejects with kind aborted when the signal has already fired', async () => {
      const { store, key } = await setup();
      const buckets = [bucket(key('aborted'), {})];
      await assert.rejects(
        store.reserve({ reservationId: id(), buckets, amounts: amounts(1), now: start, reservationExpiresAt: start + hour }, { signal: AbortSignal.abort() }),
        (error: unknown) => (error as { code?: string }).code === 'aborted',
      );
      assert.deepEqual(await reserved(store, [buckets[0]!.key]), [amounts(0, 0, 0)]);
    });
  });
}
