/**
 * Test helper (not exported): a pg Pool on the local test database with an application name the
 * tests can find in pg_stat_activity, and a throwaway schema name per test file.
 *
 * @internal
 */
import pg from 'pg';
import { postgresUrl } from './services.js';

/** A pool tagged with `applicationName`, with the idle-error listener every pg pool needs. */
export function createTestPool(applicationName: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: postgresUrl, application_name: applicationName, max });
  pool.on('error', () => undefined);
  return pool;
}

/** A schema name no other test file (or earlier run) uses. */
export function uniqueSchema(label: string): string {
  return `crmkit_test_${label}_${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`;
}
