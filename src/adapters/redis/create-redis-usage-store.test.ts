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

  it('releases reservations written before bucket generations from their own bucket only', async () => {
    const store = createRedisUsageStore({ client, keyPrefix });
    const start = Date.parse('2025-11-21T09:00:00.000Z');
    const label = crypto.randomUUID().slice(0, 8);
    const [kept, reopened] = [`kept-${label}`, `reopened-${label}`];
    // What the previous version wrote: buckets without `g`, reservations without generations.
    for (const [key, expiresAt] of [
      [kept, start + 3_600_000],
      [reopened, start + 1_000],
    ] as const) {
      await client.hset(`${keyPrefix}b:${key}`, { uc: 0, ut: 0, ur: 0, rc: 300, rt: 0, rr: 1, x: expiresAt });
      await client.hset(`${keyPrefix}r:${key}`, { keys: JSON.stringify([`${keyPrefix}b:${key}`]), c: 300, t: 0, r: 1 });
      await client.zadd(`${keyPrefix}reservations`, start + 3_600_000, key);
    }
    const charge = [{ key: reopened, limits: { costMicros: 1_000 }, expiresAt: start + 7_200_000 }];
    await store.settle({ reservationId: `opener-${label}`, buckets: charge, actual: { costMicros: 1_000, tokens: 0, requests: 1 }, now: start + 3_000 });
    await store.release({ reservationId: kept, now: start + 3_000 });
    await store.release({ reservationId: reopened, now: start + 3_000 });
    const states = await store.readBuckets([kept, reopened]);
    expect(states.map((state) => [state.used.costMicros, state.reserved.costMicros])).toEqual([
      [0, 0],
      [1_000, 0],
    ]);
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
