import type { KnowledgeDocument } from './knowledge-source.js';

/**
 * Input of {@link loadHtmlArticle}.
 *
 * @example
 * ```ts
 * const input: HtmlArticleInput = { id: 'shipping', html: '<h1>Shipping</h1><p>We ship in 2 days.</p>', url: 'https://help.example.com/shipping' };
 * ```
 */
export interface HtmlArticleInput {
  readonly id: string;
  readonly html: string;
  readonly url?: string;
  /** Used when the page has neither a `<title>` nor an `<h1>`. @default the id */
  readonly title?: string;
  readonly tags?: readonly string[];
  readonly updated?: string | Date;
}

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', copy: '©', reg: '®', trade: '™', euro: '€', pound: '£' };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return named[body.toLowerCase()] ?? entity;
  });
}

const stripTags = (html: string): string => decode(html.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();

/**
 * Turns an HTML help-center page into a {@link KnowledgeDocument}: keeps the `<main>` or
 * `<article>` element when there is one, drops scripts, styles, navigation and comments, turns
 * `<h1>`–`<h6>` into headings that split passages and list items into `- ` lines, and decodes
 * entities. The title is the `<title>` (or the first `<h1>`). Pure and dependency-free; for
 * unusual markup convert it yourself and index the text.
 *
 * @example
 * ```ts
 * import { loadHtmlArticle } from 'crmkit';
 *
 * const page = await fetch('https://help.example.com/shipping').then((response) => response.text());
 * await knowledge.index('acme', [loadHtmlArticle({ id: 'shipping', html: page, url: 'https://help.example.com/shipping' })]);
 * ```
 */
export function loadHtmlArticle(input: HtmlArticleInput): KnowledgeDocument {
  let html = input.html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style|noscript|template|svg|nav|iframe)\b[\s\S]*?<\/\1\s*>/gi, '');
  const titleTag = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  const firstH1 = /<h1\b[^>]*>([\s\S]*?)<\/h1\s*>/i.exec(html);
  const title = (titleTag && stripTags(titleTag[1]!)) || (firstH1 && stripTags(firstH1[1]!)) || input.title || input.id;
  const main = /<(main|article)\b[^>]*>([\s\S]*)<\/\1\s*>/i.exec(html);
  html = main ? main[2]! : (/<body\b[^>]*>([\s\S]*)<\/body\s*>/i.exec(html)?.[1] ?? html);
  html = html.replace(/<(header|footer|aside)\b[\s\S]*?<\/\1\s*>/gi, '');
  const body = html
    .replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi, (_match, level: string, inner: string) => {
      const text = stripTags(inner);
      // The page's own title heading is the document title, not a section.
      return text === title && level === '1' ? '\n\n' : `\n\n${'#'.repeat(Math.max(2, Number(level)))} ${text}\n\n`;
    })
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|section|ul|ol|table|tr|blockquote|pre|dl|dd|dt)\s*>/gi, '\n\n')
    .replace(/<(td|th)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .split('\n')
    .map((line) => decode(line).replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return {
    id: input.id,
    title,
    ...(input.url ? { url: input.url } : {}),
    body,
    ...(input.tags?.length ? { tags: [...input.tags] } : {}),
    ...(input.updated ? { updated: input.updated } : {}),
  };
}
