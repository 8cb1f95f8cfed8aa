import { describe, expect, it } from 'vitest';
import { analyzeSentiment } from './analyze-sentiment.js';

describe('analyzeSentiment on support language', () => {
  it('reads the angry double-charge message as clearly negative (it used to read neutral)', () => {
    const result = analyzeSentiment("I've been charged twice for the same order and nobody answers my emails. Refund me today or I'll file a chargeback.");
    expect(result.label).toBe('negative');
    expect(result.score).toBeLessThan(0.2);
  });

  it.each([
    'Still waiting for my parcel.',
    'I called three times and nobody answers.',
    'No response to my emails for a week.',
    "If this isn't fixed I'm switching to another provider.",
    "I'll dispute the charge with my bank.",
    'The app keeps crashing.',
    'It stopped working after two days.',
    'Oh great, another delay 🙄',
    'Thanks for nothing.',
    'Yeah right, "arriving tomorrow" again.',
    'Five days late 😡',
    'what a rip off',
    'Love that I have to call every day to get an answer.',
  ])('reads %j as negative', (text) => {
    expect(analyzeSentiment(text).label).toBe('negative');
  });

  it.each(['Works perfectly now, thank you so much!', 'Problem solved, great support 👍', 'I like it a lot', 'Five stars, fast shipping :)', 'Thanks! 😍'])('reads %j as positive', (text) => {
    expect(analyzeSentiment(text).label).toBe('positive');
  });

  it.each(["I'd like a refund for order 54321.", 'Please help me change my address.', 'It looks like the parcel is in Leeds.', 'What are your opening hours?'])('reads the plain request %j as neutral', (text) => {
    expect(analyzeSentiment(text)).toMatchObject({ label: 'neutral', score: 0.5 });
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
