import { describe, expect, it } from 'vitest';
import { runKnowledgeSourceContract } from '../../testing/adapter-contract/index.js';
import { createMemoryKnowledgeSource } from './create-memory-knowledge-source.js';

runKnowledgeSourceContract({ name: 'memory', test: { describe, it }, createSource: () => createMemoryKnowledgeSource() });

/** A toy embedding: one dimension per topic word, so "money back" lands near "refund". */
const topics = [['refund', 'money', 'back', 'reimburse'], ['router', 'wifi', 'internet'], ['password', 'login', 'sign']];
const embed = async (texts: readonly string[]) => texts.map((text) => topics.map((words) => words.filter((word) => text.toLowerCase().includes(word)).length));

describe('createMemoryKnowledgeSource with embed', () => {
  it('fuses semantic and text rankings, finding a passage that shares no word with the query', async () => {
    const source = createMemoryKnowledgeSource({ embed });
    await source.index('t', [
      { id: 'refund', title: 'Refund times', body: 'A refund reaches your card in 5 days.' },
      { id: 'wifi', title: 'Slow wifi', body: 'Restart the router.' },
    ]);
    const [best] = await source.search('t', 'when do I get my money back?');
    expect(best?.documentId).toBe('refund');
    expect(best?.similarity).toBeGreaterThan(0.5);
  });

  it('leaves the index untouched when embed fails or returns the wrong number of vectors', async () => {
    let broken = false;
    const source = createMemoryKnowledgeSource({ embed: async (texts) => (broken ? [[1]] : embed(texts)) });
    await source.index('t', [{ id: 'wifi', title: 'Slow wifi', body: 'Restart the router.' }]);
    broken = true;
    await expect(source.index('t', [{ id: 'wifi', title: 'Slow wifi', body: 'New text one.\n\n## Two\nNew text two.' }])).rejects.toThrow(/`embed`/);
    broken = false;
    expect((await source.search('t', 'restart router'))[0]?.text).toBe('Restart the router.');
  });
});
