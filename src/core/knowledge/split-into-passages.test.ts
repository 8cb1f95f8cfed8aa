import { describe, expect, it } from 'vitest';
import { splitIntoPassages } from './split-into-passages.js';

describe('splitIntoPassages', () => {
  it('gives one passage per heading section, keeping the heading, url and tags', () => {
    const passages = splitIntoPassages({ id: 'returns', title: 'Returns', url: 'https://h/returns', tags: ['orders'], body: 'Intro line.\n\n## Start a return\nOpen Orders.\n\n### Labels\nPrint it.\n\n## Empty\n\n' });
    expect(passages.map((passage) => [passage.passageId, passage.heading, passage.text])).toEqual([
      ['returns#0', undefined, 'Intro line.'],
      ['returns#1', 'Start a return', 'Open Orders.'],
      ['returns#2', 'Labels', 'Print it.'],
    ]);
    expect(passages.every((passage) => passage.url === 'https://h/returns' && passage.tags[0] === 'orders' && passage.title === 'Returns')).toBe(true);
  });

  it('cuts a long section into pieces no longer than maxChars, overlapping by whole sentences', () => {
    const sentences = Array.from({ length: 40 }, (_, index) => `Sentence number ${index} says something useful.`);
    const passages = splitIntoPassages({ id: 'long', title: 'Long', body: sentences.join(' ') }, { maxChars: 300, overlapChars: 80 });
    expect(passages.length).toBeGreaterThan(4);
    for (const passage of passages) expect(passage.text.length).toBeLessThanOrEqual(300);
    for (let index = 1; index < passages.length; index++) {
      const firstSentence = passages[index]!.text.split('. ')[0]!;
      expect(passages[index - 1]!.text).toContain(firstSentence);
    }
    const all = passages.map((passage) => passage.text).join(' ');
    for (const sentence of sentences) expect(all).toContain(sentence);
  });

  it('cuts a word longer than maxChars hard and never loses text', () => {
    const passages = splitIntoPassages({ id: 'u', title: 'U', body: `See ${'x'.repeat(450)} now` }, { maxChars: 200, overlapChars: 0 });
    expect(passages.every((passage) => passage.text.length <= 200)).toBe(true);
    expect(passages.map((passage) => passage.text).join('').replace(/\s/g, '')).toBe(`See${'x'.repeat(450)}now`);
  });

  it('does not treat # lines inside code fences as headings', () => {
    const passages = splitIntoPassages({ id: 'c', title: 'C', body: '```\n# not a heading\n```\nText' });
    expect(passages).toHaveLength(1);
  });

  it('keeps a title-only article findable', () => {
    expect(splitIntoPassages({ id: 'faq-1', title: 'Do you ship on Sundays? No.', body: '' })[0]!.text).toBe('Do you ship on Sundays? No.');
  });
});
