import { parseInput } from '../../core/validate.js';
import { checkRelease, checkReserve, checkSettle } from '../usage/usage-input.js';
import { AdapterError } from '../adapter-error.js';
import type { StoreCallOptions } from '../../core/store-call-options.js';
import { summarizeUsage } from '../usage/summarize-usage.js';
import { usageQuerySchema } from '../../core/usage/usage-query-schema.js';
import type { BucketState, UsageMetric, UsageRecord, UsageStore } from '../../core/usage/usage-store.js';
import { createPostgresPoolHandle } from './postgres-pool-handle.js';
import type { PostgresConnectionOptions, PostgresQueryResult } from './postgres-pool.js';
import { postgresTables } from './postgres-tables.js';
import { runPostgresQuery } from './run-postgres-query.js';

/**
 * Options of {@link createPostgresUsageStore}: the host's pool or a connection string, and the
 * schema and table prefix the usage migration ran with.
 *
 * @example
 * ```ts
 * const options: PostgresUsageStoreOptions = { connectionString: process.env.DATABASE_URL };
 * ```
 */
export type PostgresUsageStoreOptions = PostgresConnectionOptions;

/**
 * A Postgres {@link UsageStore}; `end()` closes the pool crmkit created from a connection string.
 *
 * @example
 * ```ts
 * const store: PostgresUsageStore = createPostgresUsageStore({ connectionString: process.env.DATABASE_URL });
 * await store.end();
 * ```
 */
export interface PostgresUsageStore extends UsageStore {
  end(): Promise<void>;
}

const adapter = 'postgres-usage-store';
const metricOrder: readonly UsageMetric[] = ['costMicros', 'tokens', 'requests'];
const deadlockRetries = 3;

interface RefusalRow {
  ok: boolean;
  index?: number;
  metric?: UsageMetric;
  limit?: number | string;
  used?: number | string;
  reserved?: number | string;
}

/**
 * A {@link UsageStore} on PostgreSQL (tables from `usageMigration`, applied by `migrate()`).
 * Each reserve, settle and release is one statement: a call to a PL/pgSQL function that locks the
 * buckets it touches in key order, checks every limit and writes, atomically. Any number of
 * processes can share the limits. Loads `pg` lazily when given a connection string.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createPostgresUsageStore, migrate } from 'crmkit/adapters/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate({ pool });
 * const store = createPostgresUsageStore({ pool });
 * const report = await store.getUsage({ tenantId: 'acme', from: '2025-11-01' });
 * ```
 */
export function createPostgresUsageStore(options: PostgresUsageStoreOptions): PostgresUsageStore {
  const tables = postgresTables(options);
  const handle = createPostgresPoolHandle(options, adapter);
  const fn = (name: string): string => tables.table(name);

  const query = async (text: string, values: unknown[], callOptions: StoreCallOptions | undefined): Promise<PostgresQueryResult> => {
    const pool = await handle.get();
    for (let attempt = 0; ; attempt++) {
      try {
        return await runPostgresQuery(pool, text, values, { adapter, signal: callOptions?.signal });
      } catch (error) {
        // The functions lock in key order, so deadlocks should not happen; if a host's own
        // statements cause one, retrying the whole (atomic) statement is safe. A unique violation
        // means a copy of this very reserve (sent again after its connection broke) committed
        // first: run again, it now finds the reservation and answers as that copy did.
        const code = (AdapterError.isInstance(error) ? (error.cause as { code?: string } | undefined)?.code : undefined) ?? '';
        if (attempt < deadlockRetries && (code === '40P01' || code === '40001' || code === '23505')) continue;
        throw error;
      }
    }
  };

  return {
    async reserve(request, callOptions) {
      checkReserve(request);
      const limits: (number | null)[] = [];
      for (const charge of request.buckets) for (const metric of metricOrder) limits.push(charge.limits[metric] ?? null);
      const result = await query(
        `SELECT ${fn('usage_reserve_once')}($1, $2::text[], $3::bigint[], $4::bigint[], $5, $6, $7, $8, $9) AS result`,
        [
          request.reservationId,
          request.buckets.map((charge) => charge.key),
          limits,
          request.buckets.map((charge) => charge.expiresAt),
          request.amounts.costMicros,
          request.amounts.tokens,
          request.amounts.requests,
          request.now,
          request.reservationExpiresAt,
        ],
        callOptions,
      );
      const row = result.rows[0]?.result as RefusalRow | undefined;
      if (!row) throw new AdapterError('usage_reserve_once returned no row; re-run `migrate()`', { kind: 'invalid_data', adapter });
      if (row.ok) return { ok: true };
      return {
        ok: false,
        refusal: {
          key: request.buckets[row.index ?? 0]?.key as string,
          metric: row.metric as UsageMetric,
          limit: Number(row.limit),
          used: Number(row.used),
          reserved: Number(row.reserved),
        },
      };
    },

    async settle(request, callOptions) {
      checkSettle(request);
      const record = request.record;
      await query(
        `SELECT ${fn('usage_settle')}($1, $2::text[], $3::bigint[], $4, $5, $6, $7, $8, $9::date, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [
          request.reservationId,
          request.buckets.map((charge) => charge.key),
          request.buckets.map((charge) => charge.expiresAt),
          request.actual.costMicros,
          request.actual.tokens,
          request.actual.requests,
          request.now,
          record?.tenantId ?? null,
          record?.day ?? null,
          record?.userId ?? '',
          record?.sessionId ?? '',
          record?.provider ?? '',
          record?.model ?? '',
          record?.requests ?? 0,
          record?.inputTokens ?? 0,
          record?.outputTokens ?? 0,
          record?.costMicros ?? 0,
        ],
        callOptions,
      );
    },

    async release(request, callOptions) {
      checkRelease(request);
      await query(`SELECT ${fn('usage_release')}($1, $2)`, [request.reservationId, request.now], callOptions);
    },

    async readBuckets(keys, callOptions) {
      if (keys.length === 0) return [];
      const result = await query(
        `SELECT key, used_cost, used_tokens, used_requests, reserved_cost, reserved_tokens, reserved_requests FROM ${tables.table('usage_buckets')} WHERE key = ANY ($1::text[])`,
        [keys],
        callOptions,
      );
      const byKey = new Map(result.rows.map((row: Record<string, string>) => [row.key, row]));
      return keys.map((key): BucketState => {
        const row = byKey.get(key);
        const value = (column: string): number => Number(row?.[column] ?? 0);
        return {
          key,
          used: { costMicros: value('used_cost'), tokens: value('used_tokens'), requests: value('used_requests') },
          reserved: { costMicros: value('reserved_cost'), tokens: value('reserved_tokens'), requests: value('reserved_requests') },
        };
      });
    },

    async getUsage(usageQuery, callOptions) {
      const parsed = parseInput(usageQuerySchema, usageQuery, 'getUsage query');
      const result = await query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, user_id, session_id, provider, model, requests, input_tokens, output_tokens, cost_micros
           FROM ${tables.table('usage_records')}
          WHERE tenant_id = $1 AND ($2::text IS NULL OR user_id = $2) AND ($3::date IS NULL OR day >= $3::date) AND ($4::date IS NULL OR day <= $4::date)`,
        [parsed.tenantId, parsed.userId ?? null, parsed.from ?? null, parsed.to ?? null],
        callOptions,
      );
      const records = result.rows.map(
        (row: Record<string, string>): UsageRecord => ({
          tenantId: parsed.tenantId,
          ...(row.user_id ? { userId: row.user_id } : {}),
          ...(row.session_id ? { sessionId: row.session_id } : {}),
          provider: row.provider as string,
          model: row.model as string,
          day: row.day as string,
          requests: Number(row.requests),
          inputTokens: Number(row.input_tokens),
          outputTokens: Number(row.output_tokens),
          costMicros: Number(row.cost_micros),
        }),
      );
      return summarizeUsage(parsed, records);
    },

    end: () => handle.end(),
  };
}
