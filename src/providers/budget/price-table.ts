/**
 * What a model costs, in integer micro-dollars (1 USD = 1,000,000) per million tokens. Integers
 * keep sums exact: $0.15 per million is `150_000`.
 *
 * @example
 * ```ts
 * const price: ModelPrice = { inputMicrosPerMillion: 150_000, outputMicrosPerMillion: 600_000 };
 * ```
 */
export interface ModelPrice {
  readonly inputMicrosPerMillion: number;
  readonly outputMicrosPerMillion: number;
}

/**
 * Prices per model id, with the day they were checked. A model id matches its exact entry, or
 * else the longest entry it starts with (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`).
 *
 * @example
 * ```ts
 * const table: PriceTable = { asOf: '2025-11-01', prices: { 'gpt-4o-mini': { inputMicrosPerMillion: 150_000, outputMicrosPerMillion: 600_000 } } };
 * ```
 */
export interface PriceTable {
  /** The day (`YYYY-MM-DD`) these prices were last checked against the vendors' pricing pages. */
  readonly asOf: string;
  readonly prices: Readonly<Record<string, ModelPrice>>;
}

const usd = (input: number, output: number): ModelPrice => ({
  inputMicrosPerMillion: Math.round(input * 1_000_000),
  outputMicrosPerMillion: Math.round(output * 1_000_000),
});

/**
 * Standard (non-batch, uncached) list prices of the models crmkit's providers default to and of
 * their common neighbours, as published by OpenAI, Anthropic and (for the Hugging Face models of
 * the seeds) Together AI behind the Hugging Face router. Vendors change prices: check `asOf`,
 * and pass your own `prices` to `withBudget` for anything newer, negotiated or self-hosted.
 *
 * @example
 * ```ts
 * import { defaultPriceTable } from 'crmkit';
 *
 * console.log(defaultPriceTable.asOf, defaultPriceTable.prices['gpt-4o-mini']);
 * ```
 */
export const defaultPriceTable: PriceTable = {
  asOf: '2025-09-01',
  prices: {
    // OpenAI — https://openai.com/api/pricing
    'gpt-5': usd(1.25, 10),
    'gpt-5-mini': usd(0.25, 2),
    'gpt-5-nano': usd(0.05, 0.4),
    'gpt-4.1': usd(2, 8),
    'gpt-4.1-mini': usd(0.4, 1.6),
    'gpt-4.1-nano': usd(0.1, 0.4),
    'gpt-4o': usd(2.5, 10),
    'gpt-4o-mini': usd(0.15, 0.6),
    o3: usd(2, 8),
    'o4-mini': usd(1.1, 4.4),
    'gpt-4-turbo': usd(10, 30),
    'gpt-4': usd(30, 60),
    'gpt-3.5-turbo': usd(0.5, 1.5),
    // Anthropic — https://www.anthropic.com/pricing#api
    'claude-opus-4': usd(15, 75),
    'claude-sonnet-4': usd(3, 15),
    'claude-3-7-sonnet': usd(3, 15),
    'claude-3-5-sonnet': usd(3, 15),
    'claude-3-5-haiku': usd(0.8, 4),
    'claude-3-haiku': usd(0.25, 1.25),
    // Hugging Face router, served by Together AI — https://huggingface.co/docs/inference-providers/pricing
    'mistralai/Mistral-7B-Instruct-v0.2': usd(0.2, 0.2),
    'meta-llama/Llama-3.2-3B-Instruct': usd(0.06, 0.06),
    // crmkit's rule-based responder: no model, no bill. Listed so a budget over a chain whose only
    // link is the responder (no API key configured yet) is valid rather than unpriced.
    'rules-v1': usd(0, 0),
  },
};

/**
 * The price of `model` in `prices`: its exact entry, or the longest entry it starts with.
 * `undefined` when nothing matches.
 *
 * @example
 * ```ts
 * resolvePrice(defaultPriceTable.prices, 'claude-3-5-haiku-20241022'); // the 'claude-3-5-haiku' price
 * resolvePrice(defaultPriceTable.prices, 'my-fine-tune'); // undefined
 * ```
 */
export function resolvePrice(prices: Readonly<Record<string, ModelPrice>>, model: string): ModelPrice | undefined {
  const exact = prices[model];
  if (exact) return exact;
  let best: string | undefined;
  for (const candidate of Object.keys(prices)) {
    if (model.startsWith(candidate) && (best === undefined || candidate.length > best.length)) best = candidate;
  }
  return best === undefined ? undefined : prices[best];
}
