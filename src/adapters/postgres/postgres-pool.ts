/**
 * The result of a query, as `pg` returns it.
 *
 * @example
 * ```ts
 * const result: PostgresQueryResult = await pool.query('SELECT 1 AS one');
 * result.rows[0]; // { one: 1 }
 * ```
 */
export interface PostgresQueryResult {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg types rows as any; narrowing here would reject pg's own Pool
  readonly rows: any[];
  readonly rowCount: number | null;
}

/**
 * A connection checked out of a pool: `pg`'s `PoolClient` fits.
 *
 * @example
 * ```ts
 * const client: PostgresPoolClient = await pool.connect();
 * try { await client.query('SELECT 1'); } finally { client.release(); }
 * ```
 */
export interface PostgresPoolClient {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  release(error?: Error | boolean): void;
}

/**
 * The part of a connection pool crmkit uses. `pg`'s `Pool` fits, and so does any pool with the
 * same `query` / `connect` shape.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 *
 * const pool: PostgresPool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export interface PostgresPool {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  connect(): Promise<PostgresPoolClient>;
}

/**
 * How a Postgres adapter reaches the database: the host's pool (shared, never closed by crmkit)
 * or a connection string (crmkit loads `pg` on first use, owns the pool, and `end()` closes it).
 *
 * @example
 * ```ts
 * const connection: PostgresConnectionOptions = { connectionString: 'postgres://app@localhost/app' };
 * ```
 */
export interface PostgresConnectionOptions {
  /** The host's pool. Give this or `connectionString`. */
  readonly pool?: PostgresPool;
  /** A `postgres://` URL; crmkit creates (and owns) a `pg` Pool from it. */
  readonly connectionString?: string;
  /**
   * For a pool crmkit creates from `connectionString`: how long a call waits for a connection
   * before failing with an `AdapterError` of kind `timeout` (a refused connection fails at once).
   * @default 5_000
   */
  readonly connectTimeoutMs?: number;
  /**
   * For a pool crmkit creates from `connectionString`: how long a call waits for one statement's
   * answer (pg's `query_timeout`) before failing with kind `timeout`.
   * @default 30_000
   */
  readonly queryTimeoutMs?: number;
  /**
   * The schema holding crmkit's tables.
   * @default 'public'
   */
  readonly schema?: string;
  /**
   * Prefix of every crmkit table name, so tests (or two apps) can share a database.
   * @default 'crmkit_'
   */
  readonly tablePrefix?: string;
}
