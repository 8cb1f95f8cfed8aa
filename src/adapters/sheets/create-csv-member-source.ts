import type { Member } from '../../core/domain.js';
import { readCsvRows, type CsvInput } from './read-csv-rows.js';
import { createTabularMemberSource, type TabularMemberSource } from './tabular-member-source.js';
import type { TabularMappingOptions } from './tabular-source-options.js';

/**
 * Options of {@link createCsvMemberSource}: CSV `text` or a file `path`, plus the mapping.
 *
 * @example
 * ```ts
 * const options: CsvMemberSourceOptions = { tenantId: 'care', path: './members.csv', cacheTtlMs: 60_000 };
 * const members = createCsvMemberSource(options);
 * ```
 */
export type CsvMemberSourceOptions = CsvInput & TabularMappingOptions<Omit<Member, 'tenantId'>>;

/**
 * A MemberSource over CSV text or a CSV file (a sheet exported as CSV), parsed with csv-parse and
 * mapped and validated exactly like {@link createSheetsMemberSource}. A file is re-read on every
 * call unless `cacheTtlMs` is set.
 *
 * @example
 * ```ts
 * import { createCsvMemberSource } from 'crmkit/adapters/sheets';
 *
 * const members = createCsvMemberSource({ tenantId: 'care', path: './members.csv' });
 * const { records, rejected } = await members.load();
 * ```
 */
export function createCsvMemberSource(options: CsvMemberSourceOptions): TabularMemberSource {
  return createTabularMemberSource('CSV member source', (signal) => readCsvRows(options, signal), options);
}
