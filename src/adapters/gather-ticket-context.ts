import { z } from 'zod/v4';
import { abortError, linkSignals, sleep as realSleep } from '../core/abort.js';
import type { Sleep } from '../core/clock.js';
import type { Customer, Order, Ticket, Tracking } from '../core/domain.js';
import { parseInput } from '../core/validate.js';
import type { CustomerSource } from './customer-source.js';
import type { OrderSource } from './order-source.js';
import type { TicketSource } from './ticket-source.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * The pieces of context gathered for a ticket.
 *
 * @example
 * ```ts
 * const labels: Record<TicketContextPart, string> = { customer: 'customer profile', orders: 'orders', tracking: 'tracking', pastTickets: 'past tickets' };
 * for (const gap of context.missing) console.warn(`${labels[gap.part]} unavailable (${gap.reason})`);
 * ```
 */
export type TicketContextPart = 'customer' | 'orders' | 'tracking' | 'pastTickets';

/**
 * Why a piece of context is missing:
 * - `no_source`: no source for it was wired in;
 * - `not_applicable`: nothing to look up (no customer on the ticket, no order to track);
 * - `not_found`: the source had nothing for this ticket;
 * - `timeout`: the source did not answer within its timeout;
 * - `failed`: the source threw (see `error`).
 *
 * @example
 * ```ts
 * const transient: readonly MissingContextReason[] = ['timeout', 'failed'];
 * if (context.missing.some((gap) => transient.includes(gap.reason))) scheduleContextRefresh(ticket.id);
 * ```
 */
export type MissingContextReason = 'no_source' | 'not_applicable' | 'not_found' | 'timeout' | 'failed';

/**
 * A piece of context that could not be gathered, and why.
 *
 * @example
 * ```ts
 * const missing: MissingContext = { part: 'tracking', reason: 'timeout', message: 'tracking did not answer within 2000 ms' };
 * ```
 */
export interface MissingContext {
  readonly part: TicketContextPart;
  readonly reason: MissingContextReason;
  /** For logs; holds no customer data. */
  readonly message: string;
  /** What the source threw, for `failed` (the host's own error, passed through untouched). */
  readonly error?: unknown;
}

/**
 * What {@link gatherTicketContext} found. A part is present when it was gathered (an empty list
 * means "none"), and listed in `missing` otherwise — never both, never neither.
 *
 * @example
 * ```ts
 * const context = await gatherTicketContext({ ticket, sources });
 * if (context.customer?.vip) console.log('VIP');
 * for (const gap of context.missing) console.warn(gap.part, gap.reason);
 * ```
 */
export interface TicketContext {
  readonly ticket: Ticket;
  readonly customer?: Customer;
  /** The customer's recent orders, newest first. */
  readonly orders?: readonly Order[];
  /** Tracking of the ticket's order, or else of the most recent order. */
  readonly tracking?: Tracking;
  /** The customer's earlier tickets, newest first, without this one. */
  readonly pastTickets?: readonly Ticket[];
  readonly missing: readonly MissingContext[];
}

/**
 * Per-part timeouts in milliseconds.
 *
 * @example
 * ```ts
 * const timeouts: TicketContextTimeouts = { customer: 500, orders: 1_000, tracking: 3_000, pastTickets: 1_000 };
 * const context = await gatherTicketContext({ ticket, sources: { customers, orders, tickets }, timeouts });
 * ```
 */
export interface TicketContextTimeouts {
  /** @default 2000 */
  readonly customer?: number;
  /** @default 2000 */
  readonly orders?: number;
  /** @default 2000 */
  readonly tracking?: number;
  /** @default 2000 */
  readonly pastTickets?: number;
}

/**
 * Options of {@link gatherTicketContext}.
 *
 * @example
 * ```ts
 * const options: GatherTicketContextOptions = {
 *   ticket,
 *   sources: { customers, orders, tickets },
 *   timeouts: { tracking: 1_500 },
 *   limits: { orders: 3, pastTickets: 5 },
 *   signal: AbortSignal.timeout(5_000),
 * };
 * const context = await gatherTicketContext(options);
 * ```
 */
export interface GatherTicketContextOptions {
  readonly ticket: Ticket;
  /** Whichever sources the host has; a missing one is reported as `no_source`. */
  readonly sources: {
    readonly customers?: CustomerSource;
    readonly orders?: OrderSource;
    readonly tickets?: TicketSource;
  };
  /** Each part's own timeout; a part that times out is reported missing, the others still arrive. */
  readonly timeouts?: TicketContextTimeouts;
  readonly limits?: {
    /** @default 3 */
    readonly orders?: number;
    /** @default 5 */
    readonly pastTickets?: number;
  };
  /** Cancels everything; the call then rejects (a caller who aborts wants no partial answer). */
  readonly signal?: AbortSignal;
  /**
   * The timer behind the timeouts; inject one in tests so nothing really waits.
   * @default the real, abortable sleep
   */
  readonly sleep?: Sleep;
}

const defaults = { timeoutMs: 2000, orders: 3, pastTickets: 5 } as const;

const timeoutMs = lazyObject(() => z.number().int().positive('Expected a timeout in milliseconds (a positive integer)').max(600_000).optional());
const optionsSchema = lazyObject(() => z.object({
  ticket: z.object({ id: z.string(), tenantId: z.string().min(1) }, { message: 'Expected `ticket` to be a Ticket with `id` and `tenantId`' }),
  sources: z.object({}, { message: 'Expected `sources` to be an object (it may be empty)' }),
  timeouts: z.object({ customer: timeoutMs, orders: timeoutMs, tracking: timeoutMs, pastTickets: timeoutMs }).optional(),
  limits: z.object({ orders: z.number().int().min(1).max(100).optional(), pastTickets: z.number().int().min(1).max(100).optional() }).optional(),
}));

type Outcome<T> = { ok: true; value: T } | { ok: false; missing: MissingContext };

/**
 * Gathers what a reply to `ticket` should know (seed 004): the customer, their recent orders, the
 * shipment's tracking and their past tickets — in parallel, each with its own timeout. One slow or
 * failing source never fails the whole: its part is listed in `missing` with the reason, and the
 * rest is returned. Tracking follows the ticket's `orderId` when it has one (fetched in parallel
 * with the rest), and otherwise the most recent order once the orders are in.
 *
 * @example
 * ```ts
 * import { gatherTicketContext } from 'crmkit/adapters';
 *
 * const context = await gatherTicketContext({
 *   ticket,
 *   sources: { customers, orders, tickets },
 *   timeouts: { tracking: 1500 },
 *   signal: request.signal,
 * });
 * context.missing; // e.g. [{ part: 'tracking', reason: 'timeout', message: 'tracking did not answer within 1500 ms' }]
 * ```
 */
export async function gatherTicketContext(options: GatherTicketContextOptions): Promise<TicketContext> {
  parseInput(optionsSchema, options, 'gatherTicketContext options');
  const { ticket, sources, signal } = options;
  const sleep = options.sleep ?? realSleep;
  if (signal?.aborted) throw abortError(signal);
  const tenantId = ticket.tenantId;
  const customerId = ticket.customerId;
  const { customers: customerSource, orders: orderSource, tickets: ticketSource } = sources;

  const attempt = async <T>(part: TicketContextPart, work: (signal: AbortSignal) => Promise<T | undefined>): Promise<Outcome<T>> => {
    const limitMs = options.timeouts?.[part] ?? defaults.timeoutMs;
    const timer = new AbortController();
    const linked = linkSignals([signal, timer.signal]);
    const timedOut = Symbol('timeout');
    try {
      const result = await Promise.race([
        work(linked.signal),
        sleep(limitMs, timer.signal).then(
          () => timedOut,
          () => timedOut,
        ),
      ]);
      if (result === timedOut) return { ok: false, missing: { part, reason: 'timeout', message: `${part} did not answer within ${limitMs} ms` } };
      if (result === undefined) return { ok: false, missing: { part, reason: 'not_found', message: `the ${part} source has no record for this ticket` } };
      return { ok: true, value: result as T };
    } catch (error) {
      return { ok: false, missing: { part, reason: 'failed', message: `the ${part} source failed`, error } };
    } finally {
      // Stops the timer, and tells a source still working after a timeout to give up.
      timer.abort();
      linked.dispose();
    }
  };
  const skip = <T>(part: TicketContextPart, reason: MissingContextReason, message: string): Promise<Outcome<T>> =>
    Promise.resolve({ ok: false, missing: { part, reason, message } });
  const noCustomer = 'the ticket has no customerId';

  const customer = !customerSource
    ? skip<Customer>('customer', 'no_source', 'no customer source was provided')
    : customerId === undefined
      ? skip<Customer>('customer', 'not_applicable', noCustomer)
      : attempt('customer', (partSignal) => customerSource.get(tenantId, customerId, { signal: partSignal }));
  const orders = !orderSource
    ? skip<Order[]>('orders', 'no_source', 'no order source was provided')
    : customerId === undefined
      ? skip<Order[]>('orders', 'not_applicable', noCustomer)
      : attempt('orders', (partSignal) => orderSource.recentOrders(tenantId, customerId, { limit: options.limits?.orders ?? defaults.orders, signal: partSignal }));
  const pastTickets = !ticketSource
    ? skip<Ticket[]>('pastTickets', 'no_source', 'no ticket source was provided')
    : customerId === undefined
      ? skip<Ticket[]>('pastTickets', 'not_applicable', noCustomer)
      : attempt('pastTickets', (partSignal) =>
          ticketSource.pastTickets(tenantId, customerId, { excludeTicketId: ticket.id, limit: options.limits?.pastTickets ?? defaults.pastTickets, signal: partSignal }),
        );
  const trackOrder = async (source: OrderSource, orderId: string): Promise<Outcome<Tracking>> =>
    attempt('tracking', (partSignal) => source.tracking(tenantId, orderId, { signal: partSignal }));
  const tracking: Promise<Outcome<Tracking>> = !orderSource
    ? skip('tracking', 'no_source', 'no order source was provided')
    : ticket.orderId !== undefined
      ? trackOrder(orderSource, ticket.orderId)
      : orders.then((outcome) => {
          const latest = outcome.ok ? outcome.value[0] : undefined;
          return latest ? trackOrder(orderSource, latest.id) : skip<Tracking>('tracking', 'not_applicable', outcome.ok ? 'the customer has no order to track' : 'no order is known to track');
        });

  const all = Promise.all([customer, orders, tracking, pastTickets]);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError(signal));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const [customerOutcome, ordersOutcome, trackingOutcome, pastOutcome] = await Promise.race([all, aborted]);
    const missing = [customerOutcome, ordersOutcome, trackingOutcome, pastOutcome].flatMap((outcome) => (outcome.ok ? [] : [outcome.missing]));
    return {
      ticket,
      ...(customerOutcome.ok ? { customer: customerOutcome.value } : {}),
      ...(ordersOutcome.ok ? { orders: ordersOutcome.value } : {}),
      ...(trackingOutcome.ok ? { tracking: trackingOutcome.value } : {}),
      ...(pastOutcome.ok ? { pastTickets: pastOutcome.value } : {}),
      missing,
    };
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
