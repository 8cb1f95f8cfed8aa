import type { PostgresTableNames } from './postgres-tables.js';

/**
 * One versioned schema change, shipped inside the package as a TypeScript string (no loose SQL
 * files to copy). `migrate()` applies the missing ones in version order, each exactly once.
 *
 * @example
 * ```ts
 * const auditMigration: PostgresMigration = {
 *   version: 100,
 *   name: 'audit log',
 *   up: ({ table }) => `CREATE TABLE ${table('audit')} (id bigserial PRIMARY KEY, at timestamptz NOT NULL)`,
 * };
 * ```
 */
export interface PostgresMigration {
  /** A positive integer, unique across all migrations; never reuse or renumber a shipped one. */
  readonly version: number;
  readonly name: string;
  /** The SQL (one or more statements) for this install's schema and table prefix. */
  readonly up: string | ((tables: PostgresTableNames) => string);
}
