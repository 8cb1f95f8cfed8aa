import type { Customer, Ticket } from '../core/domain.js';

/**
 * What a score component sees. Derived values (hours waiting, topic-alert matches) are computed
 * once per ticket so components stay cheap and agree with each other.
 *
 * @example
 * ```ts
 * const input: ScoreInput = { ticket, customer, now: Date.now(), context: { hoursWaiting: 2, topicAlertMatches: [] } };
 * ```
 */
export interface ScoreInput {
  readonly ticket: Ticket;
  /** The ticket's customer; `undefined` when unknown or of another tenant. */
  readonly customer: Customer | undefined;
  /** The moment of scoring, in milliseconds since the Unix epoch. */
  readonly now: number;
  readonly context: ScoreContext;
}

/**
 * Per-ticket facts derived by the scorer before the components run.
 *
 * @example
 * ```ts
 * const context: ScoreContext = { hoursWaiting: 2, topicAlertMatches: ['chargeback'] };
 * ```
 */
export interface ScoreContext {
  /** Hours since `ticket.createdAt`, never negative; 0 for a missing or invalid date. */
  readonly hoursWaiting: number;
  /** Topic-alert keywords the ticket matched (empty when no alerts are active). */
  readonly topicAlertMatches: readonly string[];
}

/**
 * One named term of the smart-inbox score. The scorer adds `weight × compute(input)` over all
 * components. `compute` must be pure and fast — it runs once per ticket per ranking. A result
 * that is not a finite number counts as 0 (NaN) or is clamped (±Infinity), so a faulty component
 * can skew the order but never poison it.
 *
 * @example
 * ```ts
 * const vip: ScoreComponent = { name: 'vip', weight: 1.5, compute: ({ customer }) => (customer?.vip ? 1 : 0) };
 * const scorer = createScorer({ components: [vip] });
 * ```
 */
export interface ScoreComponent {
  /** snake_case name, the key of this component in a breakdown, e.g. `vip` or `refund_risk`. */
  readonly name: string;
  /** @default 1 */
  readonly weight?: number;
  readonly compute: (input: ScoreInput) => number;
}
