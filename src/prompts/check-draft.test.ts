import { describe, expect, it } from 'vitest';
import { checkDraft } from './check-draft.js';

const words = (count: number): string => Array.from({ length: count }, (_, index) => `word${index}`).join(' ');

describe('checkDraft', () => {
  it('accepts an SMS of exactly 160 characters and rejects 161, counting code points', () => {
    expect(checkDraft('x'.repeat(160), 'sms').ok).toBe(true);
    const over = checkDraft('x'.repeat(161), 'sms');
    expect(over.violations).toEqual([{ code: 'too_long', message: 'SMS drafts may have at most 160 characters; this one has 161', limit: 160, actual: 161 }]);
    expect(checkDraft('😀'.repeat(160), 'sms').characters).toBe(160);
  });

  it.each([
    ['chat', 100],
    ['phone', 75],
  ] as const)('holds %s drafts to %i words exactly', (channel, limit) => {
    expect(checkDraft(words(limit), channel).ok).toBe(true);
    const over = checkDraft(words(limit + 1), channel);
    expect(over.violations.map((violation) => [violation.code, violation.limit, violation.actual])).toEqual([['too_long', limit, limit + 1]]);
  });

  it('requires an email greeting and sign-off and at most 200 words', () => {
    const body = words(195);
    expect(checkDraft(`Hi Jane,\n\n${body}\n\nBest regards,\nAva`, 'email')).toMatchObject({ ok: true, words: 200 });
    expect(checkDraft(`Hi Jane,\n\n${body} extra\n\nBest regards,\nAva`, 'email').violations.map((violation) => violation.code)).toEqual(['too_long']);
    expect(checkDraft('Your order ships today.', 'email').violations.map((violation) => violation.code)).toEqual(['missing_greeting', 'missing_signature']);
    expect(checkDraft('Dear Mr. Lee,\nIt ships today.\nSincerely,\nAcme Support', 'email').ok).toBe(true);
  });

  it('flags placeholders the model left unfilled and empty drafts', () => {
    expect(checkDraft('Thanks! – [Your Name]', 'chat').violations.map((violation) => violation.code)).toEqual(['unfilled_placeholder']);
    expect(checkDraft('Hi {{customer_name}}', 'chat').ok).toBe(false);
    expect(checkDraft('  \n ', 'chat').violations.map((violation) => violation.code)).toEqual(['empty']);
  });

  it('counts words in scripts without spaces', () => {
    expect(checkDraft('ご注文の商品は明日届きます', 'chat').words).toBeGreaterThan(3);
  });

  it('rejects an unknown channel with a message naming the field', () => {
    expect(() => checkDraft('hi', 'fax' as never)).toThrow(/`channel`/);
  });
});
