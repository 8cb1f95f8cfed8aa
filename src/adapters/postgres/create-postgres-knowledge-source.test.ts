import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgres } from '../../../test/support/services.js';
import { runKnowledgeSourceContract } from '../../testing/adapter-contract/index.js';
import { createPostgresKnowledgeSource } from './create-postgres-knowledge-source.js';
import { migrate } from './migrate.js';
import { createTestPool, uniqueSchema } from '../../../test/support/postgres-test-database.js';

const schema = uniqueSchema('knowledge');

/** Whether this database has pgvector; the hybrid-ranking test below runs only where it does. */
async function pgvectorInstalled(): Promise<boolean> {
  if (!postgres.available) return false;
  const probe = createTestPool('crmkit-knowledge-test-probe', 1);
  try {
    return ((await probe.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'")).rowCount ?? 0) > 0;
  } finally {
    await probe.end();
  }
}
const hasPgvector = await pgvectorInstalled();
if (postgres.available && !hasPgvector) console.warn('[crmkit tests] pgvector is not installed in the test database: the Postgres hybrid-ranking test is skipped (the skip-with-reason path is tested)');
const applicationName = `crmkit-knowledge-test-${crypto.randomUUID().slice(0, 8)}`;

describe.skipIf(!postgres.available)('createPostgresKnowledgeSource', () => {
  const pool = createTestPool(applicationName);
  const admin = createTestPool('crmkit-knowledge-test-admin', 2);
  beforeAll(async () => {
    await migrate({ pool, schema });
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all([pool.end(), admin.end()]);
  });

  runKnowledgeSourceContract({ name: 'postgres', test: { describe, it }, createSource: () => createPostgresKnowledgeSource({ pool, schema }) });

  it('indexes and searches in the language configured for each tenant', async () => {
    const source = createPostgresKnowledgeSource({ pool, schema, language: (tenantId) => (tenantId === 'fr' ? 'french' : 'english') });
    await source.index('fr', [{ id: 'retours', title: 'Retours', body: 'Vous pouvez retourner les articles achetés pendant 30 jours.' }]);
    // The French stemmer maps "retournez" and "retourner" to one lexeme; the English one would not.
    expect((await source.search('fr', 'retournez article'))[0]?.documentId).toBe('retours');
    const row = await pool.query(`SELECT language::text AS language FROM "${schema}".crmkit_knowledge_passages WHERE tenant_id = 'fr'`);
    expect(row.rows[0].language).toBe('french');
  });

  it('names the `language` option when the configuration does not exist', async () => {
    const source = createPostgresKnowledgeSource({ pool, schema, language: 'klingon' });
    await expect(source.search('t', 'x')).rejects.toThrow(/`language` "klingon" is not a text-search configuration/);
  });

  it('keeps quoted phrases and -exclusions of websearch syntax', async () => {
    const source = createPostgresKnowledgeSource({ pool, schema });
    await source.index('ws', [
      { id: 'a', title: 'Router lights', body: 'A blinking red light means an outage.' },
      { id: 'b', title: 'Router setup', body: 'Plug the grey cable into the red port.' },
    ]);
    expect((await source.search('ws', '"red light"')).map((passage) => passage.documentId)).toEqual(['a']);
    expect((await source.search('ws', 'router -outage')).map((passage) => passage.documentId)).toEqual(['b']);
  });

  it('replays of one index call and concurrent re-indexing leave exactly one copy of each passage', async () => {
    const source = createPostgresKnowledgeSource({ pool, schema });
    const article = { id: 'dup', title: 'Duplicate charges', body: 'A second charge is an authorisation hold.\n\n## Refunds\nWe refund duplicates in 2 days.' };
    await Promise.all(Array.from({ length: 6 }, () => source.index('replay', [article])));
    const count = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".crmkit_knowledge_passages WHERE tenant_id = 'replay'`);
    expect(count.rows[0].n).toBe(2);
  });

  it('states why semantic ranking is off, and never calls embed, when pgvector is not installed', async () => {
    const installed = (await pool.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'")).rowCount! > 0;
    const notices: string[] = [];
    let calls = 0;
    const source = createPostgresKnowledgeSource({
      pool,
      schema,
      embed: async (texts) => {
        calls++;
        return texts.map(() => [1, 0, 0]);
      },
      onNotice: (message) => notices.push(message),
    });
    const status = await source.semanticRanking();
    if (installed) {
      expect(status).toEqual({ enabled: true });
      return;
    }
    expect(status).toEqual({ enabled: false, reason: expect.stringMatching(/pgvector extension is not installed/) });
    await source.index('nv', [{ id: 'a', title: 'Router', body: 'Restart it.' }]);
    expect((await source.search('nv', 'restart router'))[0]?.documentId).toBe('a');
    expect(calls).toBe(0);
    expect(notices).toHaveLength(1);
    expect(await createPostgresKnowledgeSource({ pool, schema }).semanticRanking()).toEqual({ enabled: false, reason: expect.stringMatching(/no `embed`/) });
  });

  it.skipIf(!hasPgvector)('fuses pgvector similarity with the text ranking when pgvector is installed (skipped: pgvector not installed here)', async () => {
    const topics = [['refund', 'money', 'back'], ['router', 'wifi']];
    const embed = async (texts: readonly string[]) => texts.map((text) => topics.map((words) => words.filter((word) => text.toLowerCase().includes(word)).length + 0.01));
    const source = createPostgresKnowledgeSource({ pool, schema, embed });
    expect(await source.semanticRanking()).toEqual({ enabled: true });
    await source.index('vec', [
      { id: 'refund', title: 'Refund times', body: 'A refund reaches your card in 5 days.' },
      { id: 'wifi', title: 'Slow wifi', body: 'Restart the router.' },
    ]);
    const [best] = await source.search('vec', 'when do I get my money back?');
    expect(best?.documentId).toBe('refund');
    expect(best?.similarity).toBeGreaterThan(0.5);
  });

  it('turns an index call whose connection is killed mid-transaction into a retryable error, leaving the old passages, and a retry indexes once', async () => {
    const source = createPostgresKnowledgeSource({ pool, schema });
    await source.index('cut', [{ id: 'a', title: 'Router', body: 'Old text about the router.' }]);
    // Hold the tenant's indexing lock from another connection so the call waits, in flight, where we can kill it.
    const blocker = await admin.connect();
    try {
      await blocker.query('SELECT pg_advisory_lock(hashtext($1))', [`crmkit:knowledge:${schema}:crmkit_:cut`]);
      const indexing = source.index('cut', [{ id: 'a', title: 'Router', body: 'New text about the router.' }]);
      indexing.catch(() => undefined);
      let killed = 0;
      for (let attempt = 0; attempt < 400 && killed === 0; attempt += 1) {
        const { rows } = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [applicationName]);
        killed = rows.length;
        if (killed === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(killed).toBe(1);
      await expect(indexing).rejects.toMatchObject({ name: 'AdapterError', kind: 'unavailable', retryable: true, adapter: 'postgres-knowledge-source' });
      await blocker.query('SELECT pg_advisory_unlock(hashtext($1))', [`crmkit:knowledge:${schema}:crmkit_:cut`]);
    } finally {
      blocker.release();
    }
    expect((await source.search('cut', 'router'))[0]?.text).toBe('Old text about the router.');
    await source.index('cut', [{ id: 'a', title: 'Router', body: 'New text about the router.' }]);
    expect((await source.search('cut', 'router', { limit: 10 })).map((passage) => passage.text)).toEqual(['New text about the router.']);
  });

  it('recovers after every idle connection of the pool was terminated', async () => {
    const source = createPostgresKnowledgeSource({ pool, schema });
    await source.index('idle', [{ id: 'a', title: 'Router', body: 'Restart it.' }]);
    await Promise.all(Array.from({ length: 4 }, () => source.search('idle', 'router')));
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    const failures: unknown[] = [];
    let found: unknown;
    for (let attempt = 0; attempt <= 10 && found === undefined; attempt += 1) {
      found = await source.search('idle', 'router').catch((caught: unknown) => {
        failures.push(caught);
        return undefined;
      });
    }
    expect((found as { documentId: string }[])[0]?.documentId).toBe('a');
    for (const failure of failures) expect(failure).toMatchObject({ kind: 'unavailable', retryable: true });
  });

  it('explains that migrate() is missing when the table does not exist', async () => {
    const source = createPostgresKnowledgeSource({ pool, schema: uniqueSchema('none') });
    await expect(source.search('t', 'router')).rejects.toMatchObject({ kind: 'invalid_state', message: expect.stringMatching(/run `migrate\(\{ pool \}\)`/) });
  });

  it('fails with an unavailable AdapterError when the connection is refused', async () => {
    const source = createPostgresKnowledgeSource({ connectionString: 'postgres://postgres@127.0.0.1:22199/none', schema });
    await expect(source.search('t', 'x')).rejects.toMatchObject({ name: 'AdapterError', kind: 'unavailable', retryable: true });
    await source.end();
  });
});
