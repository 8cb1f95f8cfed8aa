import { bucketGenerationMigration } from './bucket-generation-migration.js';
import { conversationMigration } from './conversation-migration.js';
import { knowledgeMigration } from './knowledge-migration.js';
import { messageIdMigration, settlementIdMigration } from './idempotency-migrations.js';
import type { PostgresMigration } from './postgres-migration.js';
import { promptMigration } from './prompt-migration.js';
import { usageMigration } from './usage-migration.js';

/**
 * Every migration crmkit ships, in version order: 1 conversations, 2 usage ledger, 3 prompts,
 * 4 idempotent appends, 5 idempotent settlements, 6 knowledge passages, 7 bucket generations.
 * `migrate()` applies these unless told otherwise.
 *
 * @example
 * ```ts
 * postgresMigrations.map((migration) => migration.version); // [1, 2, 3, 4, 5, 6, 7]
 * ```
 */
export const postgresMigrations: readonly PostgresMigration[] = [conversationMigration, usageMigration, promptMigration, messageIdMigration, settlementIdMigration, knowledgeMigration, bucketGenerationMigration];
