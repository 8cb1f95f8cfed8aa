import type { PostgresMigration } from './postgres-migration.js';

/**
 * Version 6: help-center passages for `createPostgresKnowledgeSource`. One row per passage,
 * keyed by (tenant, passage id); `search` is the weighted `tsvector` (title A, heading B, text C)
 * built in the tenant's text-search configuration, which `language` records, served by a GIN
 * index built without a pending list (`fastupdate = off`: a bulk import would otherwise leave
 * thousands of entries that every search scans linearly until the next vacuum);
 * `(tenant_id, document_id)` serves replacing and removing an article. `embedding` holds
 * the host's vectors (`real[]`, so the table needs no extension) and is ranked with pgvector when
 * that extension is installed.
 *
 * @example
 * ```ts
 * await migrate({ pool, migrations: [knowledgeMigration] });
 * ```
 */
export const knowledgeMigration: PostgresMigration = {
  version: 6,
  name: 'knowledge passages',
  up: ({ table, index }) => `
CREATE TABLE ${table('knowledge_passages')} (
  tenant_id text NOT NULL,
  document_id text NOT NULL,
  passage_id text NOT NULL,
  position integer NOT NULL,
  title text NOT NULL,
  heading text,
  url text,
  body text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz,
  language regconfig NOT NULL,
  search tsvector NOT NULL,
  embedding real[],
  PRIMARY KEY (tenant_id, passage_id)
);
CREATE INDEX ${index('knowledge_passages_search')} ON ${table('knowledge_passages')} USING GIN (search) WITH (fastupdate = off);
CREATE INDEX ${index('knowledge_passages_document')} ON ${table('knowledge_passages')} (tenant_id, document_id);
`,
};
