export { createAiSdkProvider } from './create-ai-sdk-provider.js';
export type { AiSdkProviderOptions } from './create-ai-sdk-provider.js';
export { toAiSdkModel } from './to-ai-sdk-model.js';
export type { ToAiSdkModelOptions } from './to-ai-sdk-model.js';
export type { AiSdkLanguageModel } from './language-model-types.js';
