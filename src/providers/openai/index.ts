/**
 * The OpenAI provider (`crmkit/providers/openai`). Requires the optional peer dependency `openai`.
 *
 * @packageDocumentation
 */
export { createOpenAIProvider } from './create-openai-provider.js';
export type { OpenAIProviderOptions } from './create-openai-provider.js';
export { openAIModels } from './openai-models.js';
