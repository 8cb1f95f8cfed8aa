/**
 * Resolves a host pool or a connection string into a pool, loading `pg` only when crmkit has to
 * create the pool itself.
 *
 * @internal
 */
import { createLazyResource, type LazyResource } from '../../core/create-lazy-resource.js';
import { loadOptionalPeer } from '../../core/load-optional-peer.js';
import { AdapterError } from '../adapter-error.js';
import type { PostgresConnectionOptions, PostgresPool } from './postgres-pool.js';

/** A lazily created pool; `end()` closes it when crmkit owns it and leaves a host pool alone. */
export type PostgresPoolHandle = LazyResource<PostgresPool>;

type OwnedPool = PostgresPool & { on(event: 'error', listener: (error: Error) => void): void; end(): Promise<void> };

interface PgModule {
  Pool: new (config: { connectionString: string; connectionTimeoutMillis: number; query_timeout: number }) => OwnedPool;
}

/** Checks that exactly one of `pool` and `connectionString` is given and returns a handle. */
export function createPostgresPoolHandle(options: PostgresConnectionOptions, adapter: string): PostgresPoolHandle {
  if ((options.pool === undefined) === (options.connectionString === undefined)) {
    throw new AdapterError(`${adapter}: pass exactly one of \`pool\` (your pg Pool) and \`connectionString\``, { kind: 'invalid_state', adapter });
  }
  if (options.pool) {
    const pool = options.pool;
    return createLazyResource({ create: async () => pool });
  }
  const connectionString = options.connectionString as string;
  return createLazyResource<OwnedPool>({
    create: async () => {
      const module = (await loadOptionalPeer({
        packageName: 'pg',
        load: () => import('pg'),
        missing: ({ installCommand, cause }) =>
          new AdapterError(`The Postgres adapter needs the \`pg\` driver: run \`${installCommand}\`, or pass your own pool as \`pool\``, {
            kind: 'missing_dependency',
            adapter,
            cause,
          }),
      })) as unknown as PgModule & { default?: PgModule };
      const pg = module.default ?? module;
      // Bounded by default: pg would otherwise wait for a connection, and for an answer, forever.
      const pool = new pg.Pool({ connectionString, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000, query_timeout: options.queryTimeoutMs ?? 30_000 });
      // An idle connection dropped by the server makes the pool emit 'error'; without a listener
      // Node would crash the process. The pool discards that connection and opens a new one on demand.
      pool.on('error', () => undefined);
      return pool;
    },
    dispose: (pool) => pool.end(),
  });
}
