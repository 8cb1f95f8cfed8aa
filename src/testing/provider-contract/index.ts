export { runProviderContract } from './run-provider-contract.js';
export type { ProviderContractContext, ProviderContractOptions, ProviderContractScenario } from './run-provider-contract.js';
