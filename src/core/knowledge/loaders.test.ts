import { describe, expect, it } from 'vitest';
import { loadHtmlArticle } from './load-html-article.js';
import { loadMarkdownArticle } from './load-markdown-article.js';
import { splitIntoPassages } from './split-into-passages.js';
import { knowledgeTerms, queryCoverage } from './knowledge-terms.js';

describe('loadMarkdownArticle', () => {
  it('reads front matter and reduces inline Markdown to text, keeping section headings', () => {
    const article = loadMarkdownArticle({
      id: 'returns',
      markdown: '---\ntitle: "Returns"\nurl: https://h/returns\ntags: [orders, refunds]\nupdated: 2025-11-01\n---\n## Start\nOpen **Orders** and [print the label](https://h/label) ![icon](i.png) with `F2`.\n',
      tags: ['extra'],
    });
    expect(article).toEqual({ id: 'returns', title: 'Returns', url: 'https://h/returns', tags: ['orders', 'refunds', 'extra'], updated: '2025-11-01', body: '## Start\nOpen Orders and print the label icon with F2.' });
  });

  it('takes the title from the first # heading and falls back to the given url', () => {
    const article = loadMarkdownArticle({ id: 'x', markdown: '# Reset your password\nUse *Forgot password*.', url: 'https://h/x' });
    expect(article).toMatchObject({ title: 'Reset your password', url: 'https://h/x', body: 'Use Forgot password.' });
  });
});

describe('loadHtmlArticle', () => {
  it('keeps the main content as text with headings and list items, dropping scripts and navigation', () => {
    const article = loadHtmlArticle({
      id: 'shipping',
      url: 'https://h/shipping',
      html: '<html><head><title>Shipping &amp; delivery</title><script>alert(1)</script></head><body><nav>Home | Help</nav><main><h1>Shipping &amp; delivery</h1><h2>Times</h2><p>Standard takes 3&ndash;5 days.</p><ul><li>Express: 1 day</li><li>Free over &#36;50</li></ul></main><footer>©</footer></body></html>',
    });
    expect(article.title).toBe('Shipping & delivery');
    expect(article.body).toBe('## Times\n\nStandard takes 3–5 days.\n\n- Express: 1 day\n- Free over $50');
    expect(splitIntoPassages(article).map((passage) => passage.heading)).toEqual(['Times']);
  });
});

describe('knowledge terms', () => {
  it('drops stop words and stems plurals and verb forms', () => {
    expect(knowledgeTerms('How do I get refunds for shipped orders?')).toEqual(['refund', 'ship', 'order']);
  });

  it('measures how much of a question a passage covers', () => {
    expect(queryCoverage('refund shipping', { title: 'Refunds', text: 'Nothing else' })).toBe(0.5);
    expect(queryCoverage('the and of', { title: 'x', text: 'y' })).toBe(0);
  });
});
