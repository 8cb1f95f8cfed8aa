import { conversationMigration } from './conversation-migration.js';
import type { PostgresMigration } from './postgres-migration.js';
import { promptMigration } from './prompt-migration.js';
// INTEGRATION: add the budgets area's usage ledger (version 2) once it lands:
//   import { usageMigration } from './usage-migration.js';
// and list it below between conversationMigration and promptMigration.

/**
 * Every migration crmkit ships, in version order: 1 conversations, 2 usage ledger, 3 prompts.
 * `migrate()` applies these unless told otherwise.
 *
 * @example
 * ```ts
 * postgresMigrations.map((migration) => migration.version); // [1, 2, 3]
 * ```
 */
export const postgresMigrations: readonly PostgresMigration[] = [conversationMigration, promptMigration];
