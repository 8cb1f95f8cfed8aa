import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgres } from '../../../test/support/services.js';
import { runUsageStoreContract } from '../../testing/adapter-contract/run-usage-store-contract.js';
import { AdapterError } from '../adapter-error.js';
import { migrate } from './migrate.js';
import { createTestPool, uniqueSchema } from '../../../test/support/postgres-test-database.js';
import { settlementIdMigration } from './idempotency-migrations.js';
import { bucketGenerationMigration } from './bucket-generation-migration.js';
import { usageMigration } from './usage-migration.js';
import { createPostgresUsageStore } from './create-postgres-usage-store.js';

const schema = uniqueSchema('usage');

describe.skipIf(!postgres.available)('createPostgresUsageStore', () => {
  const pool = createTestPool(`crmkit-usage-${schema.slice(-10)}`, 20);
  const second = createTestPool(`crmkit-usage2-${schema.slice(-10)}`, 20);

  beforeAll(async () => {
    await migrate({ pool, schema, migrations: [usageMigration, settlementIdMigration, bucketGenerationMigration] });
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all([pool.end(), second.end()]);
  });

  runUsageStoreContract({ name: 'postgres', test: { describe, it }, createStore: () => createPostgresUsageStore({ pool, schema }) });

  it('holds one limit across two pools (two processes) racing it', async () => {
    const stores = [createPostgresUsageStore({ pool, schema }), createPostgresUsageStore({ pool: second, schema })];
    const key = `race-${crypto.randomUUID()}`;
    const others = [`a-${crypto.randomUUID()}`, `z-${crypto.randomUUID()}`];
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        stores[index % 2]!.reserve({
          reservationId: crypto.randomUUID(),
          // Buckets listed in varying order: the functions lock in key order regardless.
          buckets: (index % 3 === 0 ? [others[1]!, key, others[0]!] : [others[0]!, key, others[1]!]).map((bucket) => ({
            key: bucket,
            limits: bucket === key ? { costMicros: 1_000 } : {},
            expiresAt: Date.now() + 60_000,
          })),
          amounts: { costMicros: 30, tokens: 0, requests: 1 },
          now: Date.now(),
          reservationExpiresAt: Date.now() + 60_000,
        }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(33);
  });

  it('after migration 7, releases reservations made before it from their own bucket only', async () => {
    const legacy = `${schema}_pre7`;
    try {
      await migrate({ pool, schema: legacy, migrations: [usageMigration, settlementIdMigration] });
      const store = createPostgresUsageStore({ pool, schema: legacy });
      const start = Date.parse('2025-11-21T09:00:00.000Z');
      const amounts = { costMicros: 300, tokens: 0, requests: 1 };
      const charge = (key: string, expiresAt: number) => [{ key, limits: { costMicros: 1_000 }, expiresAt }];
      // Both made before the upgrade; `kept` stays on its bucket, `reopened`'s bucket expires.
      await store.reserve({ reservationId: 'kept', buckets: charge('kept', start + 3_600_000), amounts, now: start, reservationExpiresAt: start + 3_600_000 });
      await store.reserve({ reservationId: 'reopened', buckets: charge('reopened', start + 1_000), amounts, now: start, reservationExpiresAt: start + 3_600_000 });
      await migrate({ pool, schema: legacy, migrations: [usageMigration, settlementIdMigration, bucketGenerationMigration] });
      await store.settle({ reservationId: 'opener', buckets: charge('reopened', start + 7_200_000), actual: { ...amounts, costMicros: 1_000 }, now: start + 3_600_001 });
      await store.release({ reservationId: 'kept', now: start + 10 });
      await store.release({ reservationId: 'reopened', now: start + 3_600_001 });
      const states = await store.readBuckets(['kept', 'reopened']);
      expect(states.map((state) => [state.used.costMicros, state.reserved.costMicros])).toEqual([
        [0, 0],
        [1_000, 0],
      ]);
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${legacy}" CASCADE`);
    }
  });

  it('says to run migrate() when its tables are missing', async () => {
    const store = createPostgresUsageStore({ pool, schema: 'crmkit_missing_schema' });
    await expect(store.readBuckets(['x'])).rejects.toSatisfy((error: unknown) => AdapterError.isInstance(error) && /migrate/.test((error as Error).message));
  });
});
