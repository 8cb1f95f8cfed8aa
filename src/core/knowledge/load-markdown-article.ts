import type { KnowledgeDocument } from './knowledge-source.js';

/**
 * Input of {@link loadMarkdownArticle}.
 *
 * @example
 * ```ts
 * const input: MarkdownArticleInput = { id: 'returns', markdown: '# Returns\nStart a return from Orders.', url: 'https://help.example.com/returns' };
 * ```
 */
export interface MarkdownArticleInput {
  readonly id: string;
  readonly markdown: string;
  /** Used when the front matter has no `url`. */
  readonly url?: string;
  /** Used when neither the front matter nor a `# ` heading gives one. @default the id */
  readonly title?: string;
  /** Added to the front matter's `tags`. */
  readonly tags?: readonly string[];
}

/**
 * Turns a Markdown help-center article into a {@link KnowledgeDocument}: reads simple front
 * matter (`title`, `url`, `tags`, `updated`), takes the title from it or from the first `# `
 * heading, and reduces inline Markdown (links, images, emphasis, code) to its text, keeping the
 * headings that split the article into passages. Pure: read the file yourself.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { loadMarkdownArticle } from 'crmkit';
 *
 * const article = loadMarkdownArticle({ id: 'returns', markdown: await readFile('help/returns.md', 'utf8') });
 * await knowledge.index('acme', [article]);
 * ```
 */
export function loadMarkdownArticle(input: MarkdownArticleInput): KnowledgeDocument {
  let text = input.markdown.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const meta: Record<string, string> = {};
  const frontMatter = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  if (frontMatter) {
    for (const line of frontMatter[1]!.split('\n')) {
      const field = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
      if (field) meta[field[1]!.toLowerCase()] = field[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
    }
    text = text.slice(frontMatter[0].length);
  }
  let title = meta.title;
  if (!title) {
    const heading = /^ {0,3}#[ \t]+(.+?)[ \t#]*$/m.exec(text);
    if (heading) {
      title = inline(heading[1]!);
      text = text.replace(heading[0], '');
    }
  }
  const tags = [
    ...(meta.tags
      ? meta.tags
          .replace(/^\[|\]$/g, '')
          .split(',')
          .map((tag) => tag.trim().replace(/^(['"])(.*)\1$/, '$2'))
          .filter(Boolean)
      : []),
    ...(input.tags ?? []),
  ];
  const body = text
    .replace(/<!--[\s\S]*?-->/g, '')
    .split('\n')
    .map((line) => (/^ {0,3}(```|~~~)/.test(line) ? '' : inline(line)))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const url = meta.url ?? input.url;
  return {
    id: input.id,
    title: title ?? input.title ?? input.id,
    ...(url ? { url } : {}),
    body,
    ...(tags.length > 0 ? { tags: [...new Set(tags)] } : {}),
    ...(meta.updated ? { updated: meta.updated } : {}),
  };
}

function inline(line: string): string {
  return line
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])[*_](?=\S)([^*_\n]*?\S)[*_](?=[^\w*]|$)/g, '$1$2');
}
