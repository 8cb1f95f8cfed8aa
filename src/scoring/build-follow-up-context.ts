import type { FollowUpFilter, Member } from '../core/domain.js';
import { filterFollowUps, type FollowUpFilterOptions, type FollowUpWindow } from './filter-follow-ups.js';
import type { StatusCount } from './format-status-breakdown.js';

/**
 * The CRM data context seed 000 gives its model (and its rule-based fallback) for a follow-up
 * question: how many members the filter selected, which ones, and their lead statuses.
 *
 * @example
 * ```ts
 * const context: FollowUpContext = buildFollowUpContext({ members, filter: 'today', timeZone: 'Europe/London' });
 * `Total records: ${context.total}\nLead statuses: ${formatStatusBreakdown(context.statusBreakdown)}`;
 * ```
 */
export interface FollowUpContext {
  /** Members the filter selected. */
  readonly total: number;
  readonly filter: FollowUpFilter;
  /** The host's time zone and the dates the filter covered. */
  readonly timeZone: string;
  readonly window: FollowUpWindow;
  /** Ids of the selected members, earliest follow-up first. All of them: trim to your prompt budget. */
  readonly memberIds: readonly string[];
  /** Selected members per lead status, most common first (ties: first seen first). */
  readonly statusBreakdown: readonly StatusCount[];
}

/**
 * The label counted for a member whose lead status is blank.
 *
 * @example
 * ```ts
 * context.statusBreakdown.find((row) => row.status === unknownLeadStatus);
 * ```
 */
export const unknownLeadStatus = 'Unknown';

/**
 * Builds seed 000's data context for the assistant and the rule-based responder alike: filters
 * members with {@link filterFollowUps}, then lists their ids and counts them by lead status.
 * Member names, phones and notes are deliberately left out: the ids are what staff look up.
 *
 * @example
 * ```ts
 * import { buildFollowUpContext, formatStatusBreakdown } from 'crmkit/scoring';
 *
 * const context = buildFollowUpContext({ members, filter: 'today', timeZone: 'Europe/London' });
 * // { total: 13, filter: 'today', memberIds: ['MID-2025-11-03-11592', …], statusBreakdown: [{ status: 'Follow-up', count: 8 }, { status: 'New', count: 5 }], … }
 * formatStatusBreakdown(context.statusBreakdown); // 'Follow-up: 8, New: 5'
 * ```
 */
export function buildFollowUpContext(options: FollowUpFilterOptions): FollowUpContext {
  const selection = filterFollowUps(options);
  const counts = new Map<string, number>();
  const memberIds: string[] = [];
  for (const member of selection.members) {
    memberIds.push(member.id);
    const status = statusOf(member);
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  // Map iteration is first-seen order and Array#sort is stable, so equal counts keep it.
  const statusBreakdown = [...counts].map(([status, count]) => ({ status, count })).sort((left, right) => right.count - left.count);
  return {
    total: memberIds.length,
    filter: selection.filter,
    timeZone: options.timeZone,
    window: selection.window,
    memberIds,
    statusBreakdown,
  };
}

function statusOf(member: Member): string {
  const status = typeof member.leadStatus === 'string' ? member.leadStatus.trim() : '';
  return status === '' ? unknownLeadStatus : status;
}
