import { afterAll, describe, expect, it } from 'vitest';
import { postgres } from '../../../test/support/services.js';
import { AdapterError } from '../adapter-error.js';
import { migrate } from './migrate.js';
import { postgresMigrations } from './postgres-migrations.js';
import { createTestPool, uniqueSchema } from '../../../test/support/postgres-test-database.js';

describe.skipIf(!postgres.available)('migrate', () => {
  const schemas: string[] = [];
  const pool = createTestPool('crmkit-migrate-test');
  const fresh = (): string => {
    const schema = uniqueSchema('mig');
    schemas.push(schema);
    return schema;
  };
  const tablesOf = async (schema: string): Promise<string[]> =>
    (await pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`, [schema])).rows.map((row: { tablename: string }) => row.tablename);
  const ledgerOf = async (schema: string, prefix = 'crmkit_'): Promise<number[]> =>
    (await pool.query(`SELECT version FROM "${schema}"."${prefix}schema_migrations" ORDER BY version`)).rows.map((row: { version: number }) => row.version);

  afterAll(async () => {
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('creates the schema and every table, then does nothing the second time', async () => {
    const schema = fresh();
    const versions = postgresMigrations.map((migration) => migration.version);
    expect(await migrate({ pool, schema })).toEqual({ applied: versions, current: Math.max(...versions) });
    expect(await tablesOf(schema)).toEqual(
      expect.arrayContaining(['crmkit_conversation_messages', 'crmkit_conversation_sessions', 'crmkit_prompt_heads', 'crmkit_prompts', 'crmkit_schema_migrations']),
    );
    expect(await migrate({ pool, schema })).toEqual({ applied: [], current: Math.max(...versions) });
    expect(await ledgerOf(schema)).toEqual(versions);
  });

  it('applies each migration exactly once when several processes (pools) start at once', async () => {
    const schema = fresh();
    const pools = Array.from({ length: 4 }, (_, index) => createTestPool(`crmkit-migrate-race-${index}`, 2));
    try {
      const results = await Promise.all(pools.map((racer) => migrate({ pool: racer, schema })));
      const applied = results.flatMap((result) => result.applied).sort((a, b) => a - b);
      expect(applied).toEqual(postgresMigrations.map((migration) => migration.version));
      expect(results.filter((result) => result.applied.length > 0)).toHaveLength(1);
      expect(await ledgerOf(schema)).toEqual(postgresMigrations.map((migration) => migration.version));
    } finally {
      await Promise.all(pools.map((racer) => racer.end()));
    }
  });

  it('keeps installs with different table prefixes in one schema apart', async () => {
    const schema = fresh();
    await migrate({ pool, schema, tablePrefix: 'one_' });
    await migrate({ pool, schema, tablePrefix: 'two_' });
    expect(await ledgerOf(schema, 'one_')).toEqual(await ledgerOf(schema, 'two_'));
    expect((await tablesOf(schema)).filter((name) => name.endsWith('conversation_sessions'))).toEqual(['one_conversation_sessions', 'two_conversation_sessions']);
  });

  it('rolls everything back when a migration fails, naming it', async () => {
    const schema = fresh();
    const broken = { version: 99, name: 'broken on purpose', up: 'CREATE TABLE oops (' };
    const error = await migrate({ pool, schema, migrations: [...postgresMigrations, broken] }).catch((caught: unknown) => caught);
    expect(AdapterError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Migration 99 \(broken on purpose\) failed/);
    expect(await tablesOf(schema)).toEqual([]);
    // A later good run applies everything.
    expect((await migrate({ pool, schema })).applied).toHaveLength(postgresMigrations.length);
  });

  it('fails typed, without an unhandled client error, when its connection is killed mid-migration', async () => {
    const schema = fresh();
    const victimPool = createTestPool('crmkit-migrate-victim', 1);
    const holder = await pool.connect();
    try {
      // Hold the schema's migration lock so migrate() waits inside its transaction, then kill it there.
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`crmkit:migrate:${schema}`]);
      const running = migrate({ pool: victimPool, schema }).catch((caught: unknown) => caught);
      let pid: number | undefined;
      for (let tries = 0; pid === undefined && tries < 100; tries++) {
        const { rows } = await pool.query("SELECT pid FROM pg_stat_activity WHERE application_name = 'crmkit-migrate-victim' AND wait_event_type = 'Lock'");
        pid = (rows[0] as { pid?: number } | undefined)?.pid;
        if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(pid).toBeDefined();
      await pool.query('SELECT pg_terminate_backend($1)', [pid]);
      const error = await running;
      expect(AdapterError.isInstance(error)).toBe(true);
      expect((error as AdapterError).retryable).toBe(true);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
      await victimPool.end();
    }
    // The lock is free again: a later run applies everything.
    expect((await migrate({ pool, schema })).applied).toHaveLength(postgresMigrations.length);
  });

  it('validates its options before touching the database', async () => {
    await expect(migrate({ pool, schema: 'Robert"; DROP TABLE students;--' })).rejects.toThrow(/schema/);
    await expect(migrate({ pool, migrations: [postgresMigrations[0]!, postgresMigrations[0]!] })).rejects.toThrow(/unique/);
  });

  it('runs from a connection string and closes the pool it created', async () => {
    const schema = fresh();
    const result = await migrate({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', schema });
    expect(result.applied.length).toBeGreaterThan(0);
  });
});
