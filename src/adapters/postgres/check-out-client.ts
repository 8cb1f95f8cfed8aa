import type { PostgresPool, PostgresPoolClient } from './postgres-pool.js';
import { toAdapterError } from './run-postgres-query.js';

/**
 * A client checked out of the pool for a transaction, and the way to give it back.
 *
 * @internal
 */
export interface CheckedOutClient {
  readonly client: PostgresPoolClient;
  /** Returns the client to the pool; `broken` destroys it instead (a failed ROLLBACK). */
  release(broken: boolean): void;
}

type ErrorEvents = PostgresPoolClient & {
  on?: (event: 'error', listener: () => void) => void;
  off?: (event: 'error', listener: () => void) => void;
};

/**
 * Checks a client out of `pool` for a transaction. pg's pool removes its own `'error'` listener
 * while a client is checked out, so a connection killed mid-transaction would make the client
 * emit an `'error'` nobody listens to, which crashes the host process; the failed query already
 * reports the failure, so the event is absorbed until the client is released.
 *
 * @internal
 */
export async function checkOutClient(pool: PostgresPool, adapter: string): Promise<CheckedOutClient> {
  let client: PostgresPoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toAdapterError(error, adapter);
  }
  const events = client as ErrorEvents;
  const absorb = (): void => undefined;
  events.on?.('error', absorb);
  return {
    client,
    release(broken) {
      events.off?.('error', absorb);
      client.release(broken);
    },
  };
}
