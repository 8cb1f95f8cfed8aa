/**
 * crmkit — the AI logic of a CRM or help desk.
 *
 * The root entry loads no vendor SDK, database driver or tokenizer; those live behind their own
 * subpaths (`crmkit/providers/openai`, `crmkit/adapters/postgres`, …) or load lazily on first use.
 *
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './providers/index.js';
export * from './scoring/index.js';
export * from './prompts/index.js';
export * from './fallback/index.js';
export * from './adapters/index.js';
export * from './assistant/index.js';
