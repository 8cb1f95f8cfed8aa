/**
 * Resolves a host pool or a connection string into a pool, loading `pg` only when crmkit has to
 * create the pool itself.
 *
 * @internal
 */
import { AdapterError } from '../adapter-error.js';
import { sanitizeCause } from '../../core/errors.js';
import type { PostgresConnectionOptions, PostgresPool } from './postgres-pool.js';

/** A lazily created pool and the way to close it when crmkit owns it. */
export interface PostgresPoolHandle {
  get(): Promise<PostgresPool>;
  /** Ends the pool when crmkit created it; leaves a host pool alone. */
  end(): Promise<void>;
}

interface PgModule {
  Pool: new (config: { connectionString: string }) => PostgresPool & { on(event: 'error', listener: (error: Error) => void): void; end(): Promise<void> };
}

/** Loads `pg`, or explains how to install it. */
export async function loadPg(adapter: string): Promise<PgModule> {
  try {
    const module = (await import('pg')) as unknown as PgModule & { default?: PgModule };
    return module.default ?? module;
  } catch (error) {
    throw new AdapterError('The Postgres adapter needs the `pg` driver: run `npm install pg`, or pass your own pool as `pool`', {
      kind: 'missing_dependency',
      adapter,
      cause: sanitizeCause(error),
    });
  }
}

/** Checks that exactly one of `pool` and `connectionString` is given and returns a handle. */
export function createPostgresPoolHandle(options: PostgresConnectionOptions, adapter: string): PostgresPoolHandle {
  if ((options.pool === undefined) === (options.connectionString === undefined)) {
    throw new AdapterError(`${adapter}: pass exactly one of \`pool\` (your pg Pool) and \`connectionString\``, { kind: 'invalid_state', adapter });
  }
  if (options.pool) {
    const pool = options.pool;
    return { get: async () => pool, end: async () => undefined };
  }
  const connectionString = options.connectionString as string;
  let owned: Promise<Awaited<ReturnType<typeof create>>> | undefined;
  const create = async (): Promise<InstanceType<PgModule['Pool']>> => {
    const pg = await loadPg(adapter);
    const pool = new pg.Pool({ connectionString });
    // An idle connection dropped by the server makes the pool emit 'error'; without a listener
    // Node would crash the process. The pool discards that connection and opens a new one on demand.
    pool.on('error', () => undefined);
    return pool;
  };
  return {
    get: () => {
      owned ??= create();
      owned.catch(() => {
        owned = undefined;
      });
      return owned;
    },
    end: async () => {
      const pool = owned;
      owned = undefined;
      if (pool) await (await pool).end();
    },
  };
}
