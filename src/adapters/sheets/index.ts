/**
 * Google Sheets and CSV sources: members and tickets read from a sheet through the Sheets API v4
 * (plain `fetch`, no Google SDK) or from CSV text or files (csv-parse).
 *
 * @packageDocumentation
 */
export { createSheetsMemberSource } from './create-sheets-member-source.js';
export type { SheetsMemberSourceOptions } from './create-sheets-member-source.js';
export { createSheetsTicketSource } from './create-sheets-ticket-source.js';
export type { SheetsTicketSourceOptions } from './create-sheets-ticket-source.js';
export { createCsvMemberSource } from './create-csv-member-source.js';
export type { CsvMemberSourceOptions } from './create-csv-member-source.js';
export { createCsvTicketSource } from './create-csv-ticket-source.js';
export type { CsvTicketSourceOptions } from './create-csv-ticket-source.js';
export type { CsvInput } from './read-csv-rows.js';
export type { SheetsConnectionOptions } from './sheets-connection-options.js';
export type { TabularMappingOptions } from './tabular-source-options.js';
export type { RejectedRow, TabularLoad, TabularSource } from './tabular-load.js';
export type { TabularMemberSource } from './tabular-member-source.js';
export type { TabularTicketSource } from './tabular-ticket-source.js';
export { memberColumns, memberRowSchema } from './member-row-schema.js';
export { ticketColumns, ticketRowSchema } from './ticket-row-schema.js';
export { loadFaqDocuments } from './load-faq-documents.js';
export type { FaqDocuments, FaqDocumentsOptions } from './load-faq-documents.js';
