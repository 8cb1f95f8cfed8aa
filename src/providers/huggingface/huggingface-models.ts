/**
 * Model ids for createHuggingFaceProvider's `model` option: `default` is what the provider uses
 * when none is given (a small instruct model served by several Hugging Face router providers); `seed` is the model the seed
 * applications ran on, one option away for a host that wants their exact behaviour.
 *
 * @example
 * ```ts
 * import { createHuggingFaceProvider, huggingFaceModels } from 'crmkit/providers/huggingface';
 *
 * const current = createHuggingFaceProvider(); // huggingFaceModels.default
 * const likeTheSeed = createHuggingFaceProvider({ model: huggingFaceModels.seed });
 * ```
 */
export const huggingFaceModels = {
  default: 'meta-llama/Llama-3.1-8B-Instruct',
  seed: 'mistralai/Mistral-7B-Instruct-v0.2',
} as const;
