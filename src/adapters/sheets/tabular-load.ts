import type { ValidationIssue } from '../../core/errors.js';

/**
 * A row of a sheet or CSV file that did not pass the row schema. Carries the row number and
 * what was wrong with which field, never the cell values (they may be customer data).
 *
 * @example
 * ```ts
 * const rejected: RejectedRow = { row: 7, issues: [{ path: 'followUpDate', message: 'Expected a date YYYY-MM-DD' }] };
 * ```
 */
export interface RejectedRow {
  /** 1-based row number within the range read; the header is row 1. */
  readonly row: number;
  readonly issues: readonly ValidationIssue[];
}

/**
 * Everything read from a sheet or CSV file: the records that passed the row schema and the rows
 * that did not.
 *
 * @example
 * ```ts
 * const { records, rejected } = await members.load();
 * if (rejected.length > 0) console.warn(`${rejected.length} rows need fixing in the sheet`);
 * ```
 */
export interface TabularLoad<T> {
  readonly records: readonly T[];
  readonly rejected: readonly RejectedRow[];
}

/**
 * A source backed by a table (Google Sheet or CSV): the contract's methods plus `load()`, which
 * also returns the rows the schema rejected.
 *
 * @example
 * ```ts
 * const { records, rejected } = await source.load({ signal });
 * ```
 */
export interface TabularSource<T> {
  /** Reads the table (or the cache) and returns valid records and rejected rows. */
  load(options?: { readonly signal?: AbortSignal }): Promise<TabularLoad<T>>;
}
