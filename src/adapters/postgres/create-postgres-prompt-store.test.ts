import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgres } from '../../../test/support/services.js';
import { runPromptStoreContract } from '../../testing/adapter-contract/index.js';
import { createPostgresPromptStore } from './create-postgres-prompt-store.js';
import { migrate } from './migrate.js';
import { createTestPool, uniqueSchema } from '../../../test/support/postgres-test-database.js';

const schema = uniqueSchema('prompt');

describe.skipIf(!postgres.available)('createPostgresPromptStore', () => {
  const pool = createTestPool('crmkit-prompt-test');
  beforeAll(async () => {
    await migrate({ pool, schema });
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  runPromptStoreContract({ name: 'postgres', test: { describe, it }, createStore: ({ clock }) => createPostgresPromptStore({ pool, schema, clock }) });

  it('rejects a prompt name that is not letters, digits, - and _', async () => {
    const store = createPostgresPromptStore({ pool, schema });
    await expect(store.save('t', { name: 'no spaces', template: 'x', variables: [] })).rejects.toThrow(/`name`/);
  });
});
