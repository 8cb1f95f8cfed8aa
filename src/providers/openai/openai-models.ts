/**
 * Model ids for createOpenAIProvider's `model` option: `default` is what the provider uses
 * when none is given (OpenAI's current small non-reasoning model (it takes temperature and top_p, which the assistant sends)); `seed` is the model the seed
 * applications ran on, one option away for a host that wants their exact behaviour.
 *
 * @example
 * ```ts
 * import { createOpenAIProvider, openAIModels } from 'crmkit/providers/openai';
 *
 * const current = createOpenAIProvider(); // openAIModels.default
 * const likeTheSeed = createOpenAIProvider({ model: openAIModels.seed });
 * ```
 */
export const openAIModels = {
  default: 'gpt-4.1-mini',
  seed: 'gpt-4o-mini',
} as const;
