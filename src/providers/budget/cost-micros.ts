import type { ModelPrice } from './price-table.js';

/**
 * The cost of a call in integer micro-dollars, rounded up: a budget never under-counts by a
 * fraction of a micro-dollar. Exact in integer arithmetic up to 9 × 10¹⁵ (about 100 million
 * tokens at $90 per million), far beyond any single call.
 *
 * @example
 * ```ts
 * costMicros({ inputMicrosPerMillion: 150_000, outputMicrosPerMillion: 600_000 }, { inputTokens: 1_000, outputTokens: 200 }); // 270
 * ```
 */
export function costMicros(price: ModelPrice, usage: { readonly inputTokens: number; readonly outputTokens: number }): number {
  const scaled = usage.inputTokens * price.inputMicrosPerMillion + usage.outputTokens * price.outputMicrosPerMillion;
  return Math.ceil(scaled / 1_000_000);
}
