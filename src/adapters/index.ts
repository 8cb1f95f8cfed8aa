export * from '../core/prompt-store.js';
export * from './usage/index.js';
export * from './stores.js';
export * from './memory/create-memory-prompt-store.js';
