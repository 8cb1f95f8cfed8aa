/**
 * Ticket filtering shared by the sources that hold every ticket in memory (memory, Sheets, CSV),
 * so they answer the same query the same way.
 *
 * @internal
 */
import { z } from 'zod/v4';
import { parseInput } from '../core/validate.js';
import type { Ticket } from '../core/domain.js';
import type { PastTicketsOptions, TicketListOptions } from './ticket-source.js';
import { lazyObject } from '../core/lazy-object.js';

const listOptionsSchema = lazyObject(() => z.object({
  limit: z.number().int().min(1).max(10_000, 'Expected `limit` between 1 and 10000').default(100),
  offset: z.number().int().nonnegative('Expected `offset` to be a non-negative integer').default(0),
}));
const pastOptionsSchema = lazyObject(() => z.object({
  limit: z.number().int().min(1).max(1000, 'Expected `limit` between 1 and 1000').default(5),
}));

const byCreatedThenId = (a: Ticket, b: Ticket): number => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The page of `tickets` (all of one tenant) that `options` asks for, oldest first. */
export function selectTickets(tickets: readonly Ticket[], options: TicketListOptions = {}): Ticket[] {
  const { limit, offset } = parseInput(listOptionsSchema, { limit: options.limit, offset: options.offset }, 'TicketSource.list options');
  const status = options.status && new Set(options.status);
  const channel = options.channel && new Set(options.channel);
  const priority = options.priority && new Set(options.priority);
  const matches = tickets.filter(
    (ticket) =>
      (!status || status.has(ticket.status)) &&
      (!channel || channel.has(ticket.channel)) &&
      (!priority || (ticket.priority !== undefined && priority.has(ticket.priority))) &&
      (options.customerId === undefined || ticket.customerId === options.customerId) &&
      (!options.tags || options.tags.every((tag) => ticket.tags?.includes(tag))) &&
      (!options.createdFrom || ticket.createdAt.getTime() >= options.createdFrom.getTime()) &&
      (!options.createdBefore || ticket.createdAt.getTime() < options.createdBefore.getTime()),
  );
  return matches.sort(byCreatedThenId).slice(offset, offset + limit);
}

/** The customer's tickets from `tickets` (all of one tenant), newest first. */
export function selectPastTickets(tickets: readonly Ticket[], customerId: string, options: PastTicketsOptions = {}): Ticket[] {
  const { limit } = parseInput(pastOptionsSchema, { limit: options.limit }, 'TicketSource.pastTickets options');
  return tickets
    .filter((ticket) => ticket.customerId === customerId && ticket.id !== options.excludeTicketId)
    .sort((a, b) => byCreatedThenId(b, a))
    .slice(0, limit);
}
