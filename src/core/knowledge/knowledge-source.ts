/**
 * A help-center article (or FAQ entry) as the host gives it to a {@link KnowledgeSource}. The
 * body is plain text or Markdown; headings (`#`, `##`…) split it into passages.
 *
 * @example
 * ```ts
 * const article: KnowledgeDocument = {
 *   id: 'returns-policy',
 *   title: 'Returns and refunds',
 *   url: 'https://help.example.com/returns',
 *   body: '## How to return an item\nStart a return from Orders within 30 days…',
 *   tags: ['orders', 'refunds'],
 *   updated: '2025-11-01',
 * };
 * ```
 */
export interface KnowledgeDocument {
  /** Unique per tenant; indexing the same id again replaces the article. 1–200 characters. */
  readonly id: string;
  readonly title: string;
  /** Where a reader can open the article; shown with citations. */
  readonly url?: string;
  readonly body: string;
  /** Labels a search can filter on (`search(…, { tags })`). */
  readonly tags?: readonly string[];
  /** When the article last changed (ISO date or Date). */
  readonly updated?: string | Date;
}

/**
 * One retrieved piece of an article, the unit a grounded answer cites.
 *
 * @example
 * ```ts
 * const [best] = await knowledge.search('acme', 'how do I return an item?');
 * console.log(best.title, best.url, best.passageId, best.score);
 * ```
 */
export interface KnowledgePassage {
  readonly documentId: string;
  /** `<documentId>#<n>`, unique per tenant and stable while the article is unchanged. */
  readonly passageId: string;
  readonly title: string;
  /** The heading the passage sits under, when the article has headings. */
  readonly heading?: string;
  readonly url?: string;
  readonly text: string;
  readonly tags: readonly string[];
  /** Higher is better. Comparable within one search only (text ranking, or a fused rank with `embed`). */
  readonly score: number;
  /** Cosine similarity to the query when an `embed` function ranked it too. */
  readonly similarity?: number;
}

/**
 * Options of {@link KnowledgeSource.search}.
 *
 * @example
 * ```ts
 * const options: KnowledgeSearchOptions = { limit: 5, tags: ['billing'], signal: AbortSignal.timeout(500) };
 * ```
 */
export interface KnowledgeSearchOptions {
  /**
   * Most passages returned, 1–50.
   * @default 5
   */
  readonly limit?: number;
  /** Only passages of articles carrying at least one of these tags. */
  readonly tags?: readonly string[];
  readonly signal?: AbortSignal;
}

/**
 * What {@link KnowledgeSource.index} stored.
 *
 * @example
 * ```ts
 * const { documents, passages } = await knowledge.index('acme', articles);
 * console.info(`indexed ${documents} articles as ${passages} passages`);
 * ```
 */
export interface KnowledgeIndexResult {
  readonly documents: number;
  readonly passages: number;
}

/**
 * Turns texts into vectors for semantic ranking (any embedding model the host uses). Called with
 * passage texts when indexing and with the query when searching; must return one vector per text,
 * all of the same length.
 *
 * @example
 * ```ts
 * const embed: EmbedFunction = async (texts, { signal }) => {
 *   const response = await openai.embeddings.create({ model: 'text-embedding-3-small', input: [...texts] }, { signal });
 *   return response.data.map((item) => item.embedding);
 * };
 * ```
 */
export type EmbedFunction = (texts: readonly string[], options: { readonly signal?: AbortSignal }) => Promise<readonly (readonly number[])[]>;

/**
 * The host's help-center articles, split into passages and searchable, scoped by tenant like every
 * crmkit store: no call reads or changes another tenant's passages. Implementations: memory
 * (`createMemoryKnowledgeSource`), Postgres full-text search (`createPostgresKnowledgeSource`
 * in `crmkit/adapters/postgres`), or your own (check it with `runKnowledgeSourceContract` from
 * `crmkit/testing`).
 *
 * @example
 * ```ts
 * await knowledge.index('acme', [{ id: 'reset-password', title: 'Reset your password', body: 'Open Settings → Security…' }]);
 * const passages = await knowledge.search('acme', 'forgot my password', { limit: 3 });
 * await knowledge.remove('acme', ['reset-password']);
 * ```
 */
export interface KnowledgeSource {
  /** Adds or replaces articles (by id). Replaying the same call leaves the same passages. */
  index(tenantId: string, documents: readonly KnowledgeDocument[], options?: { readonly signal?: AbortSignal }): Promise<KnowledgeIndexResult>;
  /** Removes articles and their passages; returns how many articles were removed. */
  remove(tenantId: string, documentIds: readonly string[], options?: { readonly signal?: AbortSignal }): Promise<number>;
  /** The passages that best match `query`, best first; empty when nothing matches. */
  search(tenantId: string, query: string, options?: KnowledgeSearchOptions): Promise<KnowledgePassage[]>;
}
