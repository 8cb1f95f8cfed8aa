/**
 * Resolves a host Redis client or a `redis://` URL into a client, loading `ioredis` only when
 * crmkit has to create the client itself.
 *
 * @internal
 */
import { createLazyResource, type LazyResource } from '../../core/create-lazy-resource.js';
import { loadOptionalPeer } from '../../core/load-optional-peer.js';
import { AdapterError } from '../adapter-error.js';

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
}

type OwnedClient<CLIENT> = CLIENT & { quit(): Promise<unknown>; on(event: 'error', listener: (error: Error) => void): unknown };

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
      })) as unknown as { Redis: new (url: string) => OwnedClient<CLIENT> };
      const client = new Redis(url);
      // ioredis reconnects by itself; without a listener a connection error would crash the process.
      client.on('error', () => undefined);
      return client;
    },
    dispose: (client) => client.quit(),
  });
}
