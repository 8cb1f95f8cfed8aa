import { describe, expect, it } from 'vitest';
import { costMicros } from './cost-micros.js';
import { defaultPriceTable, resolvePrice } from './price-table.js';

describe('price table and cost', () => {
  it('holds integer micro-dollars per million tokens, dated', () => {
    expect(defaultPriceTable.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const price of Object.values(defaultPriceTable.prices)) {
      for (const value of Object.values(price)) expect(Number.isSafeInteger(value)).toBe(true);
    }
    expect(defaultPriceTable.prices['gpt-4o-mini']).toEqual({ inputMicrosPerMillion: 150_000, outputMicrosPerMillion: 600_000, cachedInputMicrosPerMillion: 75_000 });
    // Anthropic: cache read at 0.1×, 5-minute cache write at 1.25× the input price.
    expect(defaultPriceTable.prices['claude-haiku-4-5']).toEqual({ inputMicrosPerMillion: 1_000_000, outputMicrosPerMillion: 5_000_000, cachedInputMicrosPerMillion: 100_000, cacheWriteMicrosPerMillion: 1_250_000 });
  });

  it('prices the default model of every provider the seeds use', () => {
    for (const model of ['gpt-4.1-mini', 'gpt-4o-mini', 'claude-haiku-4-5', 'claude-3-haiku-20240307', 'meta-llama/Llama-3.1-8B-Instruct', 'mistralai/Mistral-7B-Instruct-v0.2', 'meta-llama/Llama-3.2-3B-Instruct']) {
      expect(resolvePrice(defaultPriceTable.prices, model), model).toBeDefined();
    }
  });

  it('matches an exact id first, then the longest prefix', () => {
    const prices = defaultPriceTable.prices;
    expect(resolvePrice(prices, 'gpt-4o-mini-2024-07-18')).toBe(prices['gpt-4o-mini']);
    expect(resolvePrice(prices, 'gpt-4o-2024-08-06')).toBe(prices['gpt-4o']);
    expect(resolvePrice(prices, 'claude-3-5-haiku-20241022')).toBe(prices['claude-3-5-haiku']);
    expect(resolvePrice(prices, 'my-fine-tune')).toBeUndefined();
  });

  it('rounds cost up to the next micro-dollar and never drifts over many calls', () => {
    const price = { inputMicrosPerMillion: 150_000, outputMicrosPerMillion: 600_000 };
    expect(costMicros(price, { inputTokens: 1_000, outputTokens: 200 })).toBe(270);
    expect(costMicros(price, { inputTokens: 1, outputTokens: 0 })).toBe(1); // 0.15 µ$ rounds up
    expect(costMicros(price, { inputTokens: 0, outputTokens: 0 })).toBe(0);
    let total = 0;
    for (let index = 0; index < 100_000; index++) total += costMicros(price, { inputTokens: 1_000, outputTokens: 200 });
    expect(total).toBe(27_000_000); // exactly $27
  });
});

describe('costMicros with the usage vendors report', () => {
  const openai = defaultPriceTable.prices['gpt-4.1-mini']!;
  const anthropic = defaultPriceTable.prices['claude-haiku-4-5']!;

  it('prices OpenAI cached input (prompt_tokens_details.cached_tokens) at the cached price', () => {
    // 10,000 prompt tokens of which 8,000 cached, 500 out: 2,000 × 0.4 + 8,000 × 0.1 + 500 × 1.6 (µ$ per token ÷ 1e6 × 1e6)
    expect(costMicros(openai, { inputTokens: 10_000, outputTokens: 500, cachedInputTokens: 8_000 })).toBe(800 + 800 + 800);
    expect(costMicros(openai, { inputTokens: 10_000, outputTokens: 500 })).toBe(4_000 + 800);
  });

  it('prices Anthropic cache writes and reads apart from fresh input', () => {
    // input 1,000 fresh + 4,000 written + 20,000 read; 300 out
    const usage = { inputTokens: 25_000, outputTokens: 300, cacheWriteTokens: 4_000, cachedInputTokens: 20_000 };
    expect(costMicros(anthropic, usage)).toBe(1_000 + 5_000 + 2_000 + 1_500);
  });

  it('prices reasoning tokens at the reasoning price, the output price by default', () => {
    const price = { inputMicrosPerMillion: 1_000_000, outputMicrosPerMillion: 4_000_000 };
    expect(costMicros(price, { inputTokens: 0, outputTokens: 1_000, reasoningTokens: 800 })).toBe(4_000);
    expect(costMicros({ ...price, reasoningMicrosPerMillion: 2_000_000 }, { inputTokens: 0, outputTokens: 1_000, reasoningTokens: 800 })).toBe(800 + 1_600);
  });

  it('never bills more cached or reasoning tokens than the totals it reported', () => {
    expect(costMicros(openai, { inputTokens: 100, outputTokens: 10, cachedInputTokens: 1_000, reasoningTokens: 50 })).toBe(Math.ceil((100 * 100_000 + 10 * 1_600_000) / 1_000_000));
  });
});
