import type { FollowUpFilter } from '../core/domain.js';
import type { Usage } from '../core/types.js';
import type { TrimmedSection } from '../prompts/define-prompt.js';
import type { GroundedReply } from './knowledge-replies.js';

/**
 * The answer of `assistant.ask`: seed 000's response plus where it came from.
 *
 * @example
 * ```ts
 * const { response, memberIds, connected, count } = await assistant.ask({ tenantId: 'care', query: 'Who is overdue?', filter: 'overdue' });
 * ```
 */
export interface AskResult {
  readonly response: string;
  /** Every member the filter selected, earliest follow-up first (never trimmed). */
  readonly memberIds: readonly string[];
  /** True when a model answered; false for the rule-based answer. */
  readonly connected: boolean;
  readonly count: number;
  readonly filter: FollowUpFilter;
  readonly degraded: boolean;
  readonly degradedReason?: string;
  readonly provider: string;
  readonly model: string;
  readonly usage: Usage;
  readonly costMicros?: number;
  /** Sections of the prompt shortened to fit the model's context window (e.g. the member id list). */
  readonly trimmed: readonly TrimmedSection[];
  /** Set for `from: 'knowledge'`: the citations behind `[n]` markers, or why the help center had no answer. */
  readonly knowledge?: GroundedReply;
  /** Set when the content filter blocked the question: no model saw it and `response` is the filter's safe reply. */
  readonly contentFiltered?: { readonly categories: readonly string[] };
}
