import { throwIfAborted } from '../../core/abort.js';
import type { Ticket } from '../../core/domain.js';
import { selectPastTickets, selectTickets } from '../select-tickets.js';
import type { TicketSource } from '../ticket-source.js';
import { groupByTenant } from './group-by-tenant.js';

/**
 * Options of {@link createMemoryTicketSource}.
 *
 * @example
 * ```ts
 * const options: MemoryTicketSourceOptions = {
 *   tickets: [{ id: 't1', tenantId: 'acme', customerId: 'c1', channel: 'email', status: 'open', subject: 'Order not delivered', body: 'My order #54321 has not arrived yet', createdAt: new Date() }],
 * };
 * const tickets = createMemoryTicketSource(options);
 * ```
 */
export interface MemoryTicketSourceOptions {
  /** The tickets, of any number of tenants. @default [] */
  readonly tickets?: readonly Ticket[];
}

/**
 * A TicketSource over an in-memory list.
 *
 * @example
 * ```ts
 * import { createMemoryTicketSource } from 'crmkit';
 *
 * const tickets = createMemoryTicketSource({ tickets: [ticket] });
 * const open = await tickets.list('acme', { status: ['open'] });
 * ```
 */
export function createMemoryTicketSource(options: MemoryTicketSourceOptions = {}): TicketSource {
  const byTenant = groupByTenant(options.tickets ?? []);
  return {
    async list(tenantId, listOptions) {
      throwIfAborted(listOptions?.signal);
      return selectTickets(byTenant.get(tenantId) ?? [], listOptions);
    },
    async get(tenantId, ticketId, callOptions) {
      throwIfAborted(callOptions?.signal);
      return byTenant.get(tenantId)?.find((ticket) => ticket.id === ticketId);
    },
    async pastTickets(tenantId, customerId, pastOptions) {
      throwIfAborted(pastOptions?.signal);
      return selectPastTickets(byTenant.get(tenantId) ?? [], customerId, pastOptions);
    },
  };
}
