/**
 * Resolves a host Redis client or a `redis://` URL into a client, loading `ioredis` only when
 * crmkit has to create the client itself.
 *
 * @internal
 */
import { createLazyResource, type LazyResource } from '../../core/create-lazy-resource.js';
import { loadOptionalPeer } from '../../core/load-optional-peer.js';
import { AdapterError } from '../adapter-error.js';
import { toRedisAdapterError } from './run-redis-command.js';

/**
 * How a Redis adapter reaches Redis: the host's client (never closed by crmkit) or a URL (crmkit
 * owns the client it creates).
 *
 * @example
 * ```ts
 * const connection: RedisConnectionOptions<RedisUsageClient> = { url: 'redis://127.0.0.1:6379' };
 * ```
 */
export interface RedisConnectionOptions<CLIENT> {
  readonly client?: CLIENT;
  readonly url?: string;
  /**
   * For a client crmkit creates from `url`: how long the first connection may take before the
   * call fails with an `AdapterError` (kind `unavailable` when refused, `timeout` when silent).
   * @default 5_000
   */
  readonly connectTimeoutMs?: number;
  /**
   * How long one call waits for Redis to answer before failing with an `AdapterError` of kind
   * `timeout` (retryable). Bounds every call, also on a host client whose own options would
   * queue commands while it reconnects.
   * @default 5_000
   */
  readonly commandTimeoutMs?: number;
}

/** The documented default of {@link RedisConnectionOptions.connectTimeoutMs}. */
export const defaultRedisConnectTimeoutMs = 5_000;

type OwnedClient<CLIENT> = CLIENT & {
  quit(): Promise<unknown>;
  disconnect(): void;
  connect(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
};

interface OwnedClientOptions {
  lazyConnect: boolean;
  connectTimeout: number;
  maxRetriesPerRequest: number;
  retryStrategy: (times: number) => number;
}

/**
 * Checks that exactly one of `client` and `url` is given and returns the client, created on first
 * use from the URL; `end()` quits a client crmkit created and leaves a host client open.
 *
 * @example
 * ```ts
 * const handle = createRedisClientHandle<RedisUsageClient>({ url: 'redis://127.0.0.1:6379' }, 'redis-usage-store');
 * const client = await handle.get();
 * await handle.end();
 * ```
 */
export function createRedisClientHandle<CLIENT>(options: RedisConnectionOptions<CLIENT>, adapter: string): LazyResource<CLIENT> {
  if ((options.client === undefined) === (options.url === undefined)) {
    throw new AdapterError(`${adapter}: pass exactly one of \`client\` (your ioredis client) and \`url\``, { kind: 'invalid_state', adapter });
  }
  if (options.client !== undefined) {
    const client = options.client;
    return createLazyResource({ create: async () => client });
  }
  const url = options.url as string;
  return createLazyResource<OwnedClient<CLIENT>>({
    create: async () => {
      const { Redis } = (await loadOptionalPeer({
        packageName: 'ioredis',
        load: () => import('ioredis'),
        missing: ({ installCommand, cause }) =>
          new AdapterError(`The Redis adapter needs the \`ioredis\` client: run \`${installCommand}\`, or pass your own client as \`client\``, {
            kind: 'missing_dependency',
            adapter,
            cause,
          }),
      })) as unknown as { Redis: new (url: string, options: OwnedClientOptions) => OwnedClient<CLIENT> };
      const connectTimeout = options.connectTimeoutMs ?? defaultRedisConnectTimeoutMs;
      // Bounded by design: a first connection that fails is an error within connectTimeout (not
      // an endless wait); after a drop, ioredis reconnects (at most 1 s apart) and gives up on a
      // command after 2 reconnects, so no call queues for the server indefinitely.
      const client = new Redis(url, { lazyConnect: true, connectTimeout, maxRetriesPerRequest: 2, retryStrategy: (times) => Math.min(times * 100, 1_000) });
      // ioredis reconnects by itself; without a listener a connection error would crash the process.
      let lastError: unknown;
      client.on('error', (error) => void (lastError = error));
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          client.connect(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new AdapterError(`Redis did not accept a connection within ${connectTimeout} ms (connectTimeoutMs): check the URL and that Redis is reachable`, { kind: 'timeout', adapter })), connectTimeout);
          }),
        ]);
      } catch (error) {
        client.disconnect();
        // connect() only says "Connection is closed"; the socket's own error names the cause.
        throw toRedisAdapterError(AdapterError.isInstance(error) ? error : (lastError ?? error), adapter);
      } finally {
        clearTimeout(timer);
      }
      return client;
    },
    // quit() waits for Redis to answer; when it is gone, close the socket instead.
    dispose: async (client) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([client.quit(), new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]);
      } catch {
        // already closed
      } finally {
        clearTimeout(timer);
        client.disconnect();
      }
    },
  });
}
