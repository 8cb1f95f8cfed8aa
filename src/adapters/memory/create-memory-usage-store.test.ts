import { describe, it } from 'vitest';
import { runUsageStoreContract } from '../../testing/adapter-contract/run-usage-store-contract.js';
import { createMemoryUsageStore } from './create-memory-usage-store.js';

runUsageStoreContract({ name: 'memory', test: { describe, it }, createStore: () => createMemoryUsageStore() });
