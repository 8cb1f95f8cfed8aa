import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgres } from '../../../test/support/services.js';
import { runConversationStoreContract, runPromptStoreContract } from '../../testing/adapter-contract/index.js';
import { runStoreFaultContract } from '../../testing/adapter-contract/run-store-fault-contract.js';
import { runUsageStoreContract } from '../../testing/adapter-contract/run-usage-store-contract.js';
import { createPostgresConversationStore } from './create-postgres-conversation-store.js';
import { createPostgresPromptStore } from './create-postgres-prompt-store.js';
import { migrate } from './migrate.js';
import { postgresMigrations } from './postgres-migrations.js';
import { createTestPool, uniqueSchema } from '../../../test/support/postgres-test-database.js';
import { createPostgresUsageStore } from './create-postgres-usage-store.js';

// PgBouncer in transaction pooling mode, started by this suite on a loopback port of its own:
// every statement may run on another server connection, so session state (advisory locks held
// across statements, named prepared statements, SET) would break. crmkit uses none of it.
const port = 21420;
const schema = uniqueSchema('bouncer');
const hasPgBouncer = (() => {
  try {
    execFileSync('pgbouncer', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('pgbouncer is not installed; CI requires it (see .ci/run)');
    console.warn('[crmkit tests] skipping the PgBouncer suite: pgbouncer is not installed (apt-get install pgbouncer)');
    return false;
  }
})();

async function listening(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe.skipIf(!postgres.available || !hasPgBouncer)('Postgres stores through PgBouncer (transaction pooling)', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'crmkit-pgbouncer-'));
  let bouncer: ChildProcess | undefined;
  let pool: pg.Pool;
  const direct = createTestPool(`crmkit-bouncer-admin-${schema.slice(-10)}`, 2);

  beforeAll(async () => {
    chmodSync(directory, 0o755);
    writeFileSync(path.join(directory, 'users.txt'), '"postgres" ""\n');
    writeFileSync(
      path.join(directory, 'pgbouncer.ini'),
      [
        '[databases]',
        'test = host=127.0.0.1 port=5432 dbname=test user=postgres',
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        'unix_socket_dir =',
        'auth_type = trust',
        `auth_file = ${path.join(directory, 'users.txt')}`,
        'pool_mode = transaction',
        'default_pool_size = 4',
        'max_client_conn = 200',
        'ignore_startup_parameters = extra_float_digits,options',
        '',
      ].join('\n'),
    );
    // PgBouncer refuses to run as root: drop to the postgres user when the tests run as root.
    const args = process.getuid?.() === 0 ? ['-u', 'postgres', path.join(directory, 'pgbouncer.ini')] : [path.join(directory, 'pgbouncer.ini')];
    bouncer = spawn('pgbouncer', args, { stdio: 'ignore' });
    for (let attempt = 0; attempt < 50 && !(await listening()); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
    pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${port}/test`, max: 20 });
    pool.on('error', () => undefined);
    // Four processes' worth of pools migrating at once, through the bouncer.
    const racers = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${port}/test`, max: 2 }));
    await Promise.all(racers.map((racer) => migrate({ pool: racer, schema })));
    await Promise.all(racers.map((racer) => racer.end()));
  }, 30_000);
  afterAll(async () => {
    await pool?.end();
    await direct.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await direct.end();
    bouncer?.kill('SIGTERM');
    rmSync(directory, { recursive: true, force: true });
  });

  it('migrates once through the bouncer, and a second run is a no-op', async () => {
    const { rows } = await direct.query(`SELECT version FROM "${schema}".crmkit_schema_migrations ORDER BY version`);
    expect(rows.map((row: { version: number }) => row.version)).toEqual(postgresMigrations.map((migration) => migration.version));
    expect((await migrate({ pool, schema })).applied).toEqual([]);
  });

  runConversationStoreContract({ name: 'postgres via pgbouncer', test: { describe, it }, createStore: ({ clock }) => createPostgresConversationStore({ pool, schema, clock }) });
  runPromptStoreContract({ name: 'postgres via pgbouncer', test: { describe, it }, createStore: ({ clock }) => createPostgresPromptStore({ pool, schema, clock }) });
  runUsageStoreContract({ name: 'postgres via pgbouncer', test: { describe, it }, createStore: () => createPostgresUsageStore({ pool, schema }) });
  runStoreFaultContract({
    name: 'postgres via pgbouncer',
    test: { describe, it },
    target: { host: '127.0.0.1', port },
    proxyPort: 21421,
    durationMs: 2_000,
    createStores: ({ port: proxyPort }) => {
      const connectionString = `postgres://postgres@127.0.0.1:${proxyPort}/test`;
      const conversations = createPostgresConversationStore({ connectionString, schema });
      const usage = createPostgresUsageStore({ connectionString, schema });
      return { conversations, usage, close: async () => void (await Promise.all([conversations.end(), usage.end()])) };
    },
  });
});
