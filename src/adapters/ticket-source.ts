import type { Channel, Ticket, TicketPriority } from '../core/domain.js';
import type { StoreCallOptions } from '../core/store-call-options.js';

/**
 * Filters and paging of {@link TicketSource.list}. Every filter given must match.
 *
 * @example
 * ```ts
 * const options: TicketListOptions = {
 *   status: ['open', 'pending'],
 *   channel: ['email', 'chat'],
 *   priority: ['urgent', 'high'],
 *   createdFrom: new Date('2025-11-01T00:00:00Z'),
 *   limit: 50,
 * };
 * const page = await tickets.list('acme', options);
 * ```
 */
export interface TicketListOptions extends StoreCallOptions {
  /** Only tickets with one of these statuses (e.g. `['open', 'pending']`). */
  readonly status?: readonly string[];
  readonly channel?: readonly Channel[];
  readonly priority?: readonly TicketPriority[];
  readonly customerId?: string;
  /** Only tickets carrying every one of these tags. */
  readonly tags?: readonly string[];
  /** Only tickets created at or after this instant. */
  readonly createdFrom?: Date;
  /** Only tickets created before this instant. */
  readonly createdBefore?: Date;
  /**
   * At most this many tickets, oldest first (ranking is the scorer's job, not the source's).
   * @default 100
   */
  readonly limit?: number;
  /**
   * Skip this many matching tickets (paging).
   * @default 0
   */
  readonly offset?: number;
}

/**
 * Options of {@link TicketSource.pastTickets}.
 *
 * @example
 * ```ts
 * const options: PastTicketsOptions = { excludeTicketId: ticket.id, limit: 3 };
 * const history = await tickets.pastTickets('acme', 'c1', options);
 * ```
 */
export interface PastTicketsOptions extends StoreCallOptions {
  /** Leave this ticket out (usually the one being answered). */
  readonly excludeTicketId?: string;
  /**
   * At most this many tickets.
   * @default 5
   */
  readonly limit?: number;
}

/**
 * Where crmkit reads the host's tickets. Every call is scoped by tenant.
 *
 * @example
 * ```ts
 * const source: TicketSource = createMemoryTicketSource({ tickets });
 * const open = await tickets.list('acme', { status: ['open'] });
 * const history = await tickets.pastTickets('acme', 'c1', { excludeTicketId: open[0].id });
 * ```
 */
export interface TicketSource {
  /** Matching tickets, oldest first, ties broken by id. */
  list(tenantId: string, options?: TicketListOptions): Promise<Ticket[]>;
  /** The ticket, or `undefined` when the tenant has none with this id. */
  get(tenantId: string, ticketId: string, options?: StoreCallOptions): Promise<Ticket | undefined>;
  /** The customer's earlier tickets, newest first. */
  pastTickets(tenantId: string, customerId: string, options?: PastTicketsOptions): Promise<Ticket[]>;
}
