/**
 * crmkit — the AI logic of a CRM or help desk.
 *
 * The root entry loads no vendor SDK, database driver or tokenizer; those live behind their own
 * subpaths (`crmkit/providers/openai`, `crmkit/adapters/postgres`, …).
 *
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './providers/index.js';
