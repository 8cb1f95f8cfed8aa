/**
 * Test helpers for crmkit users: an in-process mock provider, a loopback fake provider server
 * that speaks the OpenAI, Anthropic and Hugging Face wire formats, and contract test suites for
 * custom adapters.
 *
 * @packageDocumentation
 */
export * from './mock-provider.js';
export * from './fake-provider-server/index.js';
export * from './adapter-contract/index.js';
export * from './adapter-contract/run-usage-store-contract.js';
export * from './provider-contract/index.js';
export * from './sample-data.js';
export * from './manual-clock.js';
export * from './sample-help-center.js';
