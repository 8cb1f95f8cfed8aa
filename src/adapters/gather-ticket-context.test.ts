import { describe, expect, it } from 'vitest';
import type { Sleep } from '../core/clock.js';
import type { Customer, Order, Ticket, Tracking } from '../core/domain.js';
import { ValidationError } from '../core/errors.js';
import type { CustomerSource } from './customer-source.js';
import { gatherTicketContext } from './gather-ticket-context.js';
import { createMemoryCustomerSource } from './memory/create-memory-customer-source.js';
import { createMemoryOrderSource } from './memory/create-memory-order-source.js';
import { createMemoryTicketSource } from './memory/create-memory-ticket-source.js';
import type { OrderSource } from './order-source.js';

const at = (iso: string): Date => new Date(iso);
const jane: Customer = { id: 'c1', tenantId: 'acme', name: 'Jane Doe', ltv: 3500, churnRisk: 0.8, vip: true, totalOrders: 18 };
const ticket: Ticket = { id: 't9', tenantId: 'acme', customerId: 'c1', channel: 'email', status: 'open', subject: 'Order not delivered', body: 'My order #54321 has not arrived yet', createdAt: at('2025-11-21T09:00:00Z') };
const orders: Order[] = [
  { id: 'o1', tenantId: 'acme', customerId: 'c1', number: '54321', totalCents: 15699, currency: 'USD', status: 'in_transit', createdAt: at('2025-11-15T10:00:00Z') },
  { id: 'o0', tenantId: 'acme', customerId: 'c1', number: '50001', totalCents: 2000, currency: 'USD', status: 'delivered', createdAt: at('2025-10-01T10:00:00Z') },
];
const tracking: Tracking[] = [
  { orderId: 'o1', carrier: 'UPS', status: 'in_transit', description: 'No updates for 5 days' },
  { orderId: 'o0', carrier: 'UPS', status: 'delivered' },
];
const past: Ticket[] = [
  { ...ticket, id: 't1', status: 'resolved', subject: 'Wrong size', createdAt: at('2025-09-01T09:00:00Z') },
  { ...ticket, id: 't2', status: 'resolved', subject: 'Late delivery', createdAt: at('2025-10-05T09:00:00Z') },
  ticket,
];
const sources = {
  customers: createMemoryCustomerSource({ customers: [jane] }),
  orders: createMemoryOrderSource({ orders, tracking }),
  tickets: createMemoryTicketSource({ tickets: past }),
};

/** Timeouts of at most 50 ms fire at once; longer ones never fire (until cancelled). Nothing really waits. */
const instantShortTimeouts: Sleep = (ms, signal) =>
  ms <= 50
    ? Promise.resolve()
    : new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('cancelled')), { once: true }));

/** A source call that never answers, but notices when it is told to give up. */
function hanging<T>(seen: AbortSignal[]): (...args: unknown[]) => Promise<T> {
  return (...args) => {
    const signal = (args.at(-1) as { signal: AbortSignal }).signal;
    seen.push(signal);
    return new Promise<T>(() => undefined);
  };
}

describe('gatherTicketContext', () => {
  it("gathers customer, recent orders, the latest order's tracking and past tickets (seed 004)", async () => {
    const context = await gatherTicketContext({ ticket, sources });
    expect(context.customer).toEqual(jane);
    expect(context.orders?.map((order) => order.number)).toEqual(['54321', '50001']);
    expect(context.tracking?.description).toBe('No updates for 5 days');
    expect(context.pastTickets?.map((past) => past.id)).toEqual(['t2', 't1']);
    expect(context.missing).toEqual([]);
  });

  it("tracks the ticket's own order when it names one", async () => {
    const context = await gatherTicketContext({ ticket: { ...ticket, orderId: 'o0' }, sources });
    expect(context.tracking?.status).toBe('delivered');
  });

  it('returns everything else when one source is slow, and tells the slow one to stop', async () => {
    const seen: AbortSignal[] = [];
    const slowCustomers: CustomerSource = { get: hanging(seen) };
    const context = await gatherTicketContext({
      ticket,
      sources: { ...sources, customers: slowCustomers },
      timeouts: { customer: 10 },
      sleep: instantShortTimeouts,
    });
    expect(context.customer).toBeUndefined();
    expect(context.missing).toEqual([{ part: 'customer', reason: 'timeout', message: 'customer did not answer within 10 ms' }]);
    expect(context.orders).toHaveLength(2);
    expect(context.pastTickets).toHaveLength(2);
    expect(seen[0]?.aborted).toBe(true);
  });

  it('reports a failing source with its error and keeps the rest', async () => {
    const boom = new Error('orders API returned 500');
    const failing: OrderSource = { recentOrders: () => Promise.reject(boom), tracking: sources.orders.tracking };
    const context = await gatherTicketContext({ ticket, sources: { ...sources, orders: failing } });
    expect(context.orders).toBeUndefined();
    expect(context.missing).toEqual([
      { part: 'orders', reason: 'failed', message: 'the orders source failed', error: boom },
      { part: 'tracking', reason: 'not_applicable', message: 'no order is known to track' },
    ]);
    expect(context.customer).toEqual(jane);
  });

  it('times out tracking on its own clock, after the orders arrived', async () => {
    const seen: AbortSignal[] = [];
    const slowTracking: OrderSource = { recentOrders: sources.orders.recentOrders, tracking: hanging(seen) };
    const context = await gatherTicketContext({ ticket, sources: { ...sources, orders: slowTracking }, timeouts: { tracking: 20 }, sleep: instantShortTimeouts });
    expect(context.orders).toHaveLength(2);
    expect(context.missing).toEqual([{ part: 'tracking', reason: 'timeout', message: 'tracking did not answer within 20 ms' }]);
  });

  it('says why each part is missing: no source, no customer on the ticket, nothing found', async () => {
    const { customerId: _none, ...anonymous } = ticket;
    const bare = await gatherTicketContext({ ticket: anonymous, sources: { customers: sources.customers } });
    expect(bare.missing.map((gap) => [gap.part, gap.reason])).toEqual([
      ['customer', 'not_applicable'],
      ['orders', 'no_source'],
      ['tracking', 'no_source'],
      ['pastTickets', 'no_source'],
    ]);
    const stranger = await gatherTicketContext({ ticket: { ...ticket, customerId: 'c404' }, sources });
    expect(stranger.missing.map((gap) => [gap.part, gap.reason])).toEqual([
      ['customer', 'not_found'],
      ['tracking', 'not_applicable'],
    ]);
    expect(stranger.orders).toEqual([]);
    expect(stranger.pastTickets).toEqual([]);
  });

  it("never returns another tenant's data for the same ids", async () => {
    const context = await gatherTicketContext({ ticket: { ...ticket, tenantId: 'globex' }, sources });
    expect(context.customer).toBeUndefined();
    expect(context.orders).toEqual([]);
    expect(context.pastTickets).toEqual([]);
  });

  it('rejects as aborted when the caller aborts, without waiting for slow sources', async () => {
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    const pending = gatherTicketContext({ ticket, sources: { ...sources, customers: { get: hanging(seen) } }, signal: controller.signal, sleep: instantShortTimeouts });
    await Promise.resolve();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    expect(seen[0]?.aborted).toBe(true);
    await expect(gatherTicketContext({ ticket, sources, signal: AbortSignal.abort() })).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('validates its options', async () => {
    const error = await gatherTicketContext({ ticket, sources, timeouts: { customer: -1 } }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]?.path).toBe('timeouts.customer');
  });
});
