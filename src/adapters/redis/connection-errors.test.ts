import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redis } from '../../../test/support/services.js';
import { adapterFailure } from '../../../test/support/adapter-failure.js';
import { createFaultProxy } from '../../testing/adapter-contract/create-fault-proxy.js';
import { createRedisConversationStore } from './create-redis-conversation-store.js';
import { createRedisUsageStore } from './create-redis-usage-store.js';

const closedPort = 21497; // in this suite's loopback range; nothing listens there
const authPort = 21406; // a redis-server of this suite's own, with a password
const sessionId = '3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b';


describe('Redis errors that name the cause', () => {
  it('server down at start: refused, within the connect timeout', async () => {
    const store = createRedisConversationStore({ url: `redis://127.0.0.1:${closedPort}` });
    const startedAt = Date.now();
    const error = await adapterFailure(store.getSession('acme', sessionId));
    expect(error).toMatchObject({ kind: 'unavailable', retryable: true, adapter: 'redis-conversation-store' });
    expect(error.message).toMatch(/refused the connection \(ECONNREFUSED\)/);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    await store.end();
  });

  describe.skipIf(!redis.available)('with a server of the test’s own', () => {
    let server: ChildProcess | undefined;
    beforeAll(async () => {
      server = spawn('redis-server', ['--port', String(authPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', 'right-password'], { stdio: 'ignore' });
      for (let attempt = 0; attempt < 50; attempt++) {
        const store = createRedisUsageStore({ url: `redis://:right-password@127.0.0.1:${authPort}`, connectTimeoutMs: 200 });
        const ready = await store.readBuckets(['probe']).then(
          () => true,
          () => false,
        );
        await store.end();
        if (ready) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`redis-server on ${authPort} did not start`);
    });
    afterAll(() => {
      server?.kill('SIGTERM');
    });

    it('wrong password: kind auth, and the password appears nowhere in the error', async () => {
      const store = createRedisUsageStore({ url: `redis://:wrong-password@127.0.0.1:${authPort}` });
      const error = await adapterFailure(store.readBuckets(['x']));
      expect(error).toMatchObject({ kind: 'auth', retryable: false });
      expect(error.message).toMatch(/refused the credentials \(WRONGPASS\)/);
      expect(JSON.stringify({ message: error.message, cause: String(error.cause) })).not.toContain('wrong-password');
      await store.end();
    });

    it('a server that stops answering mid-run: kind timeout within commandTimeoutMs, and end() settles', async () => {
      const proxy = await createFaultProxy({ target: { host: '127.0.0.1', port: authPort }, port: 21407 });
      const store = createRedisUsageStore({ url: `redis://:right-password@127.0.0.1:${proxy.port}`, commandTimeoutMs: 200 });
      try {
        await store.readBuckets(['x']);
        proxy.stall(5_000);
        let startedAt = Date.now();
        const stalled = await adapterFailure(store.readBuckets(['x']));
        expect(stalled).toMatchObject({ kind: 'timeout', retryable: true });
        expect(Date.now() - startedAt).toBeLessThan(1_000);
        proxy.refuse();
        startedAt = Date.now();
        const gone = await adapterFailure(store.readBuckets(['x']));
        expect(gone.retryable).toBe(true);
        expect(Date.now() - startedAt).toBeLessThan(1_000);
        startedAt = Date.now();
        await store.end();
        expect(Date.now() - startedAt).toBeLessThan(2_000);
      } finally {
        await proxy.close();
      }
    });
  });
});
