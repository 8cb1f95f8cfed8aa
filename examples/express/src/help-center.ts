import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadMarkdownArticle, type KnowledgeSource } from 'crmkit';

/**
 * Indexes every `*.md` file of a folder as a help-center article (issue 21): the file name is the
 * article id, front matter gives `title`, `url` and `tags` (the first `# ` heading is the title
 * otherwise), and `##` headings split it into passages. Run at start; run again after editing the
 * articles — indexing an id again replaces it.
 */
export async function indexHelpFolder(options: { readonly folder: string; readonly tenantId: string; readonly source: KnowledgeSource; readonly signal?: AbortSignal }): Promise<{ documents: number; passages: number }> {
  const files = (await readdir(options.folder)).filter((file) => file.endsWith('.md')).sort();
  const articles = await Promise.all(
    files.map(async (file) => loadMarkdownArticle({ id: path.basename(file, '.md'), markdown: await readFile(path.join(options.folder, file), { encoding: 'utf8', ...(options.signal ? { signal: options.signal } : {}) }) })),
  );
  return options.source.index(options.tenantId, articles, options.signal ? { signal: options.signal } : {});
}
