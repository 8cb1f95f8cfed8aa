/**
 * Model ids for createAnthropicProvider's `model` option: `default` is what the provider uses
 * when none is given (Anthropic's current small model); `seed` is the model the seed
 * applications ran on, one option away for a host that wants their exact behaviour.
 *
 * @example
 * ```ts
 * import { createAnthropicProvider, anthropicModels } from 'crmkit/providers/anthropic';
 *
 * const current = createAnthropicProvider(); // anthropicModels.default
 * const likeTheSeed = createAnthropicProvider({ model: anthropicModels.seed });
 * ```
 */
export const anthropicModels = {
  default: 'claude-haiku-4-5',
  seed: 'claude-3-haiku-20240307',
} as const;
