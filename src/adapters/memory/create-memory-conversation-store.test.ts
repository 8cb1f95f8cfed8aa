import { describe, it } from 'vitest';
import { runConversationStoreContract } from '../../testing/adapter-contract/index.js';
import { createMemoryConversationStore } from './create-memory-conversation-store.js';

runConversationStoreContract({ name: 'memory', test: { describe, it }, createStore: ({ clock }) => createMemoryConversationStore({ clock }) });
