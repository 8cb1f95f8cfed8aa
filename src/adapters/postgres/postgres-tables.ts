import { z } from 'zod/v4';
import { parseInput } from '../../core/validate.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * Fully qualified, quoted table names of one crmkit install (a schema and a table prefix).
 * Migrations write their SQL with it, and stores query with it.
 *
 * @example
 * ```ts
 * const tables = postgresTables({ schema: 'app', tablePrefix: 'crmkit_' });
 * tables.table('prompts'); // '"app"."crmkit_prompts"'
 * ```
 */
export interface PostgresTableNames {
  /** The quoted schema, e.g. `"public"`. */
  readonly schema: string;
  /** The unquoted schema name, e.g. `public`. */
  readonly schemaName: string;
  /** The unquoted prefix, e.g. `crmkit_`. */
  readonly prefix: string;
  /** The quoted, schema-qualified name of a crmkit table: `"public"."crmkit_<name>"`. */
  table(name: string): string;
  /** A quoted index name, `"crmkit_<name>"` (indexes live in their table's schema). */
  index(name: string): string;
}

const identifier = /^[a-z_][a-z0-9_]*$/;
const namesSchema = lazyObject(() => z.object({
  schema: z.string().regex(identifier, 'Expected `schema` of lowercase letters, digits and _ (starting with a letter or _)').max(40).default('public'),
  tablePrefix: z.string().regex(/^[a-z0-9_]*$/, 'Expected `tablePrefix` of lowercase letters, digits and _').max(20).default('crmkit_'),
}));

/**
 * Resolves a schema and table prefix into quoted identifiers. Both are checked against a strict
 * pattern, so they can never carry SQL into a statement.
 *
 * @example
 * ```ts
 * const { table } = postgresTables({ tablePrefix: 'test_' });
 * await pool.query(`SELECT count(*) FROM ${table('conversation_sessions')}`);
 * ```
 */
export function postgresTables(options: { readonly schema?: string; readonly tablePrefix?: string } = {}): PostgresTableNames {
  const { schema, tablePrefix } = parseInput(namesSchema, { schema: options.schema, tablePrefix: options.tablePrefix }, 'Postgres table options');
  const check = (name: string): string => {
    if (!identifier.test(name) || tablePrefix.length + name.length > 63) throw new TypeError(`Invalid crmkit table name \`${name}\`: use lowercase letters, digits and _`);
    return `${tablePrefix}${name}`;
  };
  return {
    schema: `"${schema}"`,
    schemaName: schema,
    prefix: tablePrefix,
    table: (name) => `"${schema}"."${check(name)}"`,
    index: (name) => `"${check(name)}"`,
  };
}
