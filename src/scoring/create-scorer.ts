import type { Clock } from '../core/clock.js';
import type { Customer, Ticket, TicketPriority } from '../core/domain.js';
import { ValidationError } from '../core/errors.js';
import { clampMagnitude, createBuiltInComponents, effectivePriority } from './built-in-components.js';
import type { ScoreBreakdown } from './score-breakdown.js';
import type { ScoreComponent, ScoreInput } from './score-component.js';
import { resolveScorerConfig, type ScorerConfig, type ScorerPreset } from './scorer-config.js';

/**
 * One ticket to score.
 *
 * @example
 * ```ts
 * const request: ScoreRequest = { ticket, customer, now: new Date(), topicAlertMatches: ['fraud'] };
 * ```
 */
export interface ScoreRequest {
  readonly ticket: Ticket;
  /** The ticket's customer. Ignored when its `tenantId` differs from the ticket's. */
  readonly customer?: Customer | undefined;
  /** @default the scorer's clock */
  readonly now?: Date | number;
  /** Topic-alert keywords the ticket matched, e.g. from `TopicAlertMatcher.match`. @default [] */
  readonly topicAlertMatches?: readonly string[];
}

/**
 * A component as the scorer runs it: name, weight in force, and compute.
 *
 * @example
 * ```ts
 * for (const component of scorer.components) console.log(component.name, component.weight);
 * ```
 */
export interface WeightedScoreComponent extends ScoreComponent {
  readonly weight: number;
}

/**
 * Scores tickets for the smart inbox: a weighted sum of named components (see
 * {@link createScorer}).
 *
 * @example
 * ```ts
 * const scorer = createScorer({ preset: 'seed' });
 * scorer.score({ ticket, customer, now });
 * ```
 */
export interface Scorer {
  readonly preset: ScorerPreset;
  /** Built-ins first, in breakdown order, then custom components. */
  readonly components: readonly WeightedScoreComponent[];
  /** Decimals kept in breakdowns and ranked pages. */
  readonly precision: number;
  /** The source of "now" for calls that pass none. */
  readonly clock: Clock;
  /** The exact score: always a finite number. */
  score(request: ScoreRequest): number;
  /** Why the ticket has its score, as seed 004's score-breakdown response. */
  explain(request: ScoreRequest): ScoreBreakdown;
}

const noMatches: readonly string[] = Object.freeze([]);
const hourMs = 3_600_000;

const builtInWeightKeys: Readonly<Record<string, string>> = {
  churn_risk: 'churn_weight',
  customer_value: 'value_weight',
  urgency: 'urgency_weight',
  age: 'age_weight',
  difficulty: 'difficulty_weight',
  sentiment: 'sentiment_boost',
  topic_alert: 'topic_alert_boost',
};

/** Milliseconds since the epoch of a `createdAt` that may arrive as a Date, a number or an ISO string. @internal */
export function timeOf(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return Number.NaN;
}

/** Hours from `createdAt` to `now`, never negative, 0 when either is not a valid time. @internal */
export function hoursBetween(createdAt: number, now: number): number {
  const hours = (now - createdAt) / hourMs;
  return hours > 0 && hours < Number.POSITIVE_INFINITY ? hours : 0;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  // Values past 2^53 / factor are already coarser than the rounding step.
  return Number.isFinite(rounded) ? rounded : value;
}

/**
 * Creates a smart-inbox scorer (seed 004): `score = Σ weight × component(ticket, customer, now, context)`.
 *
 * The built-in components and their defaults (all configurable, see {@link ScorerConfig}):
 *
 * | component | value | weight |
 * |---|---|---|
 * | `churn_risk` | customer churn risk, 0–1 | 3.0 |
 * | `customer_value` | LTV / 1000 | 2.0 |
 * | `urgency` | urgent 4, high 3, normal 1, low 0.5 | 1.5 |
 * | `age` | `seed`: 1 / hours waiting; `default`: 6 × h / (h + 24) | 1.0 |
 * | `difficulty` | easy +1, normal 0, complex −1.5 | 1.0 |
 * | `sentiment` | 1 when sentiment < 0.3 (frustrated) | 2.0 |
 * | `topic_alert` | 1 when a topic alert matched | 5.0 |
 *
 * The configuration is validated once; a bad one throws a {@link ValidationError} naming every
 * problem. Scoring itself never throws on odd data and never returns NaN or Infinity.
 *
 * @example
 * ```ts
 * import { createScorer } from 'crmkit';
 *
 * const scorer = createScorer({
 *   components: [{ name: 'vip', weight: 1, compute: ({ customer }) => (customer?.vip ? 1 : 0) }],
 * });
 * const breakdown = scorer.explain({ ticket, customer, now: new Date() });
 * console.log(breakdown.total_score, breakdown.components);
 * ```
 */
export function createScorer(config: ScorerConfig = {}): Scorer {
  const resolved = resolveScorerConfig(config);
  const components: WeightedScoreComponent[] = [...createBuiltInComponents(resolved), ...resolved.components].map((component) =>
    Object.freeze({ name: component.name, weight: resolved.weights[component.name] ?? component.weight ?? 1, compute: component.compute }),
  );
  const count = components.length;
  const names = components.map((component) => component.name);
  const weights = components.map((component) => component.weight);
  const computes = components.map((component) => component.compute);
  const weightReport: Record<string, number> = {};
  for (const component of components) weightReport[builtInWeightKeys[component.name] ?? `${component.name}_weight`] = component.weight;
  const { clock, precision, defaultPriority } = resolved;

  function prepare(request: ScoreRequest): ScoreInput {
    if (typeof request !== 'object' || request === null || typeof request.ticket !== 'object' || request.ticket === null) {
      throw new ValidationError('score request', [{ path: 'ticket', message: 'Expected { ticket, customer?, now? } with a ticket object' }]);
    }
    const { ticket } = request;
    const now = request.now === undefined ? clock.now() : timeOf(request.now);
    const customer = request.customer !== undefined && request.customer !== null && request.customer.tenantId === ticket.tenantId ? request.customer : undefined;
    return {
      ticket,
      customer,
      now,
      context: { hoursWaiting: hoursBetween(timeOf(ticket.createdAt), now), topicAlertMatches: request.topicAlertMatches ?? noMatches },
    };
  }

  function contribution(index: number, input: ScoreInput): number {
    return clampMagnitude(weights[index]! * clampMagnitude(computes[index]!(input)));
  }

  return {
    preset: resolved.preset,
    components,
    precision,
    clock,
    score(request) {
      const input = prepare(request);
      let total = 0;
      for (let index = 0; index < count; index++) total += contribution(index, input);
      return total;
    },
    explain(request) {
      const input = prepare(request);
      const parts: Record<string, number> = {};
      let total = 0;
      for (let index = 0; index < count; index++) {
        const value = contribution(index, input);
        total += value;
        parts[names[index]!] = round(value, precision);
      }
      const { customer, ticket } = input;
      const priority: TicketPriority = effectivePriority(ticket.priority, defaultPriority);
      return {
        total_score: round(total, precision),
        components: parts,
        customer: customer === undefined ? null : { ltv: finiteOrZero(customer.ltv), churn_risk: finiteOrZero(customer.churnRisk) },
        ticket: { priority, age_hours: round(input.context.hoursWaiting, precision) },
        weights: { ...weightReport },
      };
    },
  };
}

function finiteOrZero(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
