import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import type { ChatMessage } from '../types.js';
import { createTokenCounter } from './create-token-counter.js';
import { fitMessages } from './fit-messages.js';

const tokenCounter = await createTokenCounter();
const model = 'gpt-4o-mini';

const conversation: ChatMessage[] = [
  { role: 'system', content: 'You are the support assistant of Acme. Answer briefly.' },
  { role: 'user', content: 'My parcel has not arrived. Order #1001, shipped two weeks ago to Lisbon.' },
  { role: 'assistant', content: 'I am sorry to hear that. The carrier shows it left the Madrid hub on Monday.' },
  { role: 'user', content: 'That was a week ago. Can you open a claim with the carrier please?' },
  { role: 'assistant', content: 'Done: claim C-77 is open. You will hear from us within 48 hours.' },
  { role: 'user', content: 'Thanks. And can I get a refund instead if it is lost?' },
];

const total = tokenCounter.countMessages(conversation, model).tokens;

describe('fitMessages', () => {
  it('returns the conversation untouched when it fits', () => {
    const result = fitMessages({ messages: conversation, model, contextWindow: total + 100, reservedOutputTokens: 100, tokenCounter });
    expect(result).toEqual({ messages: conversation, trimmed: [], tokens: total, fits: true, approximate: false });
  });

  it('drops the oldest history first and keeps the system prompt and the latest user message', () => {
    const second = tokenCounter.countMessages([conversation[1]!], model).tokens - 3;
    const third = tokenCounter.countMessages([conversation[2]!], model).tokens - 3;
    const budget = total - second - third; // exactly enough room once both oldest turns are gone
    const result = fitMessages({ messages: conversation, model, contextWindow: budget + 256, reservedOutputTokens: 256, tokenCounter });
    expect(result.messages).toEqual([conversation[0], conversation[3], conversation[4], conversation[5]]);
    expect(result.trimmed.map((trim) => [trim.index, trim.action])).toEqual([
      [1, 'dropped'],
      [2, 'dropped'],
    ]);
    expect(result.tokens).toBe(budget);
    expect(result.fits).toBe(true);
  });

  it('shortens the oldest message instead of dropping it when that alone makes it fit', () => {
    const budget = total - 8;
    const result = fitMessages({ messages: conversation, model, contextWindow: budget, reservedOutputTokens: 0, tokenCounter });
    expect(result.messages).toHaveLength(conversation.length);
    expect(result.trimmed).toEqual([{ index: 1, role: 'user', action: 'shortened', tokensRemoved: total - result.tokens }]);
    expect(result.messages[1]!.content.endsWith('…')).toBe(true);
    expect(conversation[1]!.content.startsWith(result.messages[1]!.content.slice(0, -1))).toBe(true);
    expect(result.tokens).toBeLessThanOrEqual(budget);
  });

  it('never cuts inside a surrogate pair, combining sequence or ZWJ emoji', () => {
    const family = '👩‍👩‍👧‍👦';
    const tricky: ChatMessage[] = [
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: `${family}é🇵🇹`.repeat(40) },
      { role: 'user', content: 'Latest question?' },
    ];
    const full = tokenCounter.countMessages(tricky, model).tokens;
    for (let cut = 5; cut < 200; cut += 7) {
      const result = fitMessages({ messages: tricky, model, contextWindow: full - cut, reservedOutputTokens: 0, tokenCounter });
      const shortened = result.messages.find((message) => message.content.endsWith('…'));
      if (!shortened) continue;
      const body = shortened.content.slice(0, -1);
      // A prefix made only of whole graphemes is a prefix of some repetition of the unit.
      const units = Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(body), (segment) => segment.segment);
      for (const unit of units) expect([family, 'é', '🇵🇹']).toContain(unit);
    }
  });

  it('reports fits: false when even the system prompt and latest user message do not fit', () => {
    const result = fitMessages({ messages: conversation, model, contextWindow: 30, reservedOutputTokens: 10, tokenCounter });
    expect(result.fits).toBe(false);
    expect(result.messages).toEqual([conversation[0], conversation[5]]);
    expect(result.trimmed).toHaveLength(4);
  });

  it('validates its options', () => {
    expect(() => fitMessages({ messages: conversation, model, contextWindow: 0, reservedOutputTokens: -1, tokenCounter })).toThrow(ValidationError);
  });
});
