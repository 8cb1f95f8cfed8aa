import type { Member } from '../../core/domain.js';
import { fetchSheetValues } from './fetch-sheet-values.js';
import type { SheetsConnectionOptions } from './sheets-connection-options.js';
import { createTabularMemberSource, type TabularMemberSource } from './tabular-member-source.js';
import type { TabularMappingOptions } from './tabular-source-options.js';

/**
 * Options of {@link createSheetsMemberSource}.
 *
 * @example
 * ```ts
 * const options: SheetsMemberSourceOptions = {
 *   tenantId: 'care',
 *   spreadsheetId: process.env.CRM_SHEET_ID!,
 *   range: 'Members!A1:H',
 *   auth: googleAuth,
 *   columns: { client_ref: 'id' },
 *   cacheTtlMs: 60_000,
 *   onRejectedRows: (rows) => console.warn(`CRM sheet rows ${rows.map((row) => row.row).join(', ')} need fixing`),
 * };
 * const members = createSheetsMemberSource(options);
 * ```
 */
export interface SheetsMemberSourceOptions extends SheetsConnectionOptions, TabularMappingOptions<Omit<Member, 'tenantId'>> {}

/**
 * A MemberSource over a Google Sheet (seed 000's CRM sheet), read with the Sheets API v4 through
 * `fetch` — no Google SDK needed. The header row is mapped to {@link Member} fields (see
 * `memberColumns`; unknown columns land in `extra`) and every row is validated by the row schema;
 * rows that fail are reported through `onRejectedRows` and `load()`, never dropped silently.
 *
 * @example
 * ```ts
 * import { createSheetsMemberSource } from 'crmkit/adapters/sheets';
 *
 * const members = createSheetsMemberSource({
 *   tenantId: 'care',
 *   spreadsheetId: process.env.CRM_SHEET_ID!,
 *   range: 'Members!A1:H',
 *   auth: googleAuth, // or accessToken: '…'
 * });
 * const due = await members.list('care', { followUpTo: '2025-11-21' });
 * ```
 */
export function createSheetsMemberSource(options: SheetsMemberSourceOptions): TabularMemberSource {
  return createTabularMemberSource('Google Sheets member source', (signal) => fetchSheetValues(options, signal), options);
}
