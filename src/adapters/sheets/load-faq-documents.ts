import type { KnowledgeDocument } from '../../core/knowledge/knowledge-source.js';
import { AdapterError } from '../adapter-error.js';
import { fetchSheetValues } from './fetch-sheet-values.js';
import { readCsvRows, type CsvInput } from './read-csv-rows.js';
import type { SheetsConnectionOptions } from './sheets-connection-options.js';
import type { RejectedRow } from './tabular-load.js';

/**
 * Options of {@link loadFaqDocuments}: a CSV (`csv`) or a Google Sheet (`sheet`) whose first row
 * names the columns, and which columns hold what (matched case-insensitively).
 *
 * @example
 * ```ts
 * const options: FaqDocumentsOptions = { csv: { path: './faq.csv' }, columns: { question: 'Question', answer: 'Answer', url: 'Link' } };
 * ```
 */
export interface FaqDocumentsOptions {
  /** CSV text or a file path. Give this or `sheet`. */
  readonly csv?: CsvInput;
  /** A sheet range read through the Sheets API. Give this or `csv`. */
  readonly sheet?: SheetsConnectionOptions;
  /** Column names. @default { question: 'question', answer: 'answer', id: 'id', url: 'url', tags: 'tags' } */
  readonly columns?: { readonly question?: string; readonly answer?: string; readonly id?: string; readonly url?: string; readonly tags?: string };
  /** Prefix of generated ids (when the table has no id column). @default 'faq-' */
  readonly idPrefix?: string;
  readonly signal?: AbortSignal;
}

/**
 * FAQ rows as knowledge documents, and the rows that could not be used.
 *
 * @example
 * ```ts
 * const { documents, rejected } = await loadFaqDocuments({ csv: { path: './faq.csv' } });
 * ```
 */
export interface FaqDocuments {
  /** One per row: the question is the title, the answer the body. */
  readonly documents: readonly KnowledgeDocument[];
  /** Rows without a question or an answer, or repeating an id; by row number, never by content. */
  readonly rejected: readonly RejectedRow[];
}

const adapter = 'faq-loader';

/** FNV-1a, base 36: a short, stable id from a question when the table has no id column. */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value.toString(36);
}

/**
 * Reads FAQ rows (question, answer, optional id, url and tags) from a CSV or a Google Sheet and
 * turns each into a {@link KnowledgeDocument} ready for `knowledge.index`. Without an id column,
 * ids are derived from the question text, so re-importing an edited sheet replaces answers in
 * place instead of piling up copies. Tags are split on `,` or `;`.
 *
 * @example
 * ```ts
 * import { createMemoryKnowledgeSource } from 'crmkit';
 * import { loadFaqDocuments } from 'crmkit/adapters/sheets';
 *
 * const { documents, rejected } = await loadFaqDocuments({ csv: { text: 'question,answer\nDo you ship abroad?,Yes: to the EU and the UK.' } });
 * const knowledge = createMemoryKnowledgeSource();
 * await knowledge.index('acme', documents);
 * if (rejected.length > 0) console.warn(`${rejected.length} FAQ rows need a question and an answer`);
 * ```
 */
export async function loadFaqDocuments(options: FaqDocumentsOptions): Promise<FaqDocuments> {
  if ((options.csv === undefined) === (options.sheet === undefined)) {
    throw new AdapterError('loadFaqDocuments: pass exactly one of `csv` ({ text } or { path }) and `sheet` (Sheets connection options)', { kind: 'invalid_state', adapter });
  }
  const rows = options.csv ? await readCsvRows(options.csv, options.signal) : await fetchSheetValues(options.sheet!, options.signal);
  const [header, ...body] = rows;
  if (!header) return { documents: [], rejected: [] };
  const names = { question: 'question', answer: 'answer', id: 'id', url: 'url', tags: 'tags', ...options.columns };
  const position = (name: string): number => header.findIndex((cell) => cell.trim().toLowerCase() === name.trim().toLowerCase());
  const columns = { question: position(names.question), answer: position(names.answer), id: position(names.id), url: position(names.url), tags: position(names.tags) };
  for (const required of ['question', 'answer'] as const) {
    if (columns[required] < 0) {
      throw new AdapterError(`The FAQ table has no \`${names[required]}\` column (header row: ${header.length} columns); name it or set \`columns.${required}\``, { kind: 'invalid_data', adapter });
    }
  }
  const prefix = options.idPrefix ?? 'faq-';
  const documents: KnowledgeDocument[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Set<string>();
  body.forEach((row, index) => {
    const cell = (column: number): string => (column >= 0 ? (row[column] ?? '').trim() : '');
    const question = cell(columns.question);
    const answer = cell(columns.answer);
    const rowNumber = index + 2;
    if (row.every((value) => value.trim() === '')) return;
    const issues = [
      ...(question ? [] : [{ path: names.question, message: 'Expected a question' }]),
      ...(answer ? [] : [{ path: names.answer, message: 'Expected an answer' }]),
    ];
    const id = cell(columns.id) || `${prefix}${hash(question.toLowerCase())}`;
    if (issues.length === 0 && seen.has(id)) issues.push({ path: columns.id >= 0 ? names.id : names.question, message: 'Repeats the id (or question) of an earlier row' });
    if (issues.length > 0) {
      rejected.push({ row: rowNumber, issues });
      return;
    }
    seen.add(id);
    const url = cell(columns.url);
    const tags = cell(columns.tags)
      .split(/[;,]/)
      .map((tag) => tag.trim())
      .filter(Boolean);
    documents.push({ id, title: question, body: answer, ...(url ? { url } : {}), ...(tags.length > 0 ? { tags } : {}) });
  });
  return { documents, rejected };
}
