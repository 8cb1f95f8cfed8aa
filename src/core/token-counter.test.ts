import { describe, expect, it } from 'vitest';
import { createApproximateTokenCounter } from './token-counter.js';
import { mixedLanguageCorpus } from './tokens/__fixtures__/mixed-language-corpus.js';
import { createTokenCounter } from './tokens/create-token-counter.js';

const approximate = createApproximateTokenCounter();

describe('createApproximateTokenCounter', () => {
  it('stays within the documented error of gpt-tokenizer (o200k_base) on the mixed-language corpus', async () => {
    const exact = await createTokenCounter();
    const ratios = mixedLanguageCorpus.map(({ language, text }) => {
      const ratio = approximate.countText(text).tokens / exact.countText(text, 'gpt-4o').tokens;
      // No language may be underestimated by more than 3% (budgets reserve from these counts).
      expect(ratio, language).toBeGreaterThanOrEqual(0.97);
      expect(ratio, language).toBeLessThanOrEqual(1.7);
      return ratio;
    });
    ratios.sort((a, b) => a - b);
    const median = ratios[ratios.length >> 1]!;
    console.log(`approximate ÷ gpt-tokenizer over ${ratios.length} messages: min ${ratios[0]!.toFixed(2)}, median ${median.toFixed(2)}, max ${ratios.at(-1)!.toFixed(2)}`);
    expect(median).toBeGreaterThanOrEqual(1.05);
    expect(median).toBeLessThanOrEqual(1.35);
  });

  it('is always flagged approximate and counts the chat format overhead', () => {
    expect(approximate.countText('hello world')).toEqual({ tokens: 3, approximate: true });
    expect(approximate.countText('')).toEqual({ tokens: 0, approximate: true });
    const one = approximate.countText('Where is my order?').tokens;
    expect(approximate.countMessages([{ role: 'user', content: 'Where is my order?' }])).toEqual({ tokens: 3 + 4 + one, approximate: true });
  });

  it('charges runs of whitespace, digit groups and emoji', () => {
    expect(approximate.countText('1234567').tokens).toBeGreaterThan(approximate.countText('1').tokens);
    expect(approximate.countText('a     b').tokens).toBeGreaterThan(approximate.countText('a b').tokens);
    expect(approximate.countText('👩‍👩‍👧‍👦').tokens).toBeGreaterThanOrEqual(8);
  });

  it('counts a message again when its content is replaced, and recounts the same message to the same total', () => {
    const long = 'Hi, my order #54321 still has not arrived after 12 days and nobody answered my two emails.';
    const message = { role: 'user' as const, content: long };
    const first = approximate.countMessages([message]).tokens;
    expect(approximate.countMessages([message]).tokens).toBe(first);
    (message as { content: string }).content = `${long} Please refund me, or tell me where the parcel is right now.`;
    expect(approximate.countMessages([message]).tokens).toBe(3 + 4 + approximate.countText(message.content).tokens);
    expect(approximate.countMessages([message]).tokens).toBeGreaterThan(first);
  });
});
