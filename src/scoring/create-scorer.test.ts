import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Customer, Ticket, TicketPriority } from '../core/domain.js';
import { ValidationError } from '../core/errors.js';
import { createScorer } from './create-scorer.js';

const now = Date.parse('2025-11-21T12:00:00Z');
const hour = 3_600_000;

function ticketOf(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 't1',
    tenantId: 'acme',
    customerId: 'c1',
    channel: 'email',
    status: 'open',
    subject: 'Damaged product',
    body: 'It arrived broken',
    createdAt: new Date(now - 2 * hour),
    ...overrides,
  };
}

const jane: Customer = { id: 'c1', tenantId: 'acme', name: 'Jane Doe', ltv: 3500, churnRisk: 0.8 };
const workedExample = ticketOf({ priority: 'urgent', difficulty: 'complex', sentiment: 0.1 });

describe('createScorer: seed preset', () => {
  it("reproduces seed 004's worked example (churn 0.8, LTV $3,500, urgent, 2 h, complex, frustrated → 16.4)", () => {
    const scorer = createScorer({ preset: 'seed' });
    expect(scorer.score({ ticket: workedExample, customer: jane, now })).toBeCloseTo(16.4, 10);
    expect(scorer.explain({ ticket: workedExample, customer: jane, now })).toEqual({
      total_score: 16.4,
      components: { churn_risk: 2.4, customer_value: 7, urgency: 6, age: 0.5, difficulty: -1.5, sentiment: 2, topic_alert: 0 },
      customer: { ltv: 3500, churn_risk: 0.8 },
      ticket: { priority: 'urgent', age_hours: 2 },
      weights: {
        churn_weight: 3,
        value_weight: 2,
        urgency_weight: 1.5,
        age_weight: 1,
        difficulty_weight: 1,
        sentiment_boost: 2,
        topic_alert_boost: 5,
      },
    });
  });

  it('adds the +5 topic-alert boost when the ticket matched an alert', () => {
    const scorer = createScorer({ preset: 'seed' });
    const base = scorer.score({ ticket: workedExample, customer: jane, now });
    expect(scorer.score({ ticket: workedExample, customer: jane, now, topicAlertMatches: ['damaged'] })).toBeCloseTo(base + 5, 10);
  });

  it('keeps the seed age term 1 / hours: a ticket sinks as it waits, and a brand-new one is capped at 60', () => {
    const scorer = createScorer({ preset: 'seed' });
    const at = (hours: number): number => scorer.explain({ ticket: ticketOf({ createdAt: new Date(now - hours * hour) }), now }).components.age!;
    expect(at(1)).toBe(1);
    expect(at(4)).toBe(0.25);
    expect(at(0)).toBe(60);
  });
});

describe('createScorer: default preset', () => {
  it('uses the same weights as the seed and differs only in the age term', () => {
    const seed = createScorer({ preset: 'seed' }).explain({ ticket: workedExample, customer: jane, now });
    const fresh = createScorer().explain({ ticket: workedExample, customer: jane, now });
    expect(fresh.weights).toEqual(seed.weights);
    expect({ ...fresh.components, age: 0 }).toEqual({ ...seed.components, age: 0 });
    expect(fresh.components.age).toBeCloseTo((6 * 2) / (2 + 24), 2);
  });

  it('raises waiting tickets: 0 when new, half the cap after a day, never above the cap', () => {
    const scorer = createScorer();
    const at = (hours: number): number => scorer.explain({ ticket: ticketOf({ createdAt: new Date(now - hours * hour) }), now, }).components.age!;
    expect(at(0)).toBe(0);
    expect(at(24)).toBe(3);
    expect(at(24 * 365 * 100)).toBeLessThanOrEqual(6);
  });

  it('age term never decreases with waiting time and stays within [0, cap] (property)', () => {
    const scorer = createScorer();
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.double({ min: 0, max: 1e7, noNaN: true }), (first, second) => {
        const [shorter, longer] = first <= second ? [first, second] : [second, first];
        const age = (hours: number): number =>
          scorer.score({ ticket: ticketOf({ createdAt: new Date(now - hours * hour) }), now }) -
          scorer.score({ ticket: ticketOf({ createdAt: new Date(now) }), now });
        expect(age(longer)).toBeGreaterThanOrEqual(age(shorter));
        expect(age(longer)).toBeLessThanOrEqual(6);
        expect(age(shorter)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('createScorer: missing and odd data', () => {
  const scorer = createScorer();

  it('scores a ticket without customer, sentiment, priority or difficulty with documented defaults', () => {
    const breakdown = scorer.explain({ ticket: ticketOf({ customerId: undefined, createdAt: new Date(now) }), now });
    expect(breakdown.customer).toBeNull();
    expect(breakdown.ticket.priority).toBe('normal');
    expect(breakdown.components).toEqual({ churn_risk: 0, customer_value: 0, urgency: 1.5, age: 0, difficulty: 0, sentiment: 0, topic_alert: 0 });
    expect(breakdown.total_score).toBe(1.5);
  });

  it('ignores a customer from another tenant', () => {
    const breakdown = scorer.explain({ ticket: ticketOf(), customer: { ...jane, tenantId: 'other' }, now });
    expect(breakdown.customer).toBeNull();
    expect(breakdown.components.customer_value).toBe(0);
  });

  it('treats invalid and future dates as just arrived, and honours an unknown priority as the default', () => {
    const odd = ticketOf({ createdAt: new Date('garbage'), priority: 'critical' as TicketPriority });
    expect(scorer.explain({ ticket: odd, now }).ticket).toEqual({ priority: 'normal', age_hours: 0 });
    expect(scorer.explain({ ticket: ticketOf({ createdAt: new Date(now + 5 * hour) }), now }).ticket.age_hours).toBe(0);
  });

  it('never yields NaN or Infinity, whatever the ticket and customer hold (property)', () => {
    const anyNumber = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e308));
    const seed = createScorer({ preset: 'seed' });
    fc.assert(
      fc.property(
        fc.record({
          churn: anyNumber,
          ltv: anyNumber,
          sentiment: fc.option(anyNumber, { nil: undefined }),
          created: anyNumber,
          now: anyNumber,
          priority: fc.option(fc.constantFrom('urgent', 'high', 'normal', 'low', 'bogus'), { nil: undefined }),
          difficulty: fc.option(fc.constantFrom('easy', 'normal', 'complex', 'weird'), { nil: undefined }),
          withCustomer: fc.boolean(),
        }),
        (input) => {
          const ticket = ticketOf({
            createdAt: new Date(input.created),
            sentiment: input.sentiment,
            priority: input.priority as TicketPriority | undefined,
            difficulty: input.difficulty as Ticket['difficulty'],
          });
          const customer = input.withCustomer ? { ...jane, churnRisk: input.churn, ltv: input.ltv } : undefined;
          for (const candidate of [scorer, seed]) {
            const value = candidate.score({ ticket, customer, now: input.now });
            expect(Number.isFinite(value)).toBe(true);
            const breakdown = candidate.explain({ ticket, customer, now: input.now });
            expect(Number.isFinite(breakdown.total_score)).toBe(true);
            for (const part of Object.values(breakdown.components)) expect(Number.isFinite(part)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('createScorer: monotonicity (property)', () => {
  const ranks: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];
  const scorers = [createScorer(), createScorer({ preset: 'seed' })];
  const situation = fc.record({
    churn: fc.double({ min: 0, max: 1, noNaN: true }),
    ltv: fc.double({ min: 0, max: 1e9, noNaN: true }),
    priority: fc.integer({ min: 0, max: 3 }),
    sentiment: fc.double({ min: 0, max: 1, noNaN: true }),
    hours: fc.double({ min: 0, max: 1e5, noNaN: true }),
  });
  type Situation = { churn: number; ltv: number; priority: number; sentiment: number; hours: number };
  const scoreOf = (scorer: (typeof scorers)[number], s: Situation): number =>
    scorer.score({
      ticket: ticketOf({ priority: ranks[s.priority], sentiment: s.sentiment, createdAt: new Date(now - s.hours * hour) }),
      customer: { ...jane, churnRisk: s.churn, ltv: s.ltv },
      now,
    });

  it('raising churn, LTV or urgency, or lowering sentiment (more frustrated), never lowers a score', () => {
    fc.assert(
      fc.property(situation, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 3 }), (s, churnUp, ltvUp, steps) => {
        for (const scorer of scorers) {
          const base = scoreOf(scorer, s);
          expect(scoreOf(scorer, { ...s, churn: Math.min(1, s.churn + churnUp) })).toBeGreaterThanOrEqual(base);
          expect(scoreOf(scorer, { ...s, ltv: s.ltv + ltvUp })).toBeGreaterThanOrEqual(base);
          expect(scoreOf(scorer, { ...s, priority: Math.min(3, s.priority + steps) })).toBeGreaterThanOrEqual(base);
          expect(scoreOf(scorer, { ...s, sentiment: s.sentiment * churnUp })).toBeGreaterThanOrEqual(base);
        }
      }),
    );
  });
});

describe('createScorer: configuration', () => {
  it('adds custom components and reports them in the breakdown with their weight', () => {
    const scorer = createScorer({
      preset: 'seed',
      components: [{ name: 'vip', weight: 1.5, compute: ({ customer }) => (customer?.vip ? 1 : 0) }],
    });
    const breakdown = scorer.explain({ ticket: workedExample, customer: { ...jane, vip: true }, now });
    expect(breakdown.components.vip).toBe(1.5);
    expect(breakdown.weights.vip_weight).toBe(1.5);
    expect(breakdown.total_score).toBe(17.9);
    expect(scorer.components.map((component) => component.name)).toEqual([
      'churn_risk',
      'customer_value',
      'urgency',
      'age',
      'difficulty',
      'sentiment',
      'topic_alert',
      'vip',
    ]);
  });

  it('lets weights override built-in and custom weights by component name', () => {
    const scorer = createScorer({
      preset: 'seed',
      weights: { churn_risk: 0, topic_alert: 10, vip: 4 },
      components: [{ name: 'vip', compute: () => 1 }],
    });
    const breakdown = scorer.explain({ ticket: workedExample, customer: jane, now, topicAlertMatches: ['x'] });
    expect(breakdown.components).toMatchObject({ churn_risk: 0, topic_alert: 10, vip: 4 });
    expect(breakdown.weights).toMatchObject({ churn_weight: 0, topic_alert_boost: 10, vip_weight: 4 });
  });

  it('counts a custom component returning NaN as 0 and clamps Infinity, so the total stays finite', () => {
    const scorer = createScorer({
      components: [
        { name: 'broken', compute: () => Number.NaN },
        { name: 'huge', compute: () => Number.POSITIVE_INFINITY },
      ],
    });
    const breakdown = scorer.explain({ ticket: workedExample, customer: jane, now });
    expect(breakdown.components.broken).toBe(0);
    expect(Number.isFinite(breakdown.total_score)).toBe(true);
  });

  it('asks the host classifier for difficulty only when the ticket has none', () => {
    const seen: string[] = [];
    const scorer = createScorer({
      classifyDifficulty: (ticket) => {
        seen.push(ticket.id);
        return 'easy';
      },
    });
    expect(scorer.explain({ ticket: ticketOf({ id: 'a' }), now }).components.difficulty).toBe(1);
    expect(scorer.explain({ ticket: ticketOf({ id: 'b', difficulty: 'complex' }), now }).components.difficulty).toBe(-1.5);
    expect(seen).toEqual(['a']);
  });

  it('honours configured urgency levels, value unit, frustration threshold, default priority and precision', () => {
    const scorer = createScorer({
      preset: 'seed',
      urgencyLevels: { urgent: 10 },
      valueUnit: 100,
      frustratedBelow: 0.5,
      defaultPriority: 'low',
      precision: 0,
    });
    const breakdown = scorer.explain({ ticket: ticketOf({ priority: 'urgent', sentiment: 0.4 }), customer: jane, now });
    expect(breakdown.components).toMatchObject({ urgency: 15, customer_value: 70, sentiment: 2 });
    expect(scorer.explain({ ticket: ticketOf(), now }).ticket.priority).toBe('low');
    expect(Number.isInteger(breakdown.total_score)).toBe(true);
  });

  it('uses the injected clock when a call passes no time', () => {
    const scorer = createScorer({ preset: 'seed', clock: { now: () => now } });
    expect(scorer.explain({ ticket: ticketOf() }).ticket.age_hours).toBe(2);
  });

  it('rejects a bad configuration naming every problem with its field path', () => {
    let caught: unknown;
    try {
      createScorer({
        preset: 'fastest',
        weights: { churn: 1, urgency: -1 },
        urgencyLevels: { low: 9 },
        valueUnit: 0,
        age: { curve: 'saturating', halfHours: -1 },
        components: [
          { name: 'Vip Customer', compute: () => 1 },
          { name: 'age', compute: () => 1 },
          { name: 'x', compute: 'nope' },
        ],
        bogus: true,
      } as never);
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    const paths = (caught as ValidationError).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'preset',
        'weights.churn',
        'weights.urgency',
        'urgencyLevels.low',
        'valueUnit',
        'age.halfHours',
        'components[0].name',
        'components[1].name',
        'components[2].compute',
      ]),
    );
    expect((caught as ValidationError).message).toContain('createScorer config');
  });

  it('rejects a score request without a ticket', () => {
    expect(() => createScorer().score({} as never)).toThrow(ValidationError);
  });
});
