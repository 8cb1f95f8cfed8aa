import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { piiCategoryPositives, piiLookAlikes } from './__fixtures__/pii-categories.js';
import { piiNegatives, piiPositives } from './__fixtures__/pii-corpus.js';
import { extractEntities } from '../../fallback/extract-entities.js';
import { findPhonesHeuristically, forcePhoneMatcher, isPartOfIdentifier, phoneMatcher } from './find-phones.js';
import { detectPii, isCardNumber, isValidIban } from './detect-pii.js';
import { createPiiRedactionState, redactPii, restorePii } from './redact-pii.js';

describe('PII corpus', () => {
  it.each(piiPositives)('redacts every seeded value: $text', ({ text, values }) => {
    const found = detectPii(text).map((match) => [match.type, match.value]);
    expect(found).toEqual(expect.arrayContaining(values.map((value) => [...value])));
    expect(found).toHaveLength(values.length);
    const redacted = redactPii(text);
    for (const [, value] of values) expect(redacted.text).not.toContain(value);
    expect(restorePii(redacted.text, redacted.restore)).toBe(text);
  });

  it('redacts 100% of the seeded items', () => {
    const seeded = piiPositives.flatMap((item) => item.values.map(([, value]) => ({ text: item.text, value })));
    const leaked = seeded.filter(({ text, value }) => redactPii(text).text.includes(value));
    expect(seeded.length).toBeGreaterThanOrEqual(40);
    expect(leaked).toEqual([]);
  });

  it.each(piiNegatives)('flags nothing in: %s', (text) => {
    expect(detectPii(text)).toEqual([]);
    expect(redactPii(text).text).toBe(text);
  });
});

describe('redactPii', () => {
  it('gives the same value the same placeholder, and different values different ones', () => {
    const { text, found } = redactPii('a@x.io, b@x.io, then A@X.io again; call 415-555-2671');
    expect(text).toBe('[EMAIL_1], [EMAIL_2], then [EMAIL_1] again; call [PHONE_1]');
    expect(found.map((entry) => entry.placeholder)).toEqual(['[EMAIL_1]', '[EMAIL_2]', '[EMAIL_1]', '[PHONE_1]']);
  });

  it('keeps placeholders stable across messages that share a state', () => {
    const state = createPiiRedactionState();
    redactPii('from jane@example.com', { state });
    expect(redactPii('cc bob@example.com and jane@example.com', { state }).text).toBe('cc [EMAIL_2] and [EMAIL_1]');
  });

  it('never reuses a placeholder that already appears literally in the text', () => {
    const { text, restore } = redactPii('template says [EMAIL_1]; real one is jane@example.com');
    expect(text).toBe('template says [EMAIL_1]; real one is [EMAIL_2]');
    expect(restorePii(text, restore)).toBe('template says [EMAIL_1]; real one is jane@example.com');
  });

  it('redacts only the kinds asked for', () => {
    expect(redactPii('jane@example.com 4111111111111111', { types: ['card'] }).text).toBe('jane@example.com [CARD_1]');
  });

  it('leaves unknown placeholders alone when restoring', () => {
    expect(restorePii('[EMAIL_9] and [PHONE_1]', new Map([['[PHONE_1]', '+1 415 555 2671']]))).toBe('[EMAIL_9] and +1 415 555 2671');
  });
});

describe('checksums', () => {
  it('accepts Luhn-valid card numbers of known networks only', () => {
    expect(isCardNumber('4111111111111111')).toBe(true);
    expect(isCardNumber('4111111111111112')).toBe(false);
    expect(isCardNumber('1234567812345670')).toBe(false);
    expect(isCardNumber('411111111111')).toBe(false);
  });

  it('validates IBANs with mod 97', () => {
    expect(isValidIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isValidIban('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
  });
});

describe.each(['libphonenumber-js', 'heuristic'] as const)('per-category corpus, phones by %s', (matcher) => {
  beforeAll(() => forcePhoneMatcher(matcher === 'heuristic' ? 'heuristic' : undefined));
  afterAll(() => forcePhoneMatcher(undefined));

  it('uses the matcher under test', () => {
    expect(phoneMatcher()).toBe(matcher);
  });

  it('passes the original corpus too', () => {
    for (const { text, values } of piiPositives) expect(detectPii(text).map((match) => [match.type, match.value])).toEqual(expect.arrayContaining(values.map((value) => [...value])));
    for (const text of piiNegatives) expect(detectPii(text)).toEqual([]);
  });

  it.each(Object.entries(piiCategoryPositives).flatMap(([type, cases]) => cases.map((entry) => ({ type, ...entry }))))('finds the $type in $text, whole and nothing else', ({ type, text, value }) => {
    expect(detectPii(text).map((match) => [match.type, match.value])).toEqual([[type, value]]);
    const redacted = redactPii(text);
    expect(redacted.text).not.toContain(value);
    expect(restorePii(redacted.text, redacted.restore)).toBe(text);
  });

  it.each(Object.entries(piiLookAlikes).flatMap(([kind, texts]) => texts.map((text) => ({ kind, text }))))('flags nothing in $kind: $text', ({ text }) => {
    expect(detectPii(text)).toEqual([]);
  });

  it('never reads member ids, order or ticket numbers, dates or versions as phones, whatever the region', () => {
    for (const region of ['US', 'GB', 'DE', 'FR', 'IN', 'BR']) {
      for (const text of [...(piiLookAlikes['member ids'] ?? []), ...(piiLookAlikes.dates ?? []), ...(piiLookAlikes.versions ?? []), ...(piiLookAlikes['ticket ids'] ?? [])]) {
        expect(detectPii(text, { types: ['phone'], defaultRegion: region })).toEqual([]);
      }
    }
  });
});

describe('the heuristic phone matcher', () => {
  it.each([
    ['Call (415) 555-2671', 'US', '+14155552671'],
    ['call 1 415 555 2671', 'US', '+14155552671'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['030 901820', 'DE', '+4930901820'],
    ['01 42 68 53 00', 'FR', '+33142685300'],
    ['0044 20 7946 0958', 'DE', '+442079460958'],
    ['98765 43210', 'IN', '+919876543210'],
  ])('reads %j in %s as %s', (text, region, e164) => {
    expect(findPhonesHeuristically(text, region).map((phone) => phone.e164)).toEqual([e164]);
  });

  it.each([
    ['555-2671', 'US'], // 7 digits: no area code
    ['(011) 555-2671', 'US'], // area code cannot start with 0 or 1
    ['911-555-2671', 'US'], // N11 is a service code
    ['+0 415 555 2671', 'US'],
    ['020 7946 0958', 'XX'], // unknown region: only +numbers
    ['1234567890123456789', 'US'],
    ['4155552671234', 'US'], // 13 digits with no + is no national number
  ])('rejects %j in %s', (text, region) => {
    expect(findPhonesHeuristically(text, region)).toEqual([]);
  });

  it('treats a span glued to letters or joined by - _ / . # as part of an identifier', () => {
    expect(isPartOfIdentifier('MID-2024-01-15-22', 4, 17)).toBe(true);
    expect(isPartOfIdentifier('x 4155552671-A1', 2, 12)).toBe(true);
    expect(isPartOfIdentifier('call 4155552671.', 5, 15)).toBe(false);
    expect(isPartOfIdentifier('(415) 555-2671', 0, 14)).toBe(false);
  });
});

describe('extractEntities e-mails', () => {
  it('finds Unicode and IDN addresses whole, like detectPii', () => {
    expect(extractEntities('Escríbeme a José.Núñez@correo.es o a почта@пример.рф; logo@2x.png no').filter((entity) => entity.type === 'email').map((entity) => entity.value)).toEqual([
      'José.Núñez@correo.es',
      'почта@пример.рф',
    ]);
  });
});
