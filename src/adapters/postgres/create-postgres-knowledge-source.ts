import { z } from 'zod/v4';
import { throwIfAborted } from '../../core/abort.js';
import { anyFunction, parseInput } from '../../core/validate.js';
import { fuseRankings } from '../../core/knowledge/fuse-rankings.js';
import { checkEmbeddings, checkIndexInput, checkRemoveInput, checkSearchInput } from '../../core/knowledge/knowledge-input.js';
import type { EmbedFunction, KnowledgePassage, KnowledgeSource } from '../../core/knowledge/knowledge-source.js';
import { splitIntoPassages, type PassageSplitOptions } from '../../core/knowledge/split-into-passages.js';
import { AdapterError } from '../adapter-error.js';
import { inPostgresTransaction } from './in-postgres-transaction.js';
import { createPostgresPoolHandle } from './postgres-pool-handle.js';
import type { PostgresConnectionOptions, PostgresPool, PostgresPoolClient } from './postgres-pool.js';
import { postgresTables } from './postgres-tables.js';
import { runPostgresQuery } from './run-postgres-query.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * Options of {@link createPostgresKnowledgeSource}.
 *
 * @example
 * ```ts
 * const options: PostgresKnowledgeSourceOptions = { pool, language: (tenantId) => (tenantId.endsWith('-fr') ? 'french' : 'english') };
 * ```
 */
export interface PostgresKnowledgeSourceOptions extends PostgresConnectionOptions {
  /**
   * The text-search configuration (`pg_ts_config`: `english`, `french`, `simple`…) per tenant,
   * used to index and to search. Changing a tenant's language needs its articles indexed again.
   * @default 'english'
   */
  readonly language?: string | ((tenantId: string) => string);
  /** How articles are cut into passages. @default { maxChars: 1000, overlapChars: 150 } */
  readonly passages?: PassageSplitOptions;
  /**
   * Adds semantic ranking when the `pgvector` extension is installed: passages are embedded when
   * indexed, the query when searching, and the vector ranking is fused with the full-text one.
   * Without pgvector it is not called, and {@link PostgresKnowledgeSource.semanticRanking} says why.
   */
  readonly embed?: EmbedFunction;
  /** Told once, at the first call, when semantic ranking is off although `embed` was given (the reason). */
  readonly onNotice?: (message: string) => void;
}

/**
 * Whether semantic ranking is on, and why not when it is off.
 *
 * @example
 * ```ts
 * const status: SemanticRankingStatus = { enabled: false, reason: 'the pgvector extension is not installed…' };
 * ```
 */
export interface SemanticRankingStatus {
  readonly enabled: boolean;
  readonly reason?: string;
}

/**
 * A Postgres KnowledgeSource; `end()` closes the pool crmkit created from a connection string.
 *
 * @example
 * ```ts
 * const knowledge: PostgresKnowledgeSource = createPostgresKnowledgeSource({ pool });
 * console.log(await knowledge.semanticRanking());
 * ```
 */
export interface PostgresKnowledgeSource extends KnowledgeSource {
  /** Detects pgvector (once) and says whether `embed` is used. */
  semanticRanking(options?: { readonly signal?: AbortSignal }): Promise<SemanticRankingStatus>;
  /** Closes the pool when crmkit created it from `connectionString`; a host pool is left open. */
  end(): Promise<void>;
}

const adapter = 'postgres-knowledge-source';
const languagePattern = /^[a-z_][a-z0-9_]{0,62}$/;
const optionsSchema = lazyObject(() => z.object({ language: z.union([z.string().regex(languagePattern, 'Expected `language` to be a text-search configuration name such as "english"'), anyFunction()]).optional() }).loose());
const rowsPerStatement = 500;

interface PassageRow {
  document_id: string;
  passage_id: string;
  title: string;
  heading: string | null;
  url: string | null;
  body: string;
  tags: string[];
  score: number;
}

/**
 * A {@link KnowledgeSource} on PostgreSQL full-text search: each passage stored with a weighted
 * `tsvector` (title, heading, text) in the tenant's language and a GIN index; searched with
 * `websearch_to_tsquery` (quoted phrases and `-exclusions` work as on a search engine), with the
 * query's words OR-ed so a question need not contain every word, ranked by `ts_rank`. Optional
 * hybrid ranking with the host's `embed` when pgvector is installed (detected at the first call,
 * skipped with a stated reason otherwise). Run {@link migrate} first. Indexing an article
 * replaces its passages in one transaction, serialised per tenant, so replays and concurrent
 * re-indexing leave exactly one copy.
 *
 * @example
 * ```ts
 * import { createPostgresKnowledgeSource, migrate } from 'crmkit/adapters/postgres';
 *
 * await migrate({ pool });
 * const knowledge = createPostgresKnowledgeSource({ pool, language: 'english' });
 * await knowledge.index('acme', [{ id: 'returns', title: 'Returns', body: 'Start a return from Orders within 30 days.' }]);
 * const passages = await knowledge.search('acme', 'how do I return something?');
 * ```
 */
export function createPostgresKnowledgeSource(options: PostgresKnowledgeSourceOptions): PostgresKnowledgeSource {
  parseInput(optionsSchema, options, 'createPostgresKnowledgeSource options');
  const tables = postgresTables(options);
  const handle = createPostgresPoolHandle(options, adapter);
  const passages = tables.table('knowledge_passages');
  const checkedLanguages = new Map<string, Promise<void>>();
  let semantic: Promise<SemanticRankingStatus> | undefined;

  const context = (signal: AbortSignal | undefined) => ({ adapter, signal });

  const languageOf = async (pool: PostgresPool, tenantId: string, signal: AbortSignal | undefined): Promise<string> => {
    const language = typeof options.language === 'function' ? options.language(tenantId) : (options.language ?? 'english');
    if (typeof language !== 'string' || !languagePattern.test(language)) {
      throw new AdapterError('`language` must name a text-search configuration such as "english" (see pg_ts_config)', { kind: 'invalid_state', adapter });
    }
    let check = checkedLanguages.get(language);
    if (!check) {
      check = runPostgresQuery(pool, 'SELECT 1 FROM pg_catalog.pg_ts_config WHERE cfgname = $1', [language], context(signal)).then((result) => {
        if (result.rowCount === 0) {
          throw new AdapterError(`\`language\` "${language}" is not a text-search configuration of this database: use one listed by \`SELECT cfgname FROM pg_ts_config\` (e.g. "english", "simple")`, {
            kind: 'invalid_state',
            adapter,
          });
        }
      });
      check.catch(() => checkedLanguages.delete(language));
      checkedLanguages.set(language, check);
    }
    await check;
    return language;
  };

  const semanticRanking = (pool: PostgresPool, signal: AbortSignal | undefined): Promise<SemanticRankingStatus> => {
    semantic ??= (async (): Promise<SemanticRankingStatus> => {
      if (!options.embed) return { enabled: false, reason: 'no `embed` function was given; ranking is full-text only' };
      const result = await runPostgresQuery(pool, "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'vector'", [], context(signal));
      if (result.rowCount === 0) {
        const status = { enabled: false, reason: 'the pgvector extension is not installed in this database (CREATE EXTENSION vector); ranking is full-text only and `embed` is not called' };
        options.onNotice?.(`crmkit knowledge: ${status.reason}`);
        return status;
      }
      return { enabled: true };
    })();
    semantic.catch(() => {
      semantic = undefined;
    });
    return semantic;
  };

  const withTransaction = <T>(pool: PostgresPool, signal: AbortSignal | undefined, work: (client: PostgresPoolClient) => Promise<T>): Promise<T> =>
    inPostgresTransaction(pool, context(signal), work);

  const lockTenant = (client: PostgresPoolClient, tenantId: string, signal: AbortSignal | undefined) =>
    runPostgresQuery(client, 'SELECT pg_advisory_xact_lock(hashtext($1))', [`crmkit:knowledge:${tables.schemaName}:${tables.prefix}:${tenantId}`], context(signal));

  return {
    async index(tenantId, documents, callOptions) {
      const input = checkIndexInput(tenantId, documents, adapter);
      const signal = callOptions?.signal;
      throwIfAborted(signal);
      const pool = await handle.get();
      const language = await languageOf(pool, input.tenantId, signal);
      const status = await semanticRanking(pool, signal);
      const drafts = input.documents.flatMap((document) => splitIntoPassages(document, options.passages).map((draft) => ({ draft, updated: document.updated })));
      const vectors =
        status.enabled && options.embed && drafts.length > 0
          ? checkEmbeddings(await options.embed(drafts.map(({ draft }) => [draft.title, draft.heading, draft.text].filter(Boolean).join('\n')), { signal }), drafts.length, adapter)
          : undefined;
      throwIfAborted(signal);
      await withTransaction(pool, signal, async (client) => {
        await lockTenant(client, input.tenantId, signal);
        await runPostgresQuery(client, `DELETE FROM ${passages} WHERE tenant_id = $1 AND document_id = ANY($2::text[])`, [input.tenantId, input.documents.map((document) => document.id)], context(signal));
        for (let start = 0; start < drafts.length; start += rowsPerStatement) {
          const rows = drafts.slice(start, start + rowsPerStatement).map(({ draft, updated }, offset) => ({
            document_id: draft.documentId,
            passage_id: draft.passageId,
            position: draft.position,
            title: draft.title,
            heading: draft.heading ?? null,
            url: draft.url ?? null,
            body: draft.text,
            tags: draft.tags,
            updated_at: updated === undefined ? null : new Date(updated).toISOString(),
            embedding: vectors?.[start + offset] ?? null,
          }));
          await runPostgresQuery(
            client,
            `INSERT INTO ${passages} (tenant_id, document_id, passage_id, position, title, heading, url, body, tags, updated_at, language, search, embedding)
             SELECT $1, r.document_id, r.passage_id, r.position, r.title, r.heading, r.url, r.body, coalesce(r.tags, '{}'), r.updated_at, $2::regconfig,
                    setweight(to_tsvector($2::regconfig, r.title), 'A') || setweight(to_tsvector($2::regconfig, coalesce(r.heading, '')), 'B') || setweight(to_tsvector($2::regconfig, r.body), 'C'),
                    r.embedding
             FROM jsonb_to_recordset($3::jsonb) AS r(document_id text, passage_id text, position integer, title text, heading text, url text, body text, tags text[], updated_at timestamptz, embedding real[])`,
            [input.tenantId, language, JSON.stringify(rows)],
            context(signal),
          );
        }
      });
      return { documents: input.documents.length, passages: drafts.length };
    },

    async remove(tenantId, documentIds, callOptions) {
      const input = checkRemoveInput(tenantId, documentIds, adapter);
      throwIfAborted(callOptions?.signal);
      if (input.documentIds.length === 0) return 0;
      const pool = await handle.get();
      const result = await runPostgresQuery(
        pool,
        `WITH gone AS (DELETE FROM ${passages} WHERE tenant_id = $1 AND document_id = ANY($2::text[]) RETURNING document_id) SELECT count(DISTINCT document_id)::int AS removed FROM gone`,
        [input.tenantId, input.documentIds],
        context(callOptions?.signal),
      );
      return (result.rows[0] as { removed: number }).removed;
    },

    async search(tenantId, query, searchOptions) {
      const input = checkSearchInput(tenantId, query, searchOptions, adapter);
      const signal = searchOptions?.signal;
      throwIfAborted(signal);
      if (input.query.trim().length === 0) return [];
      const pool = await handle.get();
      const language = await languageOf(pool, input.tenantId, signal);
      const status = await semanticRanking(pool, signal);
      const depth = status.enabled ? input.limit * 4 : input.limit;
      // websearch_to_tsquery ANDs the words; a customer's question rarely contains every word of
      // the answer, so the words are OR-ed (phrases stay phrases) unless the query excludes a
      // word, where OR would match everything else.
      const textResult = await runPostgresQuery(
        pool,
        `WITH q AS (SELECT websearch_to_tsquery($2::regconfig, $3) AS strict),
              o AS (SELECT CASE WHEN strict::text = '' THEN NULL WHEN strpos(strict::text, '!') > 0 THEN strict ELSE replace(strict::text, ' & ', ' | ')::tsquery END AS query FROM q)
         SELECT document_id, passage_id, title, heading, url, body, tags, ts_rank(search, o.query, 1) AS score
         FROM ${passages}, o
         WHERE tenant_id = $1 AND search @@ o.query AND ($4::text[] IS NULL OR tags && $4::text[])
         ORDER BY score DESC, passage_id
         LIMIT $5`,
        [input.tenantId, language, input.query, input.tags ?? null, depth],
        context(signal),
      );
      const text = textResult.rows as PassageRow[];
      if (!status.enabled || !options.embed) return text.map((row) => toPassage(row, row.score));

      const [vector] = checkEmbeddings(await options.embed([input.query], { signal }), 1, adapter);
      const semanticResult = await runPostgresQuery(
        pool,
        `SELECT document_id, passage_id, title, heading, url, body, tags, 1 - (embedding::vector <=> $2::real[]::vector) AS score
         FROM ${passages}
         WHERE tenant_id = $1 AND embedding IS NOT NULL AND ($3::text[] IS NULL OR tags && $3::text[])
         ORDER BY embedding::vector <=> $2::real[]::vector
         LIMIT $4`,
        [input.tenantId, vector, input.tags ?? null, depth],
        context(signal),
      );
      const byId = new Map<string, PassageRow>();
      const similarity = new Map<string, number>();
      for (const row of text) byId.set(row.passage_id, row);
      for (const row of semanticResult.rows as PassageRow[]) {
        byId.set(row.passage_id, row);
        similarity.set(row.passage_id, Number(row.score));
      }
      return fuseRankings([text.map((row) => row.passage_id), (semanticResult.rows as PassageRow[]).map((row) => row.passage_id)])
        .slice(0, input.limit)
        .map(([passageId, score]) => toPassage(byId.get(passageId)!, score, similarity.get(passageId)));
    },

    async semanticRanking(callOptions) {
      return semanticRanking(await handle.get(), callOptions?.signal);
    },

    end: () => handle.end(),
  };
}

function toPassage(row: PassageRow, score: number, similarity?: number): KnowledgePassage {
  return {
    documentId: row.document_id,
    passageId: row.passage_id,
    title: row.title,
    ...(row.heading ? { heading: row.heading } : {}),
    ...(row.url ? { url: row.url } : {}),
    text: row.body,
    tags: row.tags,
    score: Number(score),
    ...(similarity === undefined ? {} : { similarity }),
  };
}
