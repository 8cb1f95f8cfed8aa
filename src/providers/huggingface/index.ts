/**
 * The Hugging Face provider (`crmkit/providers/huggingface`). Requires the optional peer
 * dependency `@huggingface/inference`.
 *
 * @packageDocumentation
 */
export { createHuggingFaceProvider } from './create-huggingface-provider.js';
export type { HuggingFaceProviderOptions } from './create-huggingface-provider.js';
export { huggingFaceModels } from './huggingface-models.js';
