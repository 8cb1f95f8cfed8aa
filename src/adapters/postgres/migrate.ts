import { z } from 'zod/v4';
import { parseInput } from '../../core/validate.js';
import { AdapterError } from '../adapter-error.js';
import type { PostgresMigration } from './postgres-migration.js';
import { postgresMigrations } from './postgres-migrations.js';
import { inPostgresTransaction } from './in-postgres-transaction.js';
import { createPostgresPoolHandle } from './postgres-pool-handle.js';
import type { PostgresConnectionOptions } from './postgres-pool.js';
import { postgresTables } from './postgres-tables.js';
import { runPostgresQuery } from './run-postgres-query.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * Options of {@link migrate}.
 *
 * @example
 * ```ts
 * const options: MigrateOptions = { connectionString: process.env.DATABASE_URL, schema: 'crm', tablePrefix: 'crmkit_' };
 * const { applied, current } = await migrate(options);
 * ```
 */
export interface MigrateOptions extends PostgresConnectionOptions {
  /**
   * The migrations to apply.
   * @default postgresMigrations
   */
  readonly migrations?: readonly PostgresMigration[];
  readonly signal?: AbortSignal;
}

/**
 * What {@link migrate} did.
 *
 * @example
 * ```ts
 * const result: MigrateResult = await migrate({ pool });
 * if (result.applied.length > 0) console.info(`crmkit schema now at version ${result.current}`);
 * ```
 */
export interface MigrateResult {
  /** Versions applied by this call, in order; empty when the schema was already current. */
  readonly applied: number[];
  /** The highest version now applied. */
  readonly current: number;
}

const adapter = 'postgres-migrate';

const migrationsSchema = lazyObject(() => z
  .array(
    z.object({
      version: z.number().int().positive('Expected each migration `version` to be a positive integer'),
      name: z.string().min(1),
      up: z.union([z.string().min(1), z.custom<(tables: unknown) => string>((value) => typeof value === 'function', 'Expected `up` to be SQL text or a function returning it')]),
    }),
  )
  .refine((migrations) => new Set(migrations.map((migration) => migration.version)).size === migrations.length, 'Expected every migration `version` to be unique'));

/**
 * Brings crmkit's tables up to date: creates the schema and a `<prefix>schema_migrations` table
 * if needed, then applies every missing migration in version order. Idempotent, and safe to run
 * from every process at start-up: it runs in one transaction under a transaction-scoped advisory
 * lock (`pg_advisory_xact_lock`), so two processes starting at once apply each migration exactly
 * once, and a failure leaves the schema as it was.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migrate } from 'crmkit/adapters/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const { applied } = await migrate({ pool });
 * ```
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const tables = postgresTables(options);
  const migrations = [...parseInput(migrationsSchema, options.migrations ?? postgresMigrations, 'migrate options.migrations')].sort((a, b) => a.version - b.version) as PostgresMigration[];
  const handle = createPostgresPoolHandle(options, adapter);
  const context = { adapter, signal: options.signal };
  try {
    const pool = await handle.get();
    return await inPostgresTransaction(pool, context, async (client) => {
      // One lock per schema: every crmkit install in it migrates one at a time.
      await runPostgresQuery(client, 'SELECT pg_advisory_xact_lock(hashtext($1))', [`crmkit:migrate:${tables.schemaName}`], context);
      const exists = await runPostgresQuery(client, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [tables.schemaName], context);
      if (exists.rowCount === 0) await runPostgresQuery(client, `CREATE SCHEMA ${tables.schema}`, [], context);
      const ledger = tables.table('schema_migrations');
      await runPostgresQuery(
        client,
        `CREATE TABLE IF NOT EXISTS ${ledger} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
        [],
        context,
      );
      const done = new Set((await runPostgresQuery(client, `SELECT version FROM ${ledger}`, [], context)).rows.map((row: { version: number }) => row.version));
      const applied: number[] = [];
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        const sql = typeof migration.up === 'string' ? migration.up : migration.up(tables);
        try {
          await runPostgresQuery(client, sql, [], context);
        } catch (error) {
          throw new AdapterError(`Migration ${migration.version} (${migration.name}) failed; nothing was applied`, { kind: 'invalid_state', adapter, cause: error });
        }
        await runPostgresQuery(client, `INSERT INTO ${ledger} (version, name) VALUES ($1, $2)`, [migration.version, migration.name], context);
        applied.push(migration.version);
      }
      return { applied, current: Math.max(0, ...done, ...applied) };
    });
  } finally {
    await handle.end();
  }
}
