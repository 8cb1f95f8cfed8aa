import type { TicketPriority } from '../core/domain.js';

/**
 * Why a ticket has its score, in the shape of seed 004's `GET /api/tickets/{id}/score-breakdown`
 * response (snake_case, ready to send as JSON). Numbers are rounded for display
 * (2 decimals by default); `total_score` is the rounded exact total, so it can differ from the
 * sum of the rounded components by a rounding step.
 *
 * @example
 * ```ts
 * const breakdown: ScoreBreakdown = scorer.explain({ ticket, customer });
 * breakdown.components.churn_risk; // 2.4
 * ```
 */
export interface ScoreBreakdown {
  readonly total_score: number;
  /** Weighted contribution of each component, by component name. */
  readonly components: Readonly<Record<string, number>>;
  /** The customer facts used; `null` when the ticket has no (known) customer. */
  readonly customer: { readonly ltv: number; readonly churn_risk: number } | null;
  /** The ticket facts used: the effective priority (after the default) and hours waiting. */
  readonly ticket: { readonly priority: TicketPriority; readonly age_hours: number };
  /**
   * The weights in force: `churn_weight`, `value_weight`, `urgency_weight`, `age_weight`,
   * `difficulty_weight`, `sentiment_boost`, `topic_alert_boost`, and `<name>_weight` for each
   * custom component.
   */
  readonly weights: Readonly<Record<string, number>>;
}
