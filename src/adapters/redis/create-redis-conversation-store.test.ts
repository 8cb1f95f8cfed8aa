import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redis, redisUrl } from '../../../test/support/services.js';
import { runConversationStoreContract } from '../../testing/adapter-contract/index.js';
import { AdapterError } from '../adapter-error.js';
import { createRedisConversationStore, type RedisScriptClient } from './create-redis-conversation-store.js';

const keyPrefix = `crmkit-test:conv:${crypto.randomUUID().slice(0, 8)}:`;

describe.skipIf(!redis.available)('createRedisConversationStore', () => {
  const client = new Redis(redisUrl);
  afterAll(async () => {
    const keys = await client.keys(`${keyPrefix}*`);
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  });

  const typed: RedisScriptClient = client;
  runConversationStoreContract({ name: 'redis', test: { describe, it }, createStore: ({ clock }) => createRedisConversationStore({ client: typed, keyPrefix, clock }) });

  it('expires a session and its messages ttlSeconds after the last change, renewing on every write', async () => {
    const store = createRedisConversationStore({ client, keyPrefix, ttlSeconds: 600 });
    const session = await store.createSession('ttl-tenant', { userId: 'u1' });
    const keys = await client.keys(`${keyPrefix}{ttl-tenant}:*`);
    expect(keys.sort()).toEqual([`${keyPrefix}{ttl-tenant}:s:${session.id}`, `${keyPrefix}{ttl-tenant}:u:u1`]);
    await client.expire(`${keyPrefix}{ttl-tenant}:s:${session.id}`, 5);
    await store.appendMessage('ttl-tenant', session.id, { role: 'user', content: 'still here' });
    for (const key of await client.keys(`${keyPrefix}{ttl-tenant}:*`)) {
      const ttl = await client.ttl(key);
      expect(ttl).toBeGreaterThan(500);
      expect(ttl).toBeLessThanOrEqual(600);
    }
  });

  it('renews the messages with the session on feedback, escalation and close', async () => {
    const store = createRedisConversationStore({ client, keyPrefix, ttlSeconds: 600 });
    const session = await store.createSession('ttl-mutate', { userId: 'u1' });
    await store.appendMessage('ttl-mutate', session.id, { role: 'user', content: 'my parcel is late' });
    const keys = [`${keyPrefix}{ttl-mutate}:s:${session.id}`, `${keyPrefix}{ttl-mutate}:m:${session.id}`, `${keyPrefix}{ttl-mutate}:i:${session.id}`];
    for (const change of [
      () => store.submitFeedback('ttl-mutate', session.id, { rating: 5 }),
      () => store.escalate('ttl-mutate', session.id, { reason: 'asked for a person' }),
      () => store.close('ttl-mutate', session.id),
    ]) {
      for (const key of keys) await client.expire(key, 5);
      await change();
      for (const key of keys) expect(await client.ttl(key)).toBeGreaterThan(500);
    }
  });

  it("drops an expired session from the user's list", async () => {
    const store = createRedisConversationStore({ client, keyPrefix });
    const kept = await store.createSession('expiry-tenant', { userId: 'u1' });
    const gone = await store.createSession('expiry-tenant', { userId: 'u1' });
    await client.del(`${keyPrefix}{expiry-tenant}:s:${gone.id}`);
    expect((await store.listUserSessions('expiry-tenant', 'u1')).map((session) => session.id)).toEqual([kept.id]);
    expect(await client.zcard(`${keyPrefix}{expiry-tenant}:u:u1`)).toBe(1);
  });

  it('loads a script with EVAL when Redis answers NOSCRIPT (after a restart or SCRIPT FLUSH)', async () => {
    // A wrapper instead of a real SCRIPT FLUSH, which would disturb other suites sharing this Redis.
    let evals = 0;
    const forgetful: RedisScriptClient = {
      evalsha: async () => {
        throw new Error('NOSCRIPT No matching script. Please use EVAL.');
      },
      eval: (...args) => {
        evals += 1;
        return client.eval(...args);
      },
      lrange: (...args) => client.lrange(...args),
    };
    const store = createRedisConversationStore({ client: forgetful, keyPrefix });
    const session = await store.createSession('flush-tenant');
    expect((await store.appendMessage('flush-tenant', session.id, { role: 'user', content: 'hi' })).sequence).toBe(1);
    expect(evals).toBe(2);
  });

  it('reports an unreachable Redis as a retryable `unavailable` error', async () => {
    const broken = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    broken.on('error', () => undefined);
    const store = createRedisConversationStore({ client: broken, keyPrefix });
    const error = await store.createSession('t').catch((caught: unknown) => caught);
    expect(AdapterError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'unavailable', retryable: true });
    broken.disconnect();
  });

  it('creates and closes its own client from a URL', async () => {
    const store = createRedisConversationStore({ url: redisUrl, keyPrefix });
    const session = await store.createSession('own-client');
    expect((await store.getSession('own-client', session.id))?.id).toBe(session.id);
    await store.end();
  });

  it('validates its options', () => {
    expect(() => createRedisConversationStore({ keyPrefix })).toThrow(/exactly one of `client`/);
    expect(() => createRedisConversationStore({ client, ttlSeconds: 0 })).toThrow(/ttlSeconds/);
  });
});
