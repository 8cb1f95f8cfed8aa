import { describe, expect, it } from 'vitest';
import { words } from './intent-features.js';
import { conceptsOf, lightStem } from './intent-lexicon.js';

const concepts = (text: string): string[] => conceptsOf(words(text), text);

describe('the intent lexicon', () => {
  it('gives different words for the same thing one concept, whatever the inflection', () => {
    for (const text of ['I want to top up', 'topping up my account', 'how do I add money', 'Can I load funds?']) expect(concepts(text)).toContain('=topup');
    for (const text of ['my payment was declined', 'the shop rejected my card', "it didn't go through", 'payment failed']) expect(concepts(text)).toContain('=declined');
    for (const text of ['the ATM kept it', 'a cash machine', 'at the cashpoint']) expect(concepts(text)).toContain('=atm');
    expect(['charges', 'charged', 'charging', 'charge'].map(lightStem)).toEqual(['charg', 'charg', 'charg', 'charg']);
    expect(['topping', 'top', 'transferred', 'transfer', 'verified', 'verify'].map(lightStem)).toEqual(['top', 'top', 'transfer', 'transfer', 'verify', 'verify']);
  });

  it('adds every pair of the concepts found, so a linear model can tell a failed top-up from a top-up', () => {
    const found = concepts('My top up was declined');
    expect(found).toEqual(expect.arrayContaining(['=declined', '=topup', '=declined=topup']));
    expect(found.filter((term) => term.split('=').length === 2)).toEqual([...found.filter((term) => term.split('=').length === 2)].sort());
    expect(concepts('Top up declined')).toEqual(concepts('declined top up'));
  });

  it('reads an amount and a currency sign without the figure, and nothing into text with no concept', () => {
    expect(concepts('Why is there an extra £1 on my statement?')).toEqual(expect.arrayContaining(['=amount', '=currency', '=statement']));
    expect(concepts('zebra quantum violin')).toEqual([]);
    expect(concepts('')).toEqual([]);
  });
});
