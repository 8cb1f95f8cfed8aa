import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftReply } from '../fallback/draft-reply.js';
import { channelLimits as fallbackChannelLimits, fitsChannel, measureForChannel } from '../fallback/channel-limits.js';
import { channelRules } from '../prompts/channel-rules.js';
import { checkDraft } from '../prompts/check-draft.js';
import { countWords } from './count-words.js';
import { channelLimits, channels } from './domain.js';

describe('countWords', () => {
  it.each([
    ['', 0],
    ['   \n\t ', 0],
    ['Hi Jane, your order shipped.', 5],
    ['— - … !!! ?!', 0],
    ["Order #54321 — don't worry!!!", 4],
    ['e-mail', 2],
    ['24/7 support', 3],
  ])('counts %j as %i words', (text, expected) => {
    expect(countWords(text)).toBe(expected);
  });

  it('counts exactly as Intl.Segmenter does, on any text', () => {
    const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
    const reference = (text: string): number => [...segmenter.segment(text)].filter((segment) => segment.isWordLike).length;
    // Mostly ASCII (the fast path), with the characters UAX #29 treats specially.
    const character = fc.oneof(
      fc.constantFrom('a', 'Z', '1', '9', '.', "'", ':', ',', ';', '_', '-', ' ', '\n', '#', '@', '/', '!', '…', '—', 'é', '日', '😀', '\u2019'),
      fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.array(character, { maxLength: 40 }), (characters) => {
        const text = characters.join('');
        expect(countWords(text)).toBe(reference(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('counts words in scripts written without spaces', () => {
    expect(countWords('ご注文の商品は明日届きます')).toBeGreaterThan(3);
  });
});

describe('one channel table', () => {
  it('states the seed limits once, in core, and prompts and fallback read that table', () => {
    expect(channelLimits).toEqual({
      sms: { unit: 'characters', max: 160 },
      email: { unit: 'words', max: 200 },
      chat: { unit: 'words', max: 100 },
      phone: { unit: 'words', max: 75 },
    });
    expect(fallbackChannelLimits).toBe(channelLimits);
    for (const channel of channels) {
      const { unit, max } = channelLimits[channel];
      const rule = channelRules[channel];
      expect(unit === 'characters' ? rule.maxCharacters : rule.maxWords).toBe(max);
      expect(unit === 'characters' ? rule.maxWords : rule.maxCharacters).toBeUndefined();
    }
  });
});

describe('checkDraft (AI drafts) and measureForChannel (rule-based drafts) agree', () => {
  // Punctuation-heavy text where whitespace-separated tokens and words differ: dashes, ellipses
  // and emoji standing alone are tokens but not words; `e-mail` and `24/7` are one token, two words.
  const unit = "Hi — order #54321… e-mail 24/7 support!!! :) don't 😀 (ok) ";
  const punctuated = (words: number): string => {
    let text = '';
    while (countWords(text) < words) text += unit;
    // Trim whole tokens off the end until the count is exact.
    const tokens = text.trim().split(/\s+/);
    while (countWords(tokens.join(' ')) > words) tokens.pop();
    return tokens.join(' ');
  };

  it.each([
    ['chat', 100],
    ['phone', 75],
  ] as const)('a %s draft at %i words passes both and one more word fails both', (channel, limit) => {
    const atLimit = punctuated(limit);
    expect(atLimit.split(/\s+/).length).toBeGreaterThan(limit); // whitespace splitting would have rejected it
    expect(checkDraft(atLimit, channel).words).toBe(limit);
    expect(measureForChannel(atLimit, channel)).toBe(limit);
    expect(checkDraft(atLimit, channel).ok).toBe(true);
    expect(fitsChannel(atLimit, channel)).toBe(true);

    const over = `${atLimit} more`;
    expect(checkDraft(over, channel).violations.map((violation) => violation.code)).toEqual(['too_long']);
    expect(fitsChannel(over, channel)).toBe(false);
  });

  it.each(channels)('every count matches on %s, word for word and character for character', (channel) => {
    for (const text of [unit, punctuated(40), 'ご注文の商品は明日届きます', 'Hi Jane,\n\nYour order — #54321 — ships today…\n\nBest regards,\nAva']) {
      const check = checkDraft(text, channel);
      expect(measureForChannel(text, channel)).toBe(channelLimits[channel].unit === 'characters' ? check.characters : check.words);
    }
  });

  it('a rule-based draft cut to its limit passes checkDraft’s length rule', () => {
    const template = { sections: [{ text: `${unit.repeat(40)}` }] };
    for (const channel of ['chat', 'phone'] as const) {
      const draft = draftReply({ channel, templates: { [channel]: template } });
      expect(measureForChannel(draft.content, channel)).toBeLessThanOrEqual(channelLimits[channel].max);
      expect(checkDraft(draft.content, channel).violations.filter((violation) => violation.code === 'too_long')).toEqual([]);
    }
  });
});
