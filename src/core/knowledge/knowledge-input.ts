/**
 * Input checks every KnowledgeSource implementation shares, so memory, Postgres and a host's own
 * source reject the same inputs with the same messages.
 *
 * @internal
 */
import { z } from 'zod/v4';
import { ValidationError } from '../errors.js';
import { parseInput } from '../validate.js';
import type { KnowledgeDocument, KnowledgeSearchOptions } from './knowledge-source.js';
import { lazyObject } from '../lazy-object.js';

const tenantSchema = lazyObject(() => z.string({ message: 'Expected `tenantId` to be a non-empty string' }).min(1, 'Expected `tenantId` to be a non-empty string').max(200));

const documentSchema = lazyObject(() => z.object({
  id: z.string({ message: 'Expected document `id` to be a string' }).min(1, 'Expected document `id` to be 1–200 characters').max(200, 'Expected document `id` to be 1–200 characters'),
  title: z.string({ message: 'Expected document `title` to be a string' }).trim().min(1, 'Expected a non-empty document `title`').max(500),
  url: z.string().max(2_000).optional(),
  body: z.string({ message: 'Expected document `body` to be a string' }).max(1_000_000, 'Expected document `body` of at most 1,000,000 characters: split the article'),
  tags: z.array(z.string().min(1).max(100)).max(50).optional(),
  updated: z.union([z.string(), z.date()]).optional(),
}));

const indexSchema = lazyObject(() => z.object({
  tenantId: tenantSchema,
  documents: z
    .array(documentSchema, { message: 'Expected `documents` to be an array of { id, title, body, url?, tags?, updated? }' })
    .max(10_000, 'Expected at most 10,000 `documents` per call: index in batches')
    .refine((documents) => new Set(documents.map((document) => document.id)).size === documents.length, 'Expected every document `id` in one call to be unique'),
}));

const removeSchema = lazyObject(() => z.object({ tenantId: tenantSchema, documentIds: z.array(z.string().min(1).max(200), { message: 'Expected `documentIds` to be an array of ids' }).max(10_000) }));

const searchSchema = lazyObject(() => z.object({
  tenantId: tenantSchema,
  query: z.string({ message: 'Expected `query` to be a string' }).max(2_000, 'Expected `query` of at most 2,000 characters'),
  limit: z.number().int('Expected `limit` to be a whole number').min(1, 'Expected `limit` from 1 to 50').max(50, 'Expected `limit` from 1 to 50').default(5),
  tags: z.array(z.string().min(1).max(100)).max(50).optional(),
}));

/** Checks an `index` call. */
export function checkIndexInput(tenantId: unknown, documents: unknown, adapter: string): { tenantId: string; documents: KnowledgeDocument[] } {
  return parseInput(indexSchema, { tenantId, documents }, `${adapter} index input`) as { tenantId: string; documents: KnowledgeDocument[] };
}

/** Checks a `remove` call. */
export function checkRemoveInput(tenantId: unknown, documentIds: unknown, adapter: string): { tenantId: string; documentIds: string[] } {
  return parseInput(removeSchema, { tenantId, documentIds }, `${adapter} remove input`);
}

/** Checks a `search` call and applies the default limit. */
export function checkSearchInput(tenantId: unknown, query: unknown, options: KnowledgeSearchOptions | undefined, adapter: string): { tenantId: string; query: string; limit: number; tags?: string[] } {
  return parseInput(searchSchema, { tenantId, query, limit: options?.limit, tags: options?.tags }, `${adapter} search input`);
}

/** Checks what a host's `embed` function returned: one finite vector per text, all the same length. */
export function checkEmbeddings(vectors: unknown, count: number, adapter: string): number[][] {
  const valid =
    Array.isArray(vectors) &&
    vectors.length === count &&
    vectors.every((vector) => Array.isArray(vector) && vector.length > 0 && vector.length === (vectors[0] as unknown[]).length && vector.every((value) => typeof value === 'number' && Number.isFinite(value)));
  if (!valid) {
    throw new ValidationError(`${adapter} embed result`, [
      { path: 'embed', message: `Expected \`embed\` to return ${count} vector(s) of finite numbers, all of the same length (one per text, in order)` },
    ]);
  }
  return vectors as number[][];
}
