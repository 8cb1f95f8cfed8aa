import { describe, expect, it } from 'vitest';
import { costMicros } from './cost-micros.js';
import { defaultPriceTable, resolvePrice } from './price-table.js';

describe('price table and cost', () => {
  it('holds integer micro-dollars per million tokens, dated', () => {
    expect(defaultPriceTable.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const price of Object.values(defaultPriceTable.prices)) {
      expect(Number.isSafeInteger(price.inputMicrosPerMillion) && Number.isSafeInteger(price.outputMicrosPerMillion)).toBe(true);
    }
    expect(defaultPriceTable.prices['gpt-4o-mini']).toEqual({ inputMicrosPerMillion: 150_000, outputMicrosPerMillion: 600_000 });
  });

  it('prices the default model of every provider the seeds use', () => {
    for (const model of ['gpt-4o-mini', 'claude-3-haiku-20240307', 'mistralai/Mistral-7B-Instruct-v0.2', 'meta-llama/Llama-3.2-3B-Instruct']) {
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
