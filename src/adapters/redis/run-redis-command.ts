/**
 * Runs one Redis command (or script) with a bound on how long the caller waits, and turns what
 * ioredis throws into AdapterErrors that name the cause and the fix.
 *
 * @internal
 */
import { createHash } from 'node:crypto';
import { throwIfAborted } from '../../core/abort.js';
import { CrmKitError, sanitizeCause } from '../../core/errors.js';
import { AdapterError } from '../adapter-error.js';

/** How long a Redis store waits for one answer before failing with kind `timeout`. */
export const defaultRedisCommandTimeoutMs = 5_000;

/** Maps an ioredis error to an AdapterError (kept as is when it already is a crmkit error). */
export function toRedisAdapterError(error: unknown, adapter: string): CrmKitError {
  if (CrmKitError.isInstance(error)) return error;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  const cause = sanitizeCause(error);
  if (code === 'ECONNREFUSED') {
    return new AdapterError('Redis refused the connection (ECONNREFUSED): start redis-server, or check the host and port of the URL or client', { kind: 'unavailable', adapter, cause });
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new AdapterError(`Redis host unreachable (${code}): check the host in the URL or client, and the network between`, { kind: 'unavailable', adapter, cause });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new AdapterError(`Redis host not found (${code}): check the host name in the URL or client`, { kind: 'unavailable', adapter, cause });
  }
  if (/^(WRONGPASS|NOAUTH|NOPERM)/.test(message)) {
    // The server's first word says which; the rest never holds the password.
    return new AdapterError(`Redis refused the credentials (${message.split(' ')[0]}): check the user and password of the URL or client`, { kind: 'auth', adapter, cause });
  }
  if (code === 'ETIMEDOUT' || /connect ETIMEDOUT|timed? ?out/i.test(message)) {
    return new AdapterError('Redis did not answer in time: check that it is reachable and not overloaded (the call can be retried)', { kind: 'timeout', adapter, cause });
  }
  if (name === 'MaxRetriesPerRequestError' || /Connection is closed|Stream isn't writeable|ECONNRESET|EPIPE/.test(message) || code === 'ECONNRESET' || code === 'EPIPE') {
    return new AdapterError('Redis connection lost before the command was answered; the client reconnects, so the call can be retried (crmkit writes are applied once)', {
      kind: 'unavailable',
      adapter,
      cause,
    });
  }
  // The server answered with an error: surface its message (Redis error replies name no data).
  // A cluster in failover answers CLUSTERDOWN / TRYAGAIN until a replica or the restarted master
  // owns the slot again; ioredis wraps a run of those as "Too many Cluster redirections".
  const reply = message.split('\n')[0]?.slice(0, 200) ?? '';
  const transient = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY)|^Too many Cluster redirections/.test(reply) || name === 'ClusterAllFailedError';
  return new AdapterError(`Redis answered with an error: ${reply}`, { kind: 'unavailable', retryable: transient, adapter, cause });
}

/**
 * Sends `command` and waits at most `timeoutMs` for its answer. The signal is checked before
 * sending; once sent, the command is not withdrawn (it may still be applied: crmkit's writes
 * carry their operation id, so a retry after a timeout is applied once).
 */
export async function runRedisCommand<T>(command: () => Promise<T>, context: { readonly adapter: string; readonly timeoutMs: number; readonly signal?: AbortSignal | undefined }): Promise<T> {
  throwIfAborted(context.signal);
  let timer: NodeJS.Timeout | undefined;
  try {
    const sent = command();
    if (!Number.isFinite(context.timeoutMs)) return await sent;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AdapterError(`Redis did not answer within ${context.timeoutMs} ms (commandTimeoutMs): check that it is reachable; the call can be retried`, { kind: 'timeout', adapter: context.adapter })),
        context.timeoutMs,
      );
    });
    sent.catch(() => undefined); // answered after the timeout: nobody is waiting any more
    return await Promise.race([sent, expired]);
  } catch (error) {
    throw toRedisAdapterError(error, context.adapter);
  } finally {
    clearTimeout(timer);
  }
}

/** What a Redis script runner needs: `ioredis`' `Redis` and `Cluster` fit. */
export interface RedisEvalClient {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** A Lua script with its SHA-1, sent as `EVALSHA` and, after a restart or `SCRIPT FLUSH`, as `EVAL`. */
export interface RedisScript {
  readonly body: string;
  readonly sha: string;
}

/** Builds a {@link RedisScript}. */
export function redisScript(body: string): RedisScript {
  return { body, sha: createHash('sha1').update(body).digest('hex') };
}

/** Runs `script` on `keys` and `args`, bounded like {@link runRedisCommand}. */
export function runRedisScript(
  client: RedisEvalClient,
  script: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
  context: { readonly adapter: string; readonly timeoutMs: number; readonly signal?: AbortSignal | undefined },
): Promise<unknown> {
  return runRedisCommand(async () => {
    try {
      return await client.evalsha(script.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
      return await client.eval(script.body, keys.length, ...keys, ...args);
    }
  }, context);
}
