import { describe, it, expect } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { createSampleData } from './sample-data.js';

const now = new Date('2025-11-21T09:00:00Z');

// Seed 004's formula, written out here so the scenario is pinned independently of src/scoring.
const urgency = { urgent: 4, high: 3, normal: 1, low: 0.5 } as const;
const difficulty = { easy: 1, normal: 0, complex: -1.5 } as const;
function seedScore(data: ReturnType<typeof createSampleData>, ticketId: string, alerts: readonly string[] = []): number {
  const ticket = data.tickets.find((candidate) => candidate.id === ticketId)!;
  const customer = data.customers.find((candidate) => candidate.id === ticket.customerId)!;
  const hours = (data.now.getTime() - ticket.createdAt.getTime()) / 3_600_000;
  const text = `${ticket.subject} ${ticket.body}`.toLowerCase();
  return (
    customer.churnRisk * 3 +
    (customer.ltv / 1000) * 2 +
    urgency[ticket.priority!] * 1.5 +
    1 / hours +
    difficulty[ticket.difficulty!] +
    (ticket.sentiment! < 0.3 ? 2 : 0) +
    (alerts.some((alert) => text.includes(alert)) ? 5 : 0)
  );
}

describe('createSampleData', () => {
  it('has exactly 13 members due today, 5 New and 8 Follow-up (seed 000)', () => {
    const data = createSampleData({ now });
    expect(data.today).toBe('2025-11-21');
    const dueToday = data.members.filter((member) => member.followUpDate === data.today);
    expect(dueToday).toHaveLength(13);
    expect(dueToday.filter((member) => member.leadStatus === 'New')).toHaveLength(5);
    expect(dueToday.filter((member) => member.leadStatus === 'Follow-up')).toHaveLength(8);
  });

  it('has overdue, upcoming and undated members too', () => {
    const data = createSampleData({ now });
    const dates = data.members.map((member) => member.followUpDate);
    expect(dates.filter((date) => date !== undefined && date < data.today)).toHaveLength(4);
    expect(dates.filter((date) => date !== undefined && date > data.today && date <= '2025-11-24')).toHaveLength(6);
    expect(dates.filter((date) => date === undefined)).toHaveLength(2);
  });

  it('uses unique seed-000-style member ids', () => {
    const data = createSampleData({ now });
    for (const member of data.members) expect(member.id).toMatch(/^MID-\d{4}-\d{2}-\d{2}-\d{4,5}$/);
    expect(new Set(data.members.map((member) => member.id)).size).toBe(data.members.length);
  });

  it('is deterministic for the same options', () => {
    expect(createSampleData({ now, tenantId: 'acme' })).toEqual(createSampleData({ now, tenantId: 'acme' }));
  });

  it('computes today in the given time zone', () => {
    const lateEvening = new Date('2025-11-21T23:30:00Z');
    expect(createSampleData({ now: lateEvening }).today).toBe('2025-11-21');
    expect(createSampleData({ now: lateEvening, timeZone: 'Asia/Tokyo' }).today).toBe('2025-11-22');
    const tokyo = createSampleData({ now: lateEvening, timeZone: 'Asia/Tokyo' });
    expect(tokyo.members.filter((member) => member.followUpDate === '2025-11-22')).toHaveLength(13);
  });

  it('scopes every record to the tenant', () => {
    const data = createSampleData({ now, tenantId: 'acme' });
    const records = [...data.members, ...data.customers, ...data.tickets, ...data.pastTickets, ...data.orders];
    expect(records.every((record) => record.tenantId === 'acme')).toBe(true);
  });

  it("holds seed 004's VIP-at-churn-risk scenario", () => {
    const data = createSampleData({ now });
    const ticket = data.tickets.find((candidate) => candidate.id === 'T-1001')!;
    const jane = data.customers.find((customer) => customer.id === ticket.customerId)!;
    expect(jane).toMatchObject({ name: 'Jane Doe', ltv: 3500, churnRisk: 0.8, vip: true, totalOrders: 18 });
    expect(ticket).toMatchObject({ channel: 'email', priority: 'urgent', difficulty: 'complex', status: 'open' });
    expect(ticket.sentiment!).toBeLessThan(0.3);
    expect(now.getTime() - ticket.createdAt.getTime()).toBe(2 * 3_600_000);
    const order = data.orders.find((candidate) => candidate.id === ticket.orderId)!;
    expect(order).toMatchObject({ number: '54321', totalCents: 15_699, status: 'in_transit', customerId: 'c-jane' });
    expect(data.tracking.find((tracking) => tracking.orderId === order.id)?.description).toBe('No updates for 5 days');
    expect(data.pastTickets.some((past) => past.customerId === 'c-jane')).toBe(false);
  });

  it('ranks the VIP ticket first with 16.4 under the seed formula, and a chargeback alert lifts T-1003', () => {
    const data = createSampleData({ now });
    const scores = data.tickets.map((ticket) => ({ id: ticket.id, score: seedScore(data, ticket.id) }));
    const ranked = [...scores].sort((a, b) => b.score - a.score);
    expect(ranked[0]!.id).toBe('T-1001');
    expect(ranked[0]!.score).toBeCloseTo(16.4, 10);
    expect(ranked[0]!.score - ranked[1]!.score).toBeGreaterThan(1);
    expect(ranked.map((entry) => entry.id)).toEqual(data.tickets.map((ticket) => ticket.id));
    expect(ranked.findIndex((entry) => entry.id === 'T-1003')).toBe(6);
    const alerted = data.tickets.map((ticket) => ({ id: ticket.id, score: seedScore(data, ticket.id, ['chargeback']) })).sort((a, b) => b.score - a.score);
    expect(alerted.map((entry) => entry.id).slice(0, 2)).toEqual(['T-1001', 'T-1003']);
  });

  it('keeps every open ticket at least an hour old so the age term cannot dominate', () => {
    const data = createSampleData({ now });
    for (const ticket of data.tickets) expect(now.getTime() - ticket.createdAt.getTime()).toBeGreaterThanOrEqual(3_600_000);
  });

  it('links every ticket and order to a known customer', () => {
    const data = createSampleData({ now });
    const customerIds = new Set(data.customers.map((customer) => customer.id));
    const orderIds = new Set(data.orders.map((order) => order.id));
    for (const ticket of [...data.tickets, ...data.pastTickets]) {
      expect(customerIds.has(ticket.customerId!)).toBe(true);
      if (ticket.orderId) expect(orderIds.has(ticket.orderId)).toBe(true);
    }
    for (const order of data.orders) expect(customerIds.has(order.customerId)).toBe(true);
  });

  it('rejects bad options with a ValidationError naming each field', () => {
    let caught: unknown;
    try {
      createSampleData({ now: new Date(Number.NaN), timeZone: 'Mars/Olympus', tenantId: '' });
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    const paths = (caught as ValidationError).issues.map((issue) => issue.path);
    expect(paths).toEqual(['now', 'timeZone', 'tenantId']);
  });
});
