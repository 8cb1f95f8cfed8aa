import { Cluster } from 'ioredis';
import { AdapterError } from '../adapter-error.js';
import type { ConversationMessage } from '../conversation-store.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisClusterAvailable, startRedisCluster, type TestRedisCluster } from '../../../test/support/redis-cluster.js';
import { runConversationStoreContract } from '../../testing/adapter-contract/index.js';
import { runUsageStoreContract } from '../../testing/adapter-contract/run-usage-store-contract.js';
import { createRedisConversationStore } from './create-redis-conversation-store.js';
import { createRedisRateLimiter } from './create-redis-rate-limiter.js';
import { createRedisUsageStore } from './create-redis-usage-store.js';

// A real 3-master cluster on this suite's own loopback ports (21430-21432), started here.
const ports = [21430, 21431, 21432];
const available = redisClusterAvailable();
if (!available && process.env.CI === 'true') throw new Error('redis-server / redis-cli are not installed; CI requires them (see .ci/run)');

describe.skipIf(!available)('Redis stores and limiter on a 3-master Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let client: Cluster;
  beforeAll(async () => {
    cluster = await startRedisCluster(ports);
    client = new Cluster([{ host: '127.0.0.1', port: ports[0]! }], { clusterRetryStrategy: (times) => Math.min(100 * times, 1_000) });
    client.on('error', () => undefined);
  }, 60_000);
  afterAll(async () => {
    client?.disconnect();
    await cluster?.stop();
  });

  runConversationStoreContract({ name: 'redis cluster', test: { describe, it }, createStore: ({ clock }) => createRedisConversationStore({ client, clock }) });
  runUsageStoreContract({ name: 'redis cluster, one slot (hash tag in keyPrefix)', test: { describe, it }, createStore: () => createRedisUsageStore({ client, keyPrefix: 'crmkit:{usage}:' }) });
  runUsageStoreContract({ name: 'redis cluster, a slot per tenant', test: { describe, it }, tenantScoped: true, createStore: () => createRedisUsageStore({ client }) });

  it('asks for the tenant (or a hash tag in the prefix) on a cluster client', async () => {
    const request = { reservationId: crypto.randomUUID(), buckets: [], amounts: { costMicros: 1, tokens: 0, requests: 1 }, now: Date.now(), reservationExpiresAt: Date.now() + 60_000 };
    await expect(createRedisUsageStore({ client }).reserve(request)).rejects.toThrow(/needs its `tenantId`/);
  });

  it('a rate limiter on the cluster holds its limit', async () => {
    const limiter = await createRedisRateLimiter({ client, key: `cluster-${crypto.randomUUID()}`, requestsPerMinute: 3 });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => limiter.acquire({ tokens: 0 }, { maxQueueWaitMs: 0 })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    await limiter.disconnect();
  });

  it('a master restarted mid-run: appends and settles retried with their ids lose nothing and apply once', async () => {
    const conversations = createRedisConversationStore({ client, commandTimeoutMs: 1_000 });
    const usage = createRedisUsageStore({ client, keyPrefix: `crmkit:{usage-${crypto.randomUUID().slice(0, 6)}}:`, commandTimeoutMs: 1_000 });
    const retry = async <T>(operation: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await operation();
        } catch (error) {
          if (!AdapterError.isInstance(error) || !error.retryable || attempt > 200) throw error;
          retries++;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
    let retries = 0;
    const tenants = Array.from({ length: 6 }, (_, index) => `restart-${index}-${crypto.randomUUID().slice(0, 6)}`);
    const sessions = await Promise.all(tenants.map(async (tenant) => ({ tenant, id: (await conversations.createSession(tenant, {})).id, acknowledged: [] as string[] })));
    const bucketKey = `restart-${crypto.randomUUID()}`;
    const now = Date.now();
    const buckets = [{ key: bucketKey, limits: {}, expiresAt: now + 86_400_000 }];
    let settledCost = 0;
    const startedAt = Date.now();
    const restarted = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await cluster.restart(ports[1]!, 500);
    })();
    let running = true;
    void restarted.finally(() => setTimeout(() => (running = false), 500));
    await Promise.all([
      ...sessions.map(async (session) => {
        while (running && Date.now() - startedAt < 20_000) {
          const id = crypto.randomUUID();
          await retry(() => conversations.appendMessage(session.tenant, session.id, { id, role: 'user', content: id, tokens: 1 }));
          session.acknowledged.push(id);
        }
      }),
      (async () => {
        for (let index = 0; running && Date.now() - startedAt < 20_000; index++) {
          const reservationId = crypto.randomUUID();
          await retry(() => usage.reserve({ reservationId, buckets, amounts: { costMicros: 10, tokens: 0, requests: 1 }, now, reservationExpiresAt: now + 600_000 }));
          await retry(() => usage.settle({ reservationId, buckets, actual: { costMicros: 1 + (index % 7), tokens: 0, requests: 1 }, now }));
          settledCost += 1 + (index % 7);
        }
      })(),
    ]);
    await restarted;
    let writes = 0;
    for (const session of sessions) {
      // Every acknowledged append, read page by page (a fast run appends more than one page holds).
      const messages: ConversationMessage[] = [];
      for (let hasMore = true; hasMore; ) {
        const page = await conversations.history(session.tenant, session.id, { limit: 1000, after: messages.at(-1)?.sequence ?? 0 });
        messages.push(...page.messages);
        hasMore = page.hasMore;
      }
      writes += session.acknowledged.length;
      expect(messages.map((message) => message.id)).toEqual(session.acknowledged);
      expect(messages.map((message) => message.sequence)).toEqual(session.acknowledged.map((_, index) => index + 1));
    }
    const [state] = await usage.readBuckets([bucketKey]);
    expect([state?.used.costMicros, state?.reserved.costMicros]).toEqual([settledCost, 0]);
    console.info(`[redis cluster restart] ${writes} appends and ${state?.used.requests} settles acknowledged, ${retries} retried calls, 0 lost, 0 duplicated`);
  }, 60_000);

  it('spreads tenants over the masters: conversation keys carry the tenant as hash tag', async () => {
    const store = createRedisConversationStore({ client });
    const owners = new Set<string>();
    for (let index = 0; index < 12; index++) {
      const tenant = `spread-${index}-${crypto.randomUUID().slice(0, 6)}`;
      await store.createSession(tenant, {});
      const slot = (await client.cluster('KEYSLOT', `crmkit:conversation:{${encodeURIComponent(tenant)}}:s:x`)) as number;
      owners.add(String(ports[Math.floor((slot * 3) / 16_384)]));
    }
    expect(owners.size).toBeGreaterThan(1);
    // Budgets too: each tenant's buckets, reservations and ledger live in its own slot.
    const usage = createRedisUsageStore({ client });
    const usageOwners = new Set<string>();
    for (let index = 0; index < 12; index++) {
      const tenantId = `budget-${index}-${crypto.randomUUID().slice(0, 6)}`;
      const buckets = [{ key: `t:${tenantId}:2025-11-21`, limits: { costMicros: 100 }, expiresAt: Date.now() + 86_400_000 }];
      expect(await usage.reserve({ reservationId: crypto.randomUUID(), tenantId, buckets, amounts: { costMicros: 10, tokens: 0, requests: 1 }, now: Date.now(), reservationExpiresAt: Date.now() + 60_000 })).toEqual({ ok: true });
      const slot = (await client.cluster('KEYSLOT', `crmkit:usage:{${encodeURIComponent(tenantId)}}:reservations`)) as number;
      usageOwners.add(String(ports[Math.floor((slot * 3) / 16_384)]));
    }
    expect(usageOwners.size).toBeGreaterThan(1);
  });
});
