import { describe, expect, it } from 'vitest';
import { postgres, postgresUrl } from '../../../test/support/services.js';
import { adapterFailure } from '../../../test/support/adapter-failure.js';
import { createFaultProxy } from '../../testing/adapter-contract/create-fault-proxy.js';
import { createPostgresConversationStore } from './create-postgres-conversation-store.js';
import { migrate } from './migrate.js';

const closedPort = 21498; // in this suite's loopback range; nothing listens there
const tenant = 'acme';
const sessionId = '3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b';


describe('Postgres errors that name the cause', () => {
  it('server down at start: "refused the connection", not "lost", within the connect timeout', async () => {
    const store = createPostgresConversationStore({ connectionString: `postgres://postgres@127.0.0.1:${closedPort}/test` });
    const startedAt = Date.now();
    const error = await adapterFailure(store.getSession(tenant, sessionId));
    expect(error).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(error.message).toMatch(/refused the connection \(ECONNREFUSED\).*start PostgreSQL or fix the URL/);
    expect(error.message).not.toMatch(/lost/);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    await store.end();
  });

  it.skipIf(!postgres.available)('database missing: names it and says to createdb it', async () => {
    const url = new URL(postgresUrl);
    url.pathname = '/crmkit_no_such_database';
    const error = await adapterFailure(migrate({ connectionString: url.toString() }));
    expect(error).toMatchObject({ kind: 'invalid_state', retryable: false });
    expect(error.message).toContain('database "crmkit_no_such_database" does not exist');
    expect(error.message).toContain('`createdb crmkit_no_such_database`');
  });

  it.skipIf(!postgres.available)('unknown role: kind auth with the server’s message', async () => {
    const url = new URL(postgresUrl);
    url.username = 'crmkit_no_such_role';
    const store = createPostgresConversationStore({ connectionString: url.toString() });
    const error = await adapterFailure(store.getSession(tenant, sessionId));
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect(error.message).toMatch(/role "crmkit_no_such_role" does not exist/);
    await store.end();
  });

  it.skipIf(!postgres.available)('a server that stops answering: kind timeout within connectTimeoutMs / queryTimeoutMs, and end() settles', async () => {
    const proxy = await createFaultProxy({ target: { host: '127.0.0.1', port: 5432 }, port: 21405 });
    const url = new URL(postgresUrl);
    url.port = String(proxy.port);
    const store = createPostgresConversationStore({ connectionString: url.toString(), connectTimeoutMs: 300, queryTimeoutMs: 300 });
    try {
      await store.getSession(tenant, sessionId).catch(() => undefined); // a pooled connection, tables or not
      proxy.stall(5_000);
      let startedAt = Date.now();
      const lost = await adapterFailure(store.getSession(tenant, sessionId));
      expect(lost).toMatchObject({ kind: 'timeout', retryable: true });
      expect(Date.now() - startedAt).toBeLessThan(1_000);
      proxy.refuse();
      startedAt = Date.now();
      const refused = await adapterFailure(store.getSession(tenant, sessionId));
      expect(refused.retryable).toBe(true);
      expect(Date.now() - startedAt).toBeLessThan(1_000);
      startedAt = Date.now();
      await store.end();
      expect(Date.now() - startedAt).toBeLessThan(2_000);
    } finally {
      await proxy.close();
    }
  });
});
