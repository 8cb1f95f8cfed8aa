/**
 * The Anthropic provider (`crmkit/providers/anthropic`). Requires the optional peer dependency
 * `@anthropic-ai/sdk`.
 *
 * @packageDocumentation
 */
export { createAnthropicProvider } from './create-anthropic-provider.js';
export type { AnthropicProviderOptions } from './create-anthropic-provider.js';
export { anthropicModels } from './anthropic-models.js';
