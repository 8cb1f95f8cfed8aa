/**
 * PostgreSQL implementations of crmkit's stores, over the `pg` driver (an optional peer
 * dependency: `npm install pg`).
 *
 * @packageDocumentation
 */
export * from './stores.js';
export * from './create-postgres-usage-store.js';
