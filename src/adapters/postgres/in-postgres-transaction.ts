import type { PostgresPool, PostgresPoolClient } from './postgres-pool.js';
import { runPostgresQuery, toAdapterError } from './run-postgres-query.js';

type ErrorEvents = PostgresPoolClient & {
  on?: (event: 'error', listener: () => void) => void;
  off?: (event: 'error', listener: () => void) => void;
};

/**
 * Runs `work` in one transaction on a client checked out of `pool`: BEGIN, COMMIT, or ROLLBACK
 * on failure (a client whose ROLLBACK fails is destroyed, not returned), every failure an
 * AdapterError. pg's pool removes its own `'error'` listener while a client is checked out, so a
 * connection killed mid-transaction would make the client emit an `'error'` nobody listens to,
 * which crashes the host process; the failed query already reports it, so the event is absorbed
 * until the client is released.
 *
 * @internal
 */
export async function inPostgresTransaction<T>(
  pool: PostgresPool,
  context: { readonly adapter: string; readonly signal: AbortSignal | undefined },
  work: (client: PostgresPoolClient) => Promise<T>,
): Promise<T> {
  let client: PostgresPoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toAdapterError(error, context.adapter);
  }
  const events = client as ErrorEvents;
  const absorb = (): void => undefined;
  events.on?.('error', absorb);
  let broken = false;
  try {
    await runPostgresQuery(client, 'BEGIN', [], context);
    const result = await work(client);
    // Not abortable: once the work is done, the commit is what leaves the database consistent.
    await runPostgresQuery(client, 'COMMIT', [], { adapter: context.adapter, signal: undefined });
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw toAdapterError(error, context.adapter);
  } finally {
    events.off?.('error', absorb);
    client.release(broken);
  }
}
