import type { Usage } from '../../core/types.js';
import type { ModelPrice } from './price-table.js';

/**
 * The token counts {@link costMicros} prices: a {@link Usage} or any part of one.
 *
 * @example
 * ```ts
 * const usage: BillableUsage = { inputTokens: 1_000, outputTokens: 200, cachedInputTokens: 800 };
 * ```
 */
export type BillableUsage = Pick<Usage, 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'cacheWriteTokens' | 'reasoningTokens'>;

/**
 * The cost of a call in integer micro-dollars, rounded up: a budget never under-counts by a
 * fraction of a micro-dollar. Input tokens read from or written to the prompt cache are priced at
 * the cached-input and cache-write prices, reasoning tokens at the reasoning price (each defaults
 * to the plain input or output price when the model has none); the rest at the input and output
 * prices. Exact in integer arithmetic up to 9 × 10¹⁵ (about 100 million tokens at $90 per
 * million), far beyond any single call.
 *
 * @example
 * ```ts
 * costMicros({ inputMicrosPerMillion: 150_000, outputMicrosPerMillion: 600_000 }, { inputTokens: 1_000, outputTokens: 200 }); // 270
 * // 800 of the 1,000 input tokens came from OpenAI's prompt cache at $0.075 per million:
 * costMicros({ inputMicrosPerMillion: 150_000, outputMicrosPerMillion: 600_000, cachedInputMicrosPerMillion: 75_000 }, { inputTokens: 1_000, outputTokens: 200, cachedInputTokens: 800 }); // 210
 * ```
 */
export function costMicros(price: ModelPrice, usage: BillableUsage): number {
  // Clamp the details to their totals: a vendor's report is trusted, not its arithmetic.
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const written = Math.min(usage.cacheWriteTokens ?? 0, usage.inputTokens - cached);
  const reasoning = Math.min(usage.reasoningTokens ?? 0, usage.outputTokens);
  const scaled =
    (usage.inputTokens - cached - written) * price.inputMicrosPerMillion +
    cached * (price.cachedInputMicrosPerMillion ?? price.inputMicrosPerMillion) +
    written * (price.cacheWriteMicrosPerMillion ?? price.inputMicrosPerMillion) +
    (usage.outputTokens - reasoning) * price.outputMicrosPerMillion +
    reasoning * (price.reasoningMicrosPerMillion ?? price.outputMicrosPerMillion);
  return Math.ceil(scaled / 1_000_000);
}
