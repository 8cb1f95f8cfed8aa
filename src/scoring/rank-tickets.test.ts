import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Channel, Customer, Ticket, TicketPriority } from '../core/domain.js';
import { ValidationError } from '../core/errors.js';
import { createScorer } from './create-scorer.js';
import { createTopicAlertMatcher } from './create-topic-alert-matcher.js';
import { rankTickets } from './rank-tickets.js';

const now = Date.parse('2025-11-21T12:00:00Z');
const hour = 3_600_000;

function ticketOf(id: string, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id,
    tenantId: 'acme',
    channel: 'email',
    status: 'open',
    subject: `Ticket ${id}`,
    body: 'Where is my order?',
    createdAt: new Date(now - hour),
    ...overrides,
  };
}

const customers: Customer[] = [
  { id: 'vip', tenantId: 'acme', name: 'Jane', ltv: 3500, churnRisk: 0.8 },
  { id: 'new', tenantId: 'acme', name: 'Sam', ltv: 50, churnRisk: 0.1 },
];

describe('rankTickets', () => {
  const inbox = [
    ticketOf('1', { customerId: 'new', priority: 'low' }),
    ticketOf('2', { customerId: 'vip', priority: 'urgent', sentiment: 0.1 }),
    ticketOf('3', { customerId: 'new', priority: 'normal', body: 'I will file a chargeback' }),
    ticketOf('4', { status: 'closed', priority: 'urgent' }),
    ticketOf('5', { channel: 'sms', priority: 'high' }),
  ];

  it("returns seed 004's GET /api/tickets shape, open tickets only, in score order", () => {
    const page = rankTickets({ tickets: inbox, customers, now });
    expect(Object.keys(page)).toEqual(['tickets', 'pagination', 'topic_alerts_active', 'matches']);
    expect(page.tickets.map((ticket) => ticket.id)).toEqual(['2', '5', '3', '1']);
    expect(page.pagination).toEqual({ page: 1, limit: 50, total: 4, has_next: false, has_prev: false });
    expect(page.topic_alerts_active).toEqual([]);
    expect(page.matches).toBe(0);
    expect(page.tickets[0]).toEqual({
      id: '2',
      subject: 'Ticket 2',
      priority: 'urgent',
      channel: 'email',
      status: 'open',
      customer_id: 'vip',
      created_at: '2025-11-21T11:00:00.000Z',
      smart_score: createScorer().explain({ ticket: inbox[1]!, customer: customers[0], now }).total_score,
      matches_topic_alert: false,
      topic_alert_matches: [],
    });
  });

  it('boosts topic-alert matches to the top and counts them', () => {
    const page = rankTickets({ tickets: inbox, customers, now, topicAlerts: 'Chargeback, fraud' });
    // The +5 boost lifts ticket 3 above 5 and 1, though not above the frustrated VIP's urgent ticket.
    expect(page.tickets.map((ticket) => ticket.id)).toEqual(['2', '3', '5', '1']);
    expect(page.tickets[1]).toMatchObject({ id: '3', matches_topic_alert: true, topic_alert_matches: ['chargeback'] });
    expect(page.topic_alerts_active).toEqual(['chargeback', 'fraud']);
    expect(page.matches).toBe(1);
    const compiled = createTopicAlertMatcher({ keywords: ['chargeback'] });
    expect(rankTickets({ tickets: inbox, customers, now, topicAlerts: compiled }).tickets[1]!.id).toBe('3');
    expect(rankTickets({ tickets: inbox, customers, now, topicAlerts: '' }).topic_alerts_active).toEqual([]);
  });

  it('filters by status and channel', () => {
    expect(rankTickets({ tickets: inbox, now, status: 'closed' }).tickets.map((ticket) => ticket.id)).toEqual(['4']);
    expect(rankTickets({ tickets: inbox, now, status: null }).pagination.total).toBe(5);
    expect(rankTickets({ tickets: inbox, now, status: ['open', 'closed'], channel: 'sms' }).tickets.map((ticket) => ticket.id)).toEqual(['5']);
    expect(rankTickets({ tickets: inbox, now, channel: ['email', 'sms'] }).pagination.total).toBe(4);
  });

  it('breaks ties by waiting time, then id', () => {
    const tied = [
      ticketOf('b', { createdAt: new Date(now - hour) }),
      ticketOf('a', { createdAt: new Date(now - hour) }),
      ticketOf('c', { createdAt: new Date(now - hour) }),
    ];
    const flat = createScorer({ weights: { age: 0 } });
    expect(rankTickets({ tickets: tied, now, scorer: flat }).tickets.map((ticket) => ticket.id)).toEqual(['a', 'b', 'c']);
    const older = [...tied, ticketOf('z', { createdAt: new Date(now - 5 * hour) })];
    expect(rankTickets({ tickets: older, now, scorer: flat }).tickets.map((ticket) => ticket.id)).toEqual(['z', 'a', 'b', 'c']);
  });

  it('pages with has_next and has_prev, and returns an empty page past the end', () => {
    const many = Array.from({ length: 7 }, (_, index) => ticketOf(`t${index}`, { createdAt: new Date(now - index * hour) }));
    const second = rankTickets({ tickets: many, now, page: 2, limit: 3 });
    expect(second.pagination).toEqual({ page: 2, limit: 3, total: 7, has_next: true, has_prev: true });
    expect(second.tickets).toHaveLength(3);
    const last = rankTickets({ tickets: many, now, page: 3, limit: 3 });
    expect(last.pagination.has_next).toBe(false);
    expect(last.tickets).toHaveLength(1);
    expect(rankTickets({ tickets: many, now, page: 9, limit: 3 }).tickets).toEqual([]);
  });

  it('accepts customers as a Map or a lookup function, and any iterable of tickets', () => {
    const byId = new Map(customers.map((customer) => [customer.id, customer]));
    const fromMap = rankTickets({ tickets: new Set(inbox), customers: byId, now });
    const fromFunction = rankTickets({ tickets: inbox, customers: (id) => byId.get(id), now });
    expect(fromMap).toEqual(fromFunction);
  });

  it('scores with a null created_at when a ticket date is invalid, instead of failing', () => {
    const page = rankTickets({ tickets: [ticketOf('x', { createdAt: new Date('nope') })], now });
    expect(page.tickets[0]).toMatchObject({ id: 'x', created_at: null });
    expect(Number.isFinite(page.tickets[0]!.smart_score)).toBe(true);
  });

  it('rejects bad options naming each field', () => {
    let caught: unknown;
    try {
      rankTickets({ tickets: 5, page: 0, limit: 2.5, channel: 'fax' } as never);
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    expect((caught as ValidationError).issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['tickets', 'page', 'limit', 'channel']));
    expect(() => rankTickets({ tickets: [], topicAlerts: 'a,,b' })).toThrow(ValidationError);
  });
});

describe('rankTickets (properties)', () => {
  const priorities: (TicketPriority | undefined)[] = ['urgent', 'high', 'normal', 'low', undefined];
  const channelList: Channel[] = ['email', 'sms', 'chat', 'phone'];
  const ticketArbitrary = fc.record({
    id: fc.string({ minLength: 1, maxLength: 3 }),
    status: fc.constantFrom('open', 'closed', 'pending'),
    channel: fc.constantFrom(...channelList),
    priority: fc.constantFrom(...priorities),
    hours: fc.integer({ min: 0, max: 100 }),
    sentiment: fc.option(fc.constantFrom(0.1, 0.5, 0.9), { nil: undefined }),
    customerId: fc.option(fc.constantFrom('vip', 'new'), { nil: undefined }),
    alert: fc.boolean(),
  });
  const inboxArbitrary = fc.array(ticketArbitrary, { maxLength: 60 }).map((rows) =>
    rows.map((row, index) =>
      ticketOf(`${row.id}${index % 3 === 0 ? '' : index}`, {
        status: row.status,
        channel: row.channel,
        priority: row.priority,
        sentiment: row.sentiment,
        customerId: row.customerId,
        createdAt: new Date(now - row.hours * hour),
        body: row.alert ? 'possible fraud here' : 'hello',
      }),
    ),
  );
  const filtered = (tickets: readonly Ticket[]): Ticket[] => tickets.filter((ticket) => ticket.status === 'open');

  it('with one page as large as the inbox, returns a permutation of the filtered input in non-increasing score order', () => {
    fc.assert(
      fc.property(inboxArbitrary, (tickets) => {
        const page = rankTickets({ tickets, customers, now, topicAlerts: 'fraud', limit: tickets.length + 1 });
        const expected = filtered(tickets).map((ticket) => ticket.id).sort();
        expect(page.tickets.map((ticket) => ticket.id).sort()).toEqual(expected);
        for (let index = 1; index < page.tickets.length; index++) {
          expect(page.tickets[index - 1]!.smart_score).toBeGreaterThanOrEqual(page.tickets[index]!.smart_score);
        }
      }),
    );
  });

  it('pages cover every filtered ticket exactly once, in the same order as one big page', () => {
    fc.assert(
      fc.property(inboxArbitrary, fc.integer({ min: 1, max: 9 }), (tickets, limit) => {
        const all = rankTickets({ tickets, customers, now, topicAlerts: 'fraud', limit: 1000 }).tickets;
        const pages = [];
        for (let page = 1; ; page++) {
          const result = rankTickets({ tickets, customers, now, topicAlerts: 'fraud', page, limit });
          pages.push(...result.tickets);
          if (!result.pagination.has_next) break;
        }
        expect(pages).toEqual(all);
        expect(pages).toHaveLength(filtered(tickets).length);
      }),
    );
  });
});
