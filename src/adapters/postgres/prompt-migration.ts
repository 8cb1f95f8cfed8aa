import type { PostgresMigration } from './postgres-migration.js';

/**
 * Version 3: tenant prompts and their versions (seed 002). `prompt_heads` holds the latest
 * version number per prompt, so a save takes its version with one atomic upsert and concurrent
 * saves never collide. Access paths: a version by (tenant, name, version) and the latest of each
 * name — both served by the primary key.
 *
 * @example
 * ```ts
 * await migrate({ pool, migrations: [promptMigration] });
 * ```
 */
export const promptMigration: PostgresMigration = {
  version: 3,
  name: 'tenant prompts',
  up: ({ table }) => `
CREATE TABLE ${table('prompt_heads')} (
  tenant_id text NOT NULL,
  name text NOT NULL,
  latest integer NOT NULL,
  PRIMARY KEY (tenant_id, name)
);
CREATE TABLE ${table('prompts')} (
  tenant_id text NOT NULL,
  name text NOT NULL,
  version integer NOT NULL,
  template text NOT NULL,
  variables jsonb NOT NULL,
  description text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, name, version)
);
`,
};
