import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgres } from '../../../test/support/services.js';
import { runKnowledgeSourceContract } from '../../testing/adapter-contract/index.js';
import { createPostgresKnowledgeSource } from './create-postgres-knowledge-source.js';
import { migrate } from './migrate.js';
import { createTestPool, uniqueSchema } from './test-database.js';

const schema = uniqueSchema('knowledge');

describe.skipIf(!postgres.available)('createPostgresKnowledgeSource', () => {
  const pool = createTestPool('crmkit-knowledge-test');
  beforeAll(async () => {
    await migrate({ pool, schema });
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
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

  it('fails with an unavailable AdapterError when the connection is refused', async () => {
    const source = createPostgresKnowledgeSource({ connectionString: 'postgres://postgres@127.0.0.1:22199/none', schema });
    await expect(source.search('t', 'x')).rejects.toMatchObject({ name: 'AdapterError', kind: 'unavailable', retryable: true });
    await source.end();
  });
});
