import type MiniSearch from 'minisearch';
import { throwIfAborted } from '../../core/abort.js';
import { checkEmbeddings, checkIndexInput, checkRemoveInput, checkSearchInput } from '../../core/knowledge/knowledge-input.js';
import type { EmbedFunction, KnowledgePassage, KnowledgeSource } from '../../core/knowledge/knowledge-source.js';
import { cosineSimilarity, fuseRankings } from '../../core/knowledge/fuse-rankings.js';
import { knowledgeTerm } from '../../core/knowledge/knowledge-terms.js';
import { splitIntoPassages, type PassageDraft, type PassageSplitOptions } from '../../core/knowledge/split-into-passages.js';

/**
 * Options of {@link createMemoryKnowledgeSource}.
 *
 * @example
 * ```ts
 * const options: MemoryKnowledgeSourceOptions = { passages: { maxChars: 800, overlapChars: 100 }, embed };
 * ```
 */
export interface MemoryKnowledgeSourceOptions {
  /** How articles are cut into passages. @default { maxChars: 1000, overlapChars: 150 } */
  readonly passages?: PassageSplitOptions;
  /**
   * Adds semantic ranking: passages are embedded when indexed, the query when searching, and the
   * cosine ranking is fused with the text ranking (reciprocal-rank fusion). Absent: text only.
   */
  readonly embed?: EmbedFunction;
}

interface Stored {
  readonly draft: PassageDraft;
  readonly vector?: readonly number[];
}

interface TenantIndex {
  readonly search: MiniSearch<IndexedPassage>;
  readonly passages: Map<string, Stored>;
  readonly documents: Map<string, readonly string[]>;
}

interface IndexedPassage {
  readonly id: string;
  readonly title: string;
  readonly heading: string;
  readonly text: string;
}

const adapter = 'memory-knowledge-source';
const processTerm = (term: string): string | null => knowledgeTerm(term) ?? null;

type MiniSearchClass = typeof MiniSearch;
let miniSearchModule: Promise<MiniSearchClass> | undefined;

/** MiniSearch loads on the first `index` call, so importing `crmkit` does not pay for it (about 10 ms). */
function loadMiniSearch(): Promise<MiniSearchClass> {
  miniSearchModule ??= import('minisearch').then((module) => (module as unknown as { default: MiniSearchClass }).default ?? (module as unknown as MiniSearchClass));
  return miniSearchModule;
}

function createTenantIndex(MiniSearchClass: MiniSearchClass): TenantIndex {
  return {
    search: new MiniSearchClass<IndexedPassage>({
      fields: ['title', 'heading', 'text'],
      processTerm,
      searchOptions: {
        boost: { title: 2, heading: 1.5 },
        // Prefix matching lets "configur" find "configuration"; short terms stay exact so "id" does not match "idle".
        // No fuzzy matching: it doubled search time over 10,000 passages for no gain in recall@5 on the sample help center.
        prefix: (term) => term.length >= 5,
        combineWith: 'OR',
      },
    }),
    passages: new Map(),
    documents: new Map(),
  };
}

/**
 * A {@link KnowledgeSource} in memory: BM25 ranking through MiniSearch (title and heading
 * boosted, prefix matching, English stop words and stemming), one index per
 * tenant, and optional semantic ranking with the host's `embed` function. The default for tests,
 * demos and help centers of a few thousand articles that the host loads at start.
 *
 * @example
 * ```ts
 * import { createMemoryKnowledgeSource, loadMarkdownArticle } from 'crmkit';
 *
 * const knowledge = createMemoryKnowledgeSource();
 * await knowledge.index('acme', [loadMarkdownArticle({ id: 'returns', markdown: '# Returns\nStart a return from Orders within 30 days.' })]);
 * const [best] = await knowledge.search('acme', 'how do I send something back?');
 * ```
 */
export function createMemoryKnowledgeSource(options: MemoryKnowledgeSourceOptions = {}): KnowledgeSource {
  const tenants = new Map<string, TenantIndex>();
  const embed = options.embed;

  const removeDocument = (tenant: TenantIndex, documentId: string): boolean => {
    const passageIds = tenant.documents.get(documentId);
    if (!passageIds) return false;
    for (const passageId of passageIds) {
      tenant.search.discard(passageId);
      tenant.passages.delete(passageId);
    }
    tenant.documents.delete(documentId);
    return true;
  };

  return {
    async index(tenantId, documents, callOptions) {
      const input = checkIndexInput(tenantId, documents, adapter);
      throwIfAborted(callOptions?.signal);
      const drafts = input.documents.map((document) => splitIntoPassages(document, options.passages));
      const flat = drafts.flat();
      // Embed before touching the index, so a failing embed leaves the old articles searchable.
      const vectors = embed && flat.length > 0 ? checkEmbeddings(await embed(flat.map(embeddingText), { signal: callOptions?.signal }), flat.length, adapter) : undefined;
      throwIfAborted(callOptions?.signal);
      const MiniSearchClass = await loadMiniSearch();
      throwIfAborted(callOptions?.signal);
      let tenant = tenants.get(input.tenantId);
      if (!tenant) {
        tenant = createTenantIndex(MiniSearchClass);
        tenants.set(input.tenantId, tenant);
      }
      let offset = 0;
      for (const [index, document] of input.documents.entries()) {
        removeDocument(tenant, document.id);
        const passages = drafts[index]!;
        for (const draft of passages) {
          const vector = vectors?.[offset++];
          tenant.passages.set(draft.passageId, vector ? { draft, vector } : { draft });
        }
        tenant.search.addAll(passages.map((draft) => ({ id: draft.passageId, title: draft.title, heading: draft.heading ?? '', text: draft.text })));
        tenant.documents.set(document.id, passages.map((draft) => draft.passageId));
      }
      return { documents: input.documents.length, passages: flat.length };
    },

    async remove(tenantId, documentIds, callOptions) {
      const input = checkRemoveInput(tenantId, documentIds, adapter);
      throwIfAborted(callOptions?.signal);
      const tenant = tenants.get(input.tenantId);
      if (!tenant) return 0;
      let removed = 0;
      for (const documentId of new Set(input.documentIds)) if (removeDocument(tenant, documentId)) removed++;
      return removed;
    },

    async search(tenantId, query, searchOptions) {
      const input = checkSearchInput(tenantId, query, searchOptions, adapter);
      throwIfAborted(searchOptions?.signal);
      const tenant = tenants.get(input.tenantId);
      if (!tenant || input.query.trim().length === 0) return [];
      const tags = input.tags ? new Set(input.tags) : undefined;
      const allowed = (stored: Stored | undefined): stored is Stored => stored !== undefined && (!tags || stored.draft.tags.some((tag) => tags.has(tag)));
      const depth = embed ? input.limit * 4 : input.limit;
      const text: { id: string; score: number }[] = [];
      for (const result of tenant.search.search(input.query)) {
        if (!allowed(tenant.passages.get(result.id as string))) continue;
        text.push({ id: result.id as string, score: result.score });
        if (text.length === depth) break;
      }
      if (!embed) return text.map((hit) => toPassage(tenant.passages.get(hit.id)!, hit.score));

      const [queryVector] = checkEmbeddings(await embed([input.query], { signal: searchOptions?.signal }), 1, adapter);
      throwIfAborted(searchOptions?.signal);
      const similarities = new Map<string, number>();
      for (const [passageId, stored] of tenant.passages) {
        if (stored.vector && allowed(stored)) similarities.set(passageId, cosineSimilarity(queryVector!, stored.vector));
      }
      const semantic = [...similarities].sort((a, b) => b[1] - a[1]).slice(0, depth).map(([passageId]) => passageId);
      return fuseRankings([text.map((hit) => hit.id), semantic])
        .slice(0, input.limit)
        .map(([passageId, score]) => toPassage(tenant.passages.get(passageId)!, score, similarities.get(passageId)));
    },
  };
}

function embeddingText(draft: PassageDraft): string {
  return [draft.title, draft.heading, draft.text].filter(Boolean).join('\n');
}

function toPassage(stored: Stored, score: number, similarity?: number): KnowledgePassage {
  const { draft } = stored;
  return {
    documentId: draft.documentId,
    passageId: draft.passageId,
    title: draft.title,
    ...(draft.heading ? { heading: draft.heading } : {}),
    ...(draft.url ? { url: draft.url } : {}),
    text: draft.text,
    tags: draft.tags,
    score,
    ...(similarity === undefined ? {} : { similarity }),
  };
}
