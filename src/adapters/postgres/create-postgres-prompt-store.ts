import { systemClock, type Clock } from '../../core/clock.js';
import { checkNewPrompt, checkPromptKey } from '../prompt-input.js';
import type { PromptStore, StoredPrompt } from '../../core/prompt-store.js';
import type { StoreCallOptions } from '../../core/store-call-options.js';
import { createPostgresPoolHandle } from './postgres-pool-handle.js';
import type { PostgresConnectionOptions } from './postgres-pool.js';
import { postgresTables } from './postgres-tables.js';
import { runPostgresQuery } from './run-postgres-query.js';

/**
 * Options of {@link createPostgresPromptStore}.
 *
 * @example
 * ```ts
 * const options: PostgresPromptStoreOptions = { pool, schema: 'crm' };
 * const registry = createPromptRegistry({ store: createPostgresPromptStore(options) });
 * ```
 */
export interface PostgresPromptStoreOptions extends PostgresConnectionOptions {
  /**
   * Source of `createdAt`.
   * @default systemClock
   */
  readonly clock?: Clock;
}

/**
 * A Postgres PromptStore; `end()` closes the pool crmkit created from a connection string.
 *
 * @example
 * ```ts
 * const store: PostgresPromptStore = createPostgresPromptStore({ connectionString: process.env.DATABASE_URL });
 * process.once('SIGTERM', () => void store.end());
 * ```
 */
export interface PostgresPromptStore extends PromptStore {
  /** Closes the pool when crmkit created it from `connectionString`; a host pool is left open. */
  end(): Promise<void>;
}

const adapter = 'postgres-prompt-store';

interface PromptRow {
  tenant_id: string;
  name: string;
  version: number;
  template: string;
  variables: string[];
  description: string | null;
  created_at: Date;
}

const toPrompt = (row: PromptRow): StoredPrompt => ({
  tenantId: row.tenant_id,
  name: row.name,
  version: row.version,
  template: row.template,
  variables: row.variables,
  ...(row.description === null ? {} : { description: row.description }),
  createdAt: row.created_at,
});

/**
 * A PromptStore on PostgreSQL (seed 002's tenant prompts, versioned). Run {@link migrate} first.
 * A save takes its version from an atomic upsert of the prompt's head row, so concurrent saves
 * of one name get distinct, gap-free versions.
 *
 * @example
 * ```ts
 * import { createPostgresPromptStore, migrate } from 'crmkit/adapters/postgres';
 *
 * await migrate({ pool });
 * const prompts = createPostgresPromptStore({ pool });
 * await prompts.save('acme', { name: 'greeting', template: 'Hi {{name}}', variables: ['name'] });
 * ```
 */
export function createPostgresPromptStore(options: PostgresPromptStoreOptions): PostgresPromptStore {
  const tables = postgresTables(options);
  const handle = createPostgresPoolHandle(options, adapter);
  const clock = options.clock ?? systemClock;
  const prompts = tables.table('prompts');
  const heads = tables.table('prompt_heads');

  const query = async (text: string, values: unknown[], callOptions: StoreCallOptions | undefined): Promise<PromptRow[]> => {
    const pool = await handle.get();
    return (await runPostgresQuery(pool, text, values, { adapter, signal: callOptions?.signal })).rows as PromptRow[];
  };

  return {
    async save(tenantId, prompt, callOptions) {
      const key = checkPromptKey(tenantId, prompt?.name, 'PromptStore.save input');
      const checked = checkNewPrompt(prompt);
      // A save identical to the latest version (a retry whose reply was lost) returns that version
      // instead of adding one.
      const [row] = await query(
        `WITH same AS (
           SELECT * FROM (SELECT * FROM ${prompts} WHERE tenant_id = $1 AND name = $2 ORDER BY version DESC LIMIT 1) AS latest
            WHERE template = $3 AND variables = $4::jsonb AND description IS NOT DISTINCT FROM $5
         ), head AS (
           INSERT INTO ${heads} (tenant_id, name, latest) SELECT $1, $2, 1 WHERE NOT EXISTS (SELECT 1 FROM same)
           ON CONFLICT (tenant_id, name) DO UPDATE SET latest = ${heads}.latest + 1
           RETURNING latest
         ), inserted AS (
           INSERT INTO ${prompts} (tenant_id, name, version, template, variables, description, created_at)
           SELECT $1, $2, head.latest, $3, $4::jsonb, $5, $6 FROM head
           RETURNING *
         )
         SELECT * FROM inserted UNION ALL SELECT * FROM same`,
        [key.tenantId, key.name, checked.template, JSON.stringify(checked.variables), checked.description ?? null, new Date(clock.now())],
        callOptions,
      );
      return toPrompt(row as PromptRow);
    },

    async get(tenantId, name, getOptions) {
      const key = checkPromptKey(tenantId, name, 'PromptStore.get input');
      const rows =
        getOptions?.version === undefined
          ? await query(`SELECT * FROM ${prompts} WHERE tenant_id = $1 AND name = $2 ORDER BY version DESC LIMIT 1`, [key.tenantId, key.name], getOptions)
          : await query(`SELECT * FROM ${prompts} WHERE tenant_id = $1 AND name = $2 AND version = $3`, [key.tenantId, key.name, getOptions.version], getOptions);
      return rows[0] && toPrompt(rows[0]);
    },

    async list(tenantId, callOptions) {
      const { tenantId: tenant } = checkPromptKey(tenantId, 'x', 'PromptStore.list input');
      const rows = await query(`SELECT DISTINCT ON (name) * FROM ${prompts} WHERE tenant_id = $1 ORDER BY name, version DESC`, [tenant], callOptions);
      return rows.map(toPrompt);
    },

    async versions(tenantId, name, callOptions) {
      const key = checkPromptKey(tenantId, name, 'PromptStore.versions input');
      const rows = await query(`SELECT * FROM ${prompts} WHERE tenant_id = $1 AND name = $2 ORDER BY version`, [key.tenantId, key.name], callOptions);
      return rows.map(toPrompt);
    },

    async delete(tenantId, name, callOptions) {
      const key = checkPromptKey(tenantId, name, 'PromptStore.delete input');
      const rows = await query(
        `WITH gone AS (DELETE FROM ${heads} WHERE tenant_id = $1 AND name = $2)
         DELETE FROM ${prompts} WHERE tenant_id = $1 AND name = $2 RETURNING version`,
        [key.tenantId, key.name],
        callOptions,
      );
      return rows.length > 0;
    },

    end: () => handle.end(),
  };
}
