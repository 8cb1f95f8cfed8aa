import { describe, expect, it } from 'vitest';
import { supportSentiment } from './__fixtures__/support-sentiment.js';
import { analyzeSentiment } from './analyze-sentiment.js';

describe('analyzeSentiment on support language', () => {
  it('reads the angry double-charge message as clearly negative (it used to read neutral)', () => {
    const result = analyzeSentiment("I've been charged twice for the same order and nobody answers my emails. Refund me today or I'll file a chargeback.");
    expect(result.label).toBe('negative');
    expect(result.score).toBeLessThan(0.2);
  });

  it.each(supportSentiment)('reads $text as $label', ({ text, label }) => {
    expect(analyzeSentiment(text).label).toBe(label);
  });

  it('flips praise only in the sarcastic sentence', () => {
    expect(analyzeSentiment('Oh great, it broke again.').label).toBe('negative');
    expect(analyzeSentiment('Great service. Thanks!').label).toBe('positive');
  });

  it('lets the host override any entry, support phrases included', () => {
    expect(analyzeSentiment('Still waiting', { lexicon: { 'still waiting': 0 } }).label).toBe('neutral');
    expect(analyzeSentiment('I like it', { lexicon: { like: 0 } }).label).toBe('neutral');
  });

  it('counts negated support phrases the other way', () => {
    expect(analyzeSentiment('It is not a rip off at all').score).toBeGreaterThan(0.5);
  });
});
