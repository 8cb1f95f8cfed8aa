import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { createContentFilter } from './create-content-filter.js';

describe('createContentFilter', () => {
  it('blocks threats, slurs and sexual content at the default strictness, not profanity', () => {
    const filter = createContentFilter();
    expect(filter.strictness).toBe('medium');
    expect(filter.check('I will find you and hurt you').categories).toEqual(['threat']);
    expect(filter.check('you f4gg0t').categories).toEqual(['slur']);
    expect(filter.check('send porn').categories).toEqual(['sexual']);
    expect(filter.check('this is fucking ridiculous, where is my order').allowed).toBe(true);
  });

  it('adds profanity at high strictness and drops sexual content at low', () => {
    expect(createContentFilter({ strictness: 'high' }).check('this shit is broken').categories).toEqual(['profanity']);
    expect(createContentFilter({ strictness: 'low' }).check('send porn').allowed).toBe(true);
  });

  it('catches obfuscation but not innocent words that contain a term', () => {
    const filter = createContentFilter({ strictness: 'high' });
    expect(filter.check('fuuuuck').allowed).toBe(false);
    expect(filter.check('sh1t').allowed).toBe(false);
    for (const text of ['Scunthorpe branch', 'an assessment of the class', 'Essex address', 'cocktail glasses', 'I assume so']) {
      expect(filter.check(text), text).toEqual({ allowed: true, categories: [], matches: [] });
    }
  });

  it('blocks custom patterns as whole words, with positions', () => {
    const filter = createContentFilter({ blockedPatterns: ['crypto giveaway', /\bwire me\b/i] });
    const verdict = filter.check('Join the crypto giveaway! Or just wire me.');
    expect(verdict.allowed).toBe(false);
    expect(verdict.matches).toEqual([
      { category: 'custom', start: 9, end: 24 },
      { category: 'custom', start: 34, end: 41 },
    ]);
    expect(filter.check('cryptogiveaways are fine').allowed).toBe(true);
  });

  it('lets single categories be switched regardless of strictness', () => {
    const filter = createContentFilter({ strictness: 'low', categories: { profanity: true, threat: false } });
    expect(filter.check('shit').categories).toEqual(['profanity']);
    expect(filter.check('I will kill you').allowed).toBe(true);
  });

  it('ignores matches inside allowed terms', () => {
    const filter = createContentFilter({ strictness: 'high', allowedTerms: ['Dick Smith Electronics'], blockedPatterns: ['smith'] });
    expect(filter.check('I bought it at dick smith electronics').allowed).toBe(true);
    expect(filter.check('what a dick').categories).toEqual(['profanity']);
  });

  it('offers a safe reply, default or configured', () => {
    expect(createContentFilter().safeReply).toMatch(/can't help with that message/);
    expect(createContentFilter({ safeReply: 'Please keep it civil.' }).safeReply).toBe('Please keep it civil.');
  });

  it('names every invalid option', () => {
    expect(() => createContentFilter({ strictness: 'extreme' as never, safeReply: '' })).toThrow(ValidationError);
    expect(() => createContentFilter({ strictness: 'extreme' as never, safeReply: '' })).toThrow(/strictness[\s\S]*safeReply/);
  });
});
