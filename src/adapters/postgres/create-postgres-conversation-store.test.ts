import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgres } from '../../../test/support/services.js';
import { runConversationStoreContract } from '../../testing/adapter-contract/index.js';
import { AdapterError } from '../adapter-error.js';
import { createPostgresConversationStore } from './create-postgres-conversation-store.js';
import { migrate } from './migrate.js';
import type { PostgresPool } from './postgres-pool.js';
import { createTestPool, uniqueSchema } from '../../../test/support/postgres-test-database.js';

const schema = uniqueSchema('conv');
const applicationName = `crmkit-conv-${schema.slice(-10)}`;

describe.skipIf(!postgres.available)('createPostgresConversationStore', () => {
  const pool = createTestPool(applicationName);
  const admin = createTestPool(`${applicationName}-admin`, 2);

  beforeAll(async () => {
    await migrate({ pool, schema });
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all([pool.end(), admin.end()]);
  });

  // pg's own Pool satisfies the structural PostgresPool contract.
  const typed: PostgresPool = pool;
  runConversationStoreContract({ name: 'postgres', test: { describe, it }, createStore: ({ clock }) => createPostgresConversationStore({ pool: typed, schema, clock }) });

  it('turns a connection killed mid-statement into a retryable `unavailable` error, and the pool recovers', async () => {
    const store = createPostgresConversationStore({ pool, schema });
    const session = await store.createSession('drop-tenant', {});
    // Hold the session's row lock from another connection so the append waits, in flight, where we can kill it.
    const blocker = await admin.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM "${schema}".crmkit_conversation_sessions WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, ['drop-tenant', session.id]);
      const append = store.appendMessage('drop-tenant', session.id, { role: 'user', content: 'are you there?' });
      append.catch(() => undefined);
      let killed = 0;
      for (let attempt = 0; attempt < 200 && killed === 0; attempt += 1) {
        const { rows } = await admin.query(
          `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
          [applicationName],
        );
        killed = rows.length;
        if (killed === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      expect(killed).toBe(1);
      const error = await append.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(AdapterError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ kind: 'unavailable', retryable: true, adapter: 'postgres-conversation-store' });
      expect((error as Error).message).toMatch(/connection lost.*retried/);
      await blocker.query('ROLLBACK');
    } finally {
      blocker.release();
    }
    const retried = await store.appendMessage('drop-tenant', session.id, { role: 'user', content: 'are you there?' });
    expect(retried.sequence).toBe(1);
    expect((await store.getSession('drop-tenant', session.id))?.messageCount).toBe(1);
  });

  it('recovers after every idle connection of the pool was terminated', async () => {
    const store = createPostgresConversationStore({ pool, schema });
    await Promise.all(Array.from({ length: 5 }, () => store.createSession('idle-tenant', {})));
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [applicationName]);
    // A call may pick a dead connection before the pool has noticed it; each such call fails with
    // a clear, retryable error and takes that connection out, so the pool heals within `max` calls.
    const failures: unknown[] = [];
    let listed: unknown;
    for (let attempt = 0; attempt <= 10 && listed === undefined; attempt += 1) {
      listed = await store.listUserSessions('idle-tenant', 'nobody').catch((caught: unknown) => {
        failures.push(caught);
        return undefined;
      });
    }
    expect(listed).toEqual([]);
    for (const failure of failures) expect(failure).toMatchObject({ kind: 'unavailable', retryable: true });
    await expect(store.listUserSessions('idle-tenant', 'nobody')).resolves.toEqual([]);
  });

  it('explains that migrate() is missing when the tables do not exist', async () => {
    const store = createPostgresConversationStore({ pool, schema: uniqueSchema('none') });
    await expect(store.createSession('t', {})).rejects.toMatchObject({ kind: 'invalid_state', message: expect.stringMatching(/run `migrate\(\{ pool \}\)`/) });
  });

  it('creates and ends its own pool from a connection string', async () => {
    const store = createPostgresConversationStore({ connectionString: `postgres://postgres@127.0.0.1:5432/test`, schema });
    const session = await store.createSession('own-pool', { userId: 'u' });
    expect((await store.listUserSessions('own-pool', 'u')).map((listed) => listed.id)).toEqual([session.id]);
    await store.end();
  });

  it('refuses options with both or neither of pool and connectionString', () => {
    expect(() => createPostgresConversationStore({ schema })).toThrow(/exactly one of `pool`/);
    expect(() => createPostgresConversationStore({ pool, connectionString: 'postgres://x', schema })).toThrow(/exactly one of `pool`/);
  });
});
