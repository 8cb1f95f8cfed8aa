/**
 * Turns a table (header row + data rows) into validated records and rejected rows.
 *
 * @internal
 */
import { validateWithHostSchema, type HostSchema } from '../../core/host-schema.js';
import type { RejectedRow, TabularLoad } from './tabular-load.js';

/** "Follow-up Date" → `follow_up_date`. */
export function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** How a table maps onto records of type `T`. */
export interface RowMapping<T> {
  readonly tenantId: string;
  /** Normalised header → field name. */
  readonly columns: Readonly<Record<string, string>>;
  readonly schema: HostSchema<T>;
  /** Collect unmapped columns into this field (members keep them in `extra`). */
  readonly extraField?: string;
}

/** Maps `rows` (the first is the header) through `mapping`; blank rows are skipped, bad ones reported. */
export function mapRows<T>(rows: readonly (readonly unknown[])[], mapping: RowMapping<T>): TabularLoad<T & { tenantId: string }> {
  const [header = [], ...data] = rows;
  const fields = header.map((cell) => mapping.columns[normalizeHeader(String(cell ?? ''))]);
  const extraNames = header.map((cell, index) => (fields[index] === undefined && String(cell ?? '').trim() !== '' ? String(cell).trim() : undefined));
  const records: (T & { tenantId: string })[] = [];
  const rejected: RejectedRow[] = [];
  data.forEach((row, offset) => {
    const cells = row.map((cell) => (cell === null || cell === undefined ? '' : String(cell)));
    if (cells.every((cell) => cell.trim() === '')) return;
    const input: Record<string, unknown> = {};
    const extra: Record<string, string> = {};
    header.forEach((_, index) => {
      const value = cells[index] ?? '';
      const field = fields[index];
      // Blank cells stay absent, so optional fields need no special case for ''.
      if (value.trim() === '') return;
      if (field !== undefined) {
        input[field] ??= value;
      } else if (extraNames[index] !== undefined) {
        extra[extraNames[index] as string] = value.trim();
      }
    });
    if (mapping.extraField && Object.keys(extra).length > 0) input[mapping.extraField] = extra;
    const parsed = validateWithHostSchema(mapping.schema, input);
    if (parsed.success) records.push({ ...parsed.data, tenantId: mapping.tenantId });
    else rejected.push({ row: offset + 2, issues: parsed.issues });
  });
  return { records, rejected };
}
