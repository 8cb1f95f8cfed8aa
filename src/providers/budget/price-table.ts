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
  /** Uncached input. */
  readonly inputMicrosPerMillion: number;
  readonly outputMicrosPerMillion: number;
  /** Input read from the prompt cache (`Usage.cachedInputTokens`). @default inputMicrosPerMillion */
  readonly cachedInputMicrosPerMillion?: number;
  /** Input written to the prompt cache (`Usage.cacheWriteTokens`, Anthropic). @default inputMicrosPerMillion */
  readonly cacheWriteMicrosPerMillion?: number;
  /** Hidden reasoning output (`Usage.reasoningTokens`). @default outputMicrosPerMillion (how OpenAI and Anthropic bill it) */
  readonly reasoningMicrosPerMillion?: number;
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

const micros = (usd: number): number => Math.round(usd * 1_000_000);

/** A price from US dollars per million tokens: input, output, then cached input and cache write. */
const usd = (input: number, output: number, cachedInput?: number, cacheWrite?: number): ModelPrice => ({
  inputMicrosPerMillion: micros(input),
  outputMicrosPerMillion: micros(output),
  ...(cachedInput === undefined ? {} : { cachedInputMicrosPerMillion: micros(cachedInput) }),
  ...(cacheWrite === undefined ? {} : { cacheWriteMicrosPerMillion: micros(cacheWrite) }),
});

/** Anthropic bills a 5-minute cache write at 1.25× and a cache read at 0.1× the input price. */
const claude = (input: number, output: number): ModelPrice => usd(input, output, input / 10, input * 1.25);

/**
 * Standard (non-batch) list prices of the models crmkit's providers default to, of their named
 * presets (the seeds' models) and of their common neighbours, as published by OpenAI, Anthropic
 * and (for the Hugging Face models) the providers behind the Hugging Face router, with each
 * vendor's cached-input and cache-write prices. Reasoning tokens are billed as output by both
 * OpenAI and Anthropic, so no entry overrides `reasoningMicrosPerMillion`. Vendors change prices:
 * check `asOf`, and pass your own `prices` to `withBudget` for anything newer, negotiated or
 * self-hosted.
 *
 * @example
 * ```ts
 * import { defaultPriceTable } from 'crmkit';
 *
 * defaultPriceTable.asOf; // '2025-11-24'
 * defaultPriceTable.prices['gpt-4.1-mini']; // { inputMicrosPerMillion: 400_000, outputMicrosPerMillion: 1_600_000, cachedInputMicrosPerMillion: 100_000 }
 * ```
 */
export const defaultPriceTable: PriceTable = {
  asOf: '2025-11-24',
  prices: {
    // OpenAI — https://openai.com/api/pricing (no charge for cache writes)
    'gpt-5': usd(1.25, 10, 0.125),
    'gpt-5-mini': usd(0.25, 2, 0.025),
    'gpt-5-nano': usd(0.05, 0.4, 0.005),
    'gpt-4.1': usd(2, 8, 0.5),
    'gpt-4.1-mini': usd(0.4, 1.6, 0.1),
    'gpt-4.1-nano': usd(0.1, 0.4, 0.025),
    'gpt-4o': usd(2.5, 10, 1.25),
    'gpt-4o-mini': usd(0.15, 0.6, 0.075),
    o3: usd(2, 8, 0.5),
    'o4-mini': usd(1.1, 4.4, 0.275),
    'gpt-4-turbo': usd(10, 30),
    'gpt-4': usd(30, 60),
    'gpt-3.5-turbo': usd(0.5, 1.5),
    // Anthropic — https://www.anthropic.com/pricing#api (cache read 0.1×, 5-minute cache write 1.25×)
    'claude-opus-4-5': claude(5, 25),
    'claude-opus-4': claude(15, 75),
    'claude-sonnet-4-5': claude(3, 15),
    'claude-sonnet-4': claude(3, 15),
    'claude-haiku-4-5': claude(1, 5),
    'claude-3-7-sonnet': claude(3, 15),
    'claude-3-5-sonnet': claude(3, 15),
    'claude-3-5-haiku': claude(0.8, 4),
    'claude-3-haiku': usd(0.25, 1.25, 0.03, 0.3),
    // Hugging Face router — https://huggingface.co/docs/inference-providers/pricing (no prompt cache)
    'meta-llama/Llama-3.1-8B-Instruct': usd(0.02, 0.05),
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
