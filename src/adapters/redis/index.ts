/**
 * Redis implementations over `ioredis` (an optional peer dependency: `npm install ioredis`):
 * the usage store, a short-lived conversation store and the clustered rate limiter.
 *
 * @packageDocumentation
 */
export * from './usage-store.js';
export * from './conversation-store.js';
export * from './rate-limiter.js';
