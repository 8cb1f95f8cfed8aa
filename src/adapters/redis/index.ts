/**
 * Redis implementations over `ioredis` (an optional peer dependency: `npm install ioredis`):
 * the usage store, a short-lived conversation store and the clustered rate limiter.
 *
 * @packageDocumentation
 */
export * from './create-redis-usage-store.js';
export * from './create-redis-conversation-store.js';
export * from './create-redis-rate-limiter.js';
