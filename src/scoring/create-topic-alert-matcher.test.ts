import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { createTopicAlertMatcher } from './create-topic-alert-matcher.js';
import { foldText } from './fold-text.js';

const matcher = createTopicAlertMatcher({ keywords: 'chargeback,fraud,wrong address' });

describe('createTopicAlertMatcher', () => {
  it('reports which keywords matched a ticket, across subject, body and tags, in alert order', () => {
    expect(matcher.match({ subject: 'Fraud?', body: 'It was shipped to the WRONG address', tags: ['chargeback'] })).toEqual([
      'chargeback',
      'fraud',
      'wrong address',
    ]);
    expect(matcher.match({ subject: 'Where is my order?', body: 'Tracking says delivered' })).toEqual([]);
  });

  it('matches whole words only', () => {
    expect(matcher.matchText('I was defrauded')).toEqual([]);
    expect(matcher.matchText('fraudulent charge')).toEqual([]);
    expect(matcher.matchText('fraud_team')).toEqual([]);
    expect(matcher.matchText('(fraud).')).toEqual(['fraud']);
    expect(matcher.matchText("fraud's victim")).toEqual(['fraud']);
  });

  it('matches phrases across any run of whitespace but never across fields', () => {
    expect(matcher.matchText('wrong\n   address')).toEqual(['wrong address']);
    expect(matcher.matchText('wrong\taddress')).toEqual(['wrong address']);
    expect(matcher.matchText('wrongaddress')).toEqual([]);
    expect(matcher.match({ subject: 'wrong', body: 'address' })).toEqual([]);
  });

  it('folds case and Unicode on both sides', () => {
    const german = createTopicAlertMatcher({ keywords: ['Straße', 'Café', 'ΣΟΦΟΣ'] });
    expect(german.matchText('WRONG STRASSE')).toEqual(['strasse']);
    expect(german.matchText('the cafe\u0301 is closed')).toEqual(['café']);
    expect(german.matchText('σοφος')).toEqual(['σοφος']);
    expect(german.matchText('ﬁle CAFÉ')).toEqual(['café']);
  });

  it('uses Unicode letters for word boundaries', () => {
    const alerts = createTopicAlertMatcher({ keywords: ['café'] });
    expect(alerts.matchText('cafés')).toEqual([]);
    expect(alerts.matchText('écafé')).toEqual([]);
    expect(alerts.matchText('«café»')).toEqual(['café']);
    expect(createTopicAlertMatcher({ keywords: ['naïve'] }).matchText('𝒳naïve')).toEqual([]);
  });

  it('needs no boundary at a symbol edge or in scripts written without spaces', () => {
    const alerts = createTopicAlertMatcher({ keywords: ['#54321', 'c++', '退款'] });
    expect(alerts.matchText('order#54321 is late')).toEqual(['#54321']);
    expect(alerts.matchText('order #543210')).toEqual([]);
    expect(alerts.matchText('I code C++daily')).toEqual(['c++']);
    expect(alerts.matchText('我要申请退款谢谢')).toEqual(['退款']);
  });

  it('finds overlapping and nested keywords (he, she, hers, his)', () => {
    const alerts = createTopicAlertMatcher({ keywords: ['he', 'she', 'hers', 'his'] });
    expect(alerts.matchText('she said hers')).toEqual(['she', 'hers']);
    expect(alerts.matchText('ushers')).toEqual([]);
  });

  it('matches nothing with an empty alert set, and rejects a bad one', () => {
    expect(createTopicAlertMatcher({ keywords: '' }).match({ subject: 'fraud', body: '' })).toEqual([]);
    expect(() => createTopicAlertMatcher({ keywords: 'fraud,,x' })).toThrow(ValidationError);
    expect(() => createTopicAlertMatcher({ keywords: 3 } as never)).toThrow(/keywords/);
    expect(() => createTopicAlertMatcher(undefined as never)).toThrow(ValidationError);
  });

  it('survives a large alert set over a large alphabet (sparse automaton)', () => {
    const keywords = Array.from({ length: 998 }, (_, index) =>
      Array.from({ length: 60 }, (_, offset) => String.fromCharCode(0x4e00 + ((index * 61 + offset * 7) % 5000))).join(''),
    );
    const alerts = createTopicAlertMatcher({ keywords: [...keywords, 'wrong address', 'Fraud'] });
    expect(alerts.matchText(`前${keywords[500]!}后`)).toEqual([keywords[500]]);
    expect(alerts.matchText('Sent to the WRONG \n\t address, fraud!')).toEqual(['wrong address', 'fraud']);
    expect(alerts.matchText('wrongaddress defrauded')).toEqual([]);
  });

  it('agrees with a regular-expression oracle on random text (property)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'é', 'ß'), minLength: 1, maxLength: 3 });
    const keyword = fc.array(word, { minLength: 1, maxLength: 2 }).map((words) => words.join(' '));
    const text = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', 'é', 'É', 'ß', 'ss', ' ', '\n', '-', '1'), maxLength: 40 });
    fc.assert(
      fc.property(fc.uniqueArray(keyword, { minLength: 1, maxLength: 5, selector: foldText }), text, (keywords, sample) => {
        const alerts = createTopicAlertMatcher({ keywords });
        const folded = foldText(sample);
        const expected = alerts.keywords.filter((candidate) => {
          const body = candidate
            .split(' ')
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('\\s+');
          return new RegExp(`(?<![\\p{L}\\p{N}\\p{M}_])${body}(?![\\p{L}\\p{N}\\p{M}_])`, 'u').test(folded);
        });
        expect(alerts.matchText(sample)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('whitespace handling', () => {
  it('treats exactly the characters of \\s as whitespace inside phrases', () => {
    const alerts = createTopicAlertMatcher({ keywords: ['wrong address'] });
    for (let code = 0; code < 0x10000; code++) {
      const character = String.fromCharCode(code);
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const folded = foldText(`wrong${character}address`);
      const expected = /^wrong\s+address$/u.test(folded);
      if ((alerts.matchText(`wrong${character}address`).length === 1) !== expected) throw new Error(`mismatch at U+${code.toString(16)}`);
    }
  });
});
