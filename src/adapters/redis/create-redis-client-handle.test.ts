import { describe, expect, it } from 'vitest';
import { redis, redisUrl } from '../../../test/support/services.js';
import { AdapterError } from '../adapter-error.js';
import { createRedisClientHandle } from './create-redis-client-handle.js';

interface PingClient {
  ping(): Promise<string>;
}

describe('createRedisClientHandle', () => {
  it('asks for exactly one of client and url, naming the adapter', () => {
    for (const options of [{}, { client: { ping: async () => 'PONG' }, url: 'redis://127.0.0.1:6379' }]) {
      const error = (() => {
        try {
          createRedisClientHandle<PingClient>(options, 'redis-test-store');
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(AdapterError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ kind: 'invalid_state', adapter: 'redis-test-store' });
      expect((error as Error).message).toContain('exactly one of `client`');
    }
  });

  it('hands back the host client and never closes it', async () => {
    let quits = 0;
    const client = { ping: async () => 'PONG', quit: async () => void (quits += 1) };
    const handle = createRedisClientHandle<PingClient>({ client }, 'redis-test-store');
    await expect(handle.get()).resolves.toBe(client);
    await handle.end();
    expect(quits).toBe(0);
    await expect(handle.get()).resolves.toBe(client);
  });

  it('creates nothing for a URL until first use', () => {
    // An unreachable URL: constructing the handle must not connect (or even load ioredis).
    expect(() => createRedisClientHandle<PingClient>({ url: 'redis://127.0.0.1:1' }, 'redis-test-store')).not.toThrow();
  });
});

describe.skipIf(!redis.available)('createRedisClientHandle over Redis', () => {
  it('creates one client from the URL on first use and quits it on end', async () => {
    const handle = createRedisClientHandle<PingClient>({ url: redisUrl }, 'redis-test-store');
    const [first, second] = await Promise.all([handle.get(), handle.get()]);
    expect(first).toBe(second);
    await expect(first.ping()).resolves.toBe('PONG');
    await handle.end();
    const next = await handle.get();
    expect(next).not.toBe(first);
    await expect(next.ping()).resolves.toBe('PONG');
    await handle.end();
  });
});
