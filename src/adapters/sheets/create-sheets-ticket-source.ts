import type { Ticket } from '../../core/domain.js';
import { fetchSheetValues } from './fetch-sheet-values.js';
import type { SheetsConnectionOptions } from './sheets-connection-options.js';
import { createTabularTicketSource, type TabularTicketSource } from './tabular-ticket-source.js';
import type { TabularMappingOptions } from './tabular-source-options.js';

/**
 * Options of {@link createSheetsTicketSource}.
 *
 * @example
 * ```ts
 * const options: SheetsTicketSourceOptions = {
 *   tenantId: 'acme',
 *   spreadsheetId: sheetId,
 *   range: 'Tickets',
 *   accessToken: () => fetchAccessToken(),
 *   columns: { ticket_ref: 'id' },
 *   timeoutMs: 10_000,
 * };
 * const tickets = createSheetsTicketSource(options);
 * ```
 */
export interface SheetsTicketSourceOptions extends SheetsConnectionOptions, TabularMappingOptions<Omit<Ticket, 'tenantId'>> {}

/**
 * A TicketSource over a Google Sheet, read with the Sheets API v4 through `fetch`. The header row
 * is mapped to {@link Ticket} fields (see `ticketColumns`) and validated by the row schema; rows
 * that fail are reported, never dropped silently.
 *
 * @example
 * ```ts
 * import { createSheetsTicketSource } from 'crmkit/adapters/sheets';
 *
 * const tickets = createSheetsTicketSource({ tenantId: 'acme', spreadsheetId: sheetId, range: 'Tickets', accessToken: token });
 * const open = await tickets.list('acme', { status: ['open'] });
 * ```
 */
export function createSheetsTicketSource(options: SheetsTicketSourceOptions): TabularTicketSource {
  return createTabularTicketSource('Google Sheets ticket source', (signal) => fetchSheetValues(options, signal), options);
}
