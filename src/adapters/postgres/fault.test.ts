import { afterAll, beforeAll, describe, it } from 'vitest';
import { postgres } from '../../../test/support/services.js';
import { runStoreFaultContract, type FaultRunReport } from '../../testing/adapter-contract/run-store-fault-contract.js';
import { createPostgresConversationStore } from './create-postgres-conversation-store.js';
import { migrate } from './migrate.js';
import { createTestPool, uniqueSchema } from '../../../test/support/postgres-test-database.js';
import { createPostgresUsageStore } from './create-postgres-usage-store.js';

const schema = uniqueSchema('fault');
const applicationName = `crmkit-fault-${schema.slice(-10)}`;

describe.skipIf(!postgres.available)('Postgres stores under faults', () => {
  const admin = createTestPool(`crmkit-fault-admin-${schema.slice(-10)}`, 2);
  const reports: FaultRunReport[] = [];
  beforeAll(async () => {
    await migrate({ pool: admin, schema });
  });
  afterAll(async () => {
    if (reports.length > 0) console.info(`[postgres fault run] ${JSON.stringify(reports)}`);
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  runStoreFaultContract({
    name: 'postgres',
    test: { describe, it },
    target: { host: '127.0.0.1', port: 5432 },
    proxyPort: 21402,
    createStores: ({ port }) => {
      const connectionString = `postgres://postgres@127.0.0.1:${port}/test?application_name=${applicationName}`;
      const conversations = createPostgresConversationStore({ connectionString, schema });
      const usage = createPostgresUsageStore({ connectionString, schema });
      return { conversations, usage, close: async () => void (await Promise.all([conversations.end(), usage.end()])) };
    },
    // pg_terminate_backend on this test's own backends only (by application_name).
    killOwnConnections: async () => {
      const result = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
      return result.rowCount ?? 0;
    },
    onReport: (report) => reports.push(report),
  });
});
