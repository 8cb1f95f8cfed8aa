import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redis, redisUrl } from '../../../test/support/services.js';
import { runUsageStoreContract } from '../../testing/adapter-contract/run-usage-store-contract.js';
import { AdapterError } from '../adapter-error.js';
import { createRedisUsageStore } from './create-redis-usage-store.js';

const keyPrefix = `crmkit-test:usage:${crypto.randomUUID().slice(0, 8)}:`;

describe.skipIf(!redis.available)('createRedisUsageStore', () => {
  const client = new Redis(redisUrl);
  const second = new Redis(redisUrl);
  afterAll(async () => {
    const keys = await client.keys(`${keyPrefix}*`);
    if (keys.length > 0) await client.del(...keys);
    await Promise.all([client.quit(), second.quit()]);
  });

  runUsageStoreContract({ name: 'redis', test: { describe, it }, createStore: () => createRedisUsageStore({ client, keyPrefix }) });

  it('holds one limit across two clients (two processes) racing it', async () => {
    const stores = [createRedisUsageStore({ client, keyPrefix }), createRedisUsageStore({ client: second, keyPrefix })];
    const key = `race-${crypto.randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        stores[index % 2]!.reserve({
          reservationId: crypto.randomUUID(),
          buckets: [{ key, limits: { costMicros: 1_000 }, expiresAt: Date.now() + 60_000 }],
          amounts: { costMicros: 30, tokens: 0, requests: 1 },
          now: Date.now(),
          reservationExpiresAt: Date.now() + 60_000,
        }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(33);
  });

  it('creates and closes its own client from a URL', async () => {
    const store = createRedisUsageStore({ url: redisUrl, keyPrefix });
    expect(await store.readBuckets(['nothing'])).toEqual([{ key: 'nothing', used: { costMicros: 0, tokens: 0, requests: 0 }, reserved: { costMicros: 0, tokens: 0, requests: 0 } }]);
    await store.end();
  });

  it('refuses ambiguous connection options', () => {
    expect(() => createRedisUsageStore({})).toThrow(AdapterError);
  });
});
