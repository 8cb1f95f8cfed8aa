import { z } from 'zod/v4';
import { lazyObject } from './lazy-object.js';

/**
 * What a human agent needs when a conversation is handed to them (seeds 001, 003, 004): the
 * customer's problem, what was tried, the order and ticket references, how the customer's mood
 * moved, and the question still open. Built by a model (`source: 'model'`) or by the rules when no
 * model answers (`source: 'rules'`); the references and the sentiment trend are always computed
 * from the transcript, never taken from a model.
 *
 * @example
 * ```ts
 * const summary: HandoffSummary = {
 *   problem: 'Order #54321 has not arrived after 12 days.',
 *   tried: ['Checked tracking: no carrier update for 5 days', 'Offered to open a carrier investigation'],
 *   references: { orders: ['#54321'], tickets: ['T-1001'] },
 *   sentimentTrend: 'worsening',
 *   openQuestion: 'Can you refund me today?',
 *   reason: 'Customer threatens a chargeback',
 *   text: 'Problem: Order #54321 has not arrived after 12 days. …',
 *   source: 'rules',
 * };
 * ```
 */
export interface HandoffSummary {
  /** The customer's problem in a sentence or two. */
  readonly problem: string;
  /** What the assistant (or earlier agents) already tried, oldest first. */
  readonly tried: readonly string[];
  /** Order (`#54321`) and ticket (`T-1001`) references found in the conversation. */
  readonly references: { readonly orders: readonly string[]; readonly tickets: readonly string[] };
  /** How the customer's sentiment moved from their first message to their last. */
  readonly sentimentTrend: 'improving' | 'steady' | 'worsening' | 'unknown';
  /** The question the customer is still waiting on, or null. */
  readonly openQuestion: string | null;
  /** Why the conversation was escalated, as given to `escalate`. */
  readonly reason: string;
  /** All of the above as one short paragraph for a ticket note or a pager message. */
  readonly text: string;
  readonly source: 'model' | 'rules';
}

/**
 * The part of a {@link HandoffSummary} a model writes (structured output): problem, what was tried
 * and the open question.
 *
 * @example
 * ```ts
 * const { object } = await provider.generate({ messages, schema: handoffModelSchema });
 * ```
 */
export const handoffModelSchema = lazyObject(() => z.object({
  problem: z.string().trim().min(1).max(600),
  tried: z.array(z.string().trim().min(1).max(300)).max(8),
  openQuestion: z.string().trim().max(600).nullable(),
}));
