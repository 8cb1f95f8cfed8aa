/**
 * Runs one parameterised statement and turns driver failures into AdapterErrors that say what to
 * do, without echoing parameters (which may hold customer data).
 *
 * @internal
 */
import { throwIfAborted } from '../../core/abort.js';
import { CrmKitError, sanitizeCause } from '../../core/errors.js';
import { AdapterError } from '../adapter-error.js';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from './postgres-pool.js';

const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03']);

/** Maps a `pg` error to an AdapterError (kept as is when it already is a crmkit error). */
export function toAdapterError(error: unknown, adapter: string): CrmKitError {
  if (CrmKitError.isInstance(error)) return error;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const cause = sanitizeCause(error);
  // The server's own words, for the classes whose messages name objects, never data values.
  const server = message.split('\n')[0]?.slice(0, 200) ?? '';
  if (code === 'ECONNREFUSED') {
    return new AdapterError('PostgreSQL refused the connection (ECONNREFUSED): nothing listens at the host and port of the connection string; start PostgreSQL or fix the URL', {
      kind: 'unavailable',
      adapter,
      cause,
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new AdapterError(`PostgreSQL host not reachable (${code}): check the host in the connection string`, { kind: 'unavailable', adapter, cause });
  }
  if (/timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(message) || code === 'ETIMEDOUT') {
    return new AdapterError('PostgreSQL did not accept a connection in time (connectTimeoutMs, or the pool is exhausted): check that it is reachable, or raise the pool size', {
      kind: 'timeout',
      adapter,
      cause,
    });
  }
  if (/Query read timeout/i.test(message)) {
    return new AdapterError('PostgreSQL did not answer within queryTimeoutMs; the statement may still complete (crmkit writes are applied once, so the call can be retried)', { kind: 'timeout', adapter, cause });
  }
  if (code === '3D000') {
    const name = /database "([^"]+)"/.exec(message)?.[1] ?? '<name>';
    return new AdapterError(`PostgreSQL: ${server}. Create it (\`createdb ${name}\`) or fix the database name in the connection string`, { kind: 'invalid_state', adapter, cause });
  }
  if (code === '28P01' || code === '28000') {
    return new AdapterError(`PostgreSQL refused the credentials (${code}: ${server}); check the user and password of the connection string or pool`, { kind: 'auth', adapter, cause });
  }
  if (code === '57P03' || code === '53300') {
    return new AdapterError(`PostgreSQL cannot take the connection now (${code}: ${server}); the call can be retried`, { kind: 'unavailable', adapter, cause });
  }
  if ((code && (connectionCodes.has(code) || code.startsWith('08'))) || /connection terminated|terminating connection|Connection ended/i.test(message)) {
    return new AdapterError(
      `PostgreSQL connection lost${code ? ` (${code})` : ''}: the pool drops the broken connection and opens a new one, so the call can be retried (crmkit writes are applied once)`,
      { kind: 'unavailable', adapter, cause },
    );
  }
  if (code === '42P01' || code === '3F000' || code === '42883') {
    return new AdapterError(`crmkit tables are missing or out of date (${server}): run \`migrate({ pool })\` from crmkit/adapters/postgres (with the same \`schema\` and \`tablePrefix\`) before using the store`, {
      kind: 'invalid_state',
      adapter,
      cause,
    });
  }
  if (code === '57014') return new AdapterError('PostgreSQL cancelled the statement (statement_timeout or a cancel request)', { kind: 'timeout', adapter, cause });
  // Data exceptions (class 22) can quote the offending value: name the SQLSTATE only.
  const detail = code?.startsWith('22') ? '' : `: ${server}`;
  return new AdapterError(`PostgreSQL statement failed${code ? ` (SQLSTATE ${code})` : ''}${detail}`, { kind: 'unavailable', retryable: false, adapter, cause });
}

/** Whether a store call failed on a unique constraint (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return AdapterError.isInstance(error) && (error.cause as { code?: unknown } | undefined)?.code === '23505';
}

/**
 * Runs `text` with `values` on a pool or client. The signal is checked before the statement is
 * sent; a statement already sent runs to completion, since `pg` cannot abort it.
 */
export async function runPostgresQuery(
  target: PostgresPool | PostgresPoolClient,
  text: string,
  values: unknown[],
  context: { readonly adapter: string; readonly signal: AbortSignal | undefined },
): Promise<PostgresQueryResult> {
  throwIfAborted(context.signal);
  try {
    return await target.query(text, values);
  } catch (error) {
    throw toAdapterError(error, context.adapter);
  }
}
