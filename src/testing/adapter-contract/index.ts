export type { ContractTestApi } from './contract-test-api.js';
export { runConversationStoreContract } from './run-conversation-store-contract.js';
export type { ConversationStoreContractOptions } from './run-conversation-store-contract.js';
export { runPromptStoreContract } from './run-prompt-store-contract.js';
export type { PromptStoreContractOptions } from './run-prompt-store-contract.js';
export { runKnowledgeSourceContract } from './run-knowledge-source-contract.js';
export type { KnowledgeSourceContractOptions } from './run-knowledge-source-contract.js';

export { createFaultProxy } from './create-fault-proxy.js';
export type { FaultProxy, FaultProxyOptions } from './create-fault-proxy.js';
export { runStoreFaultContract } from './run-store-fault-contract.js';
export type { FaultContractStores, FaultRunReport, StoreFaultContractOptions } from './run-store-fault-contract.js';
