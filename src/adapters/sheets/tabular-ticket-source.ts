/**
 * A TicketSource over any table loader (sheet or CSV).
 *
 * @internal
 */
import type { z } from 'zod/v4';
import { throwIfAborted } from '../../core/abort.js';
import type { Ticket } from '../../core/domain.js';
import { selectPastTickets, selectTickets } from '../select-tickets.js';
import type { TicketSource } from '../ticket-source.js';
import { createTabularLoader } from './create-tabular-source.js';
import type { TabularSource } from './tabular-load.js';
import type { TabularMappingOptions } from './tabular-source-options.js';
import { ticketColumns, ticketRowSchema } from './ticket-row-schema.js';

/**
 * A TicketSource read from a table, with `load()` for the rejected rows.
 *
 * @example
 * ```ts
 * const tickets: TabularTicketSource = createCsvTicketSource({ tenantId: 'acme', path: './tickets.csv' });
 * const { records, rejected } = await tickets.load();
 * const open = await tickets.list('acme', { status: ['open'] });
 * ```
 */
export type TabularTicketSource = TicketSource & TabularSource<Ticket>;

/** Builds a ticket source from a row reader. */
export function createTabularTicketSource(
  label: string,
  readRows: (signal: AbortSignal | undefined) => Promise<readonly (readonly unknown[])[]>,
  options: TabularMappingOptions<Omit<Ticket, 'tenantId'>>,
): TabularTicketSource {
  const load = createTabularLoader(label, readRows, options, {
    columns: ticketColumns,
    schema: ticketRowSchema as unknown as z.ZodType<Omit<Ticket, 'tenantId'>>,
  });
  const recordsOf = async (tenantId: string, signal: AbortSignal | undefined): Promise<readonly Ticket[]> => {
    throwIfAborted(signal);
    return tenantId === options.tenantId ? (await load(signal)).records : [];
  };
  return {
    load: (loadOptions) => load(loadOptions?.signal),
    list: async (tenantId, listOptions) => selectTickets(await recordsOf(tenantId, listOptions?.signal), listOptions),
    get: async (tenantId, ticketId, callOptions) => (await recordsOf(tenantId, callOptions?.signal)).find((ticket) => ticket.id === ticketId),
    pastTickets: async (tenantId, customerId, pastOptions) => selectPastTickets(await recordsOf(tenantId, pastOptions?.signal), customerId, pastOptions),
  };
}
