import { describe, expect, it } from 'vitest';
import { piiNegatives, piiPositives } from './__fixtures__/pii-corpus.js';
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
