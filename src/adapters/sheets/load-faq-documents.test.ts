import { describe, expect, it } from 'vitest';
import { createMemoryKnowledgeSource } from '../memory/create-memory-knowledge-source.js';
import { loadFaqDocuments } from './load-faq-documents.js';

const csv = ['Question,Answer,Link,Tags', 'Do you ship abroad?,"Yes, to the EU and the UK.",https://h/ship,shipping; international', ',No question here,,', 'What is the return window?,,,', '', 'Can I pay by invoice?,Business customers can.,,billing'].join('\n');

describe('loadFaqDocuments', () => {
  it('turns CSV rows into documents, rejecting rows without a question or answer by row number', async () => {
    const { documents, rejected } = await loadFaqDocuments({ csv: { text: csv }, columns: { url: 'link' } });
    expect(documents).toEqual([
      { id: expect.stringMatching(/^faq-[a-z0-9]+$/), title: 'Do you ship abroad?', body: 'Yes, to the EU and the UK.', url: 'https://h/ship', tags: ['shipping', 'international'] },
      { id: expect.stringMatching(/^faq-/), title: 'Can I pay by invoice?', body: 'Business customers can.', tags: ['billing'] },
    ]);
    expect(rejected).toEqual([
      { row: 3, issues: [{ path: 'question', message: 'Expected a question' }] },
      { row: 4, issues: [{ path: 'answer', message: 'Expected an answer' }] },
    ]);
    const knowledge = createMemoryKnowledgeSource();
    await knowledge.index('t', documents);
    expect((await knowledge.search('t', 'ship to the UK'))[0]?.url).toBe('https://h/ship');
  });

  it('derives the same id from the same question, so a re-import replaces answers in place', async () => {
    const first = await loadFaqDocuments({ csv: { text: 'question,answer\nDo you ship abroad?,Yes.' } });
    const second = await loadFaqDocuments({ csv: { text: 'question,answer\nother,x\nDo you ship abroad?,Now also to Canada.' } });
    expect(second.documents[1]!.id).toBe(first.documents[0]!.id);
  });

  it('uses the id column when there is one and rejects a repeated id', async () => {
    const { documents, rejected } = await loadFaqDocuments({ csv: { text: 'id,question,answer\nq1,A?,a\nq1,B?,b' } });
    expect(documents.map((document) => document.id)).toEqual(['q1']);
    expect(rejected).toEqual([{ row: 3, issues: [{ path: 'id', message: 'Repeats the id (or question) of an earlier row' }] }]);
  });

  it('names a missing column and the option that fixes it', async () => {
    await expect(loadFaqDocuments({ csv: { text: 'q,a\nx,y' } })).rejects.toMatchObject({ kind: 'invalid_data', message: expect.stringMatching(/no `question` column.*columns\.question/) });
    await expect(loadFaqDocuments({})).rejects.toThrow(/exactly one of `csv`/);
  });

  it('reads a Google Sheet through the Sheets API', async () => {
    const fetch = async (url: string | URL | Request) => {
      expect(String(url)).toContain('/v4/spreadsheets/faq-sheet/values/FAQ');
      return new Response(JSON.stringify({ values: [['question', 'answer'], ['Opening hours?', '8 am to 8 pm.']] }), { status: 200 });
    };
    const { documents } = await loadFaqDocuments({ sheet: { spreadsheetId: 'faq-sheet', range: 'FAQ', accessToken: 't', fetch } });
    expect(documents.map((document) => [document.title, document.body])).toEqual([['Opening hours?', '8 am to 8 pm.']]);
  });
});
