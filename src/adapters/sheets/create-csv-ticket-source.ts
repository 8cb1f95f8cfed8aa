import type { Ticket } from '../../core/domain.js';
import { readCsvRows, type CsvInput } from './read-csv-rows.js';
import { createTabularTicketSource, type TabularTicketSource } from './tabular-ticket-source.js';
import type { TabularMappingOptions } from './tabular-source-options.js';

/**
 * Options of {@link createCsvTicketSource}: CSV `text` or a file `path`, plus the mapping.
 *
 * @example
 * ```ts
 * const options: CsvTicketSourceOptions = { tenantId: 'acme', text: await upload.text(), columns: { ticket_ref: 'id' } };
 * const tickets = createCsvTicketSource(options);
 * ```
 */
export type CsvTicketSourceOptions = CsvInput & TabularMappingOptions<Omit<Ticket, 'tenantId'>>;

/**
 * A TicketSource over CSV text or a CSV file, parsed with csv-parse and mapped and validated
 * exactly like {@link createSheetsTicketSource}.
 *
 * @example
 * ```ts
 * import { createCsvTicketSource } from 'crmkit/adapters/sheets';
 *
 * const tickets = createCsvTicketSource({ tenantId: 'acme', text: 'id,channel,subject,body,created_at\n…' });
 * await tickets.list('acme');
 * ```
 */
export function createCsvTicketSource(options: CsvTicketSourceOptions): TabularTicketSource {
  return createTabularTicketSource('CSV ticket source', (signal) => readCsvRows(options, signal), options);
}
