import type { FollowUpFilter } from '../core/domain.js';
import { ValidationError, type ValidationIssue } from '../core/errors.js';
import { fromEpochDay, toEpochDay } from '../core/calendar.js';
import { classifyCrmQuestion, type CrmQuestionIntent } from './classify-crm-question.js';
import type { CrmDataContext, CrmMemberSummary } from './crm-data-context.js';
import { formatIdList } from './format-id-list.js';

/**
 * Options for {@link answerCrmQuestion}.
 *
 * @example
 * ```ts
 * const options: AnswerCrmQuestionOptions = {
 *   query: 'Who do I need to follow up today?',
 *   today: '2025-11-21',
 *   maxIds: 5,
 *   context: { total: 2, filter: 'today', memberIds: ['MID-2025-11-03-11592', 'MID-2025-11-03-8253'], statusBreakdown: { New: 1, 'Follow-up': 1 } },
 * };
 * answerCrmQuestion(options).text; // '2 members need follow-up today: MID-2025-11-03-11592 and MID-2025-11-03-8253. By status: Follow-up 1, New 1.'
 * ```
 */
export interface AnswerCrmQuestionOptions {
  /** The staff member's question, e.g. "Which members should I prioritise and why?". */
  readonly query: string;
  /** The data to answer from. */
  readonly context: CrmDataContext;
  /**
   * Today as `YYYY-MM-DD` in the host's time zone. Needed to rank by overdue-ness, compare today
   * with overdue, and narrow an unfiltered context to the window a question names.
   */
  readonly today?: string;
  /**
   * Most member ids to spell out in one list; the rest are counted ("and 12 more").
   * @default 10
   */
  readonly maxIds?: number;
  /**
   * How many members a prioritisation answer ranks.
   * @default 5
   */
  readonly maxRanked?: number;
  /**
   * Lead statuses from most to least worth a call, compared case- and punctuation-insensitively.
   * Statuses not listed rank after the listed ones, and closed ones (converted, closed, lost…)
   * last.
   * @default ['New', 'Follow-up', 'Interested', 'Contacted', 'Qualified']
   */
  readonly statusOrder?: readonly string[];
}

/**
 * A rule-based answer to a CRM question, shaped like seed 000's chat response.
 *
 * @example
 * ```ts
 * const answer: CrmAnswer = { text: '2 members need follow-up today: MID-1 and MID-2.', intent: 'follow_ups', filter: 'today', memberIds: ['MID-1', 'MID-2'], count: 2 };
 * ```
 */
export interface CrmAnswer {
  /** The answer. Never empty. */
  readonly text: string;
  readonly intent: CrmQuestionIntent;
  /** The follow-up window the answer describes. */
  readonly filter: FollowUpFilter;
  /** The member ids the answer is about, in the order it mentions them (all, not only those spelled out). */
  readonly memberIds: readonly string[];
  /** How many records the answer is about. */
  readonly count: number;
}

const defaultStatusOrder = ['New', 'Follow-up', 'Interested', 'Contacted', 'Qualified'];
const closedStatus = /^(converted|closed|lost|won|notinterested|unqualified|donotcontact|dnc|archived|inactive)$/;
const defaultMaxIds = 10;
const defaultMaxRanked = 5;

const squash = (status: string): string => status.toLowerCase().replace(/[^a-z0-9]/g, '');

interface View {
  readonly filter: FollowUpFilter;
  readonly total: number;
  readonly ids: readonly string[];
  readonly breakdown: Readonly<Record<string, number>>;
  readonly members: readonly CrmMemberSummary[] | undefined;
  /** Set when the question named a window the data could not be narrowed to. */
  readonly note?: string;
}

/**
 * Answers a CRM question from the data context with counts, member ids and the status
 * breakdown: follow-ups, status breakdowns, counts, listings, prioritisation (ranked by
 * overdue-ness and lead status, with the reasons), comparisons of two follow-up windows, and a
 * summary for anything else. Deterministic, offline and never empty.
 *
 * @example
 * ```ts
 * const answer = answerCrmQuestion({
 *   query: 'Which members should I prioritise and why?',
 *   today: '2025-11-21',
 *   context: {
 *     total: 2,
 *     filter: 'all',
 *     memberIds: ['MID-2025-11-03-11592', 'MID-2025-11-04-38351'],
 *     statusBreakdown: { New: 1, 'Follow-up': 1 },
 *     members: [
 *       { id: 'MID-2025-11-03-11592', leadStatus: 'Follow-up', followUpDate: '2025-11-18' },
 *       { id: 'MID-2025-11-04-38351', leadStatus: 'New', followUpDate: '2025-11-21' },
 *     ],
 *   },
 * });
 * console.log(answer.text); // 'Prioritise these 2 members: 1. MID-2025-11-03-11592 (overdue by 3 days, Follow-up) …'
 * ```
 */
export function answerCrmQuestion(options: AnswerCrmQuestionOptions): CrmAnswer {
  checkOptions(options);
  const maxIds = options.maxIds ?? defaultMaxIds;
  const maxRanked = options.maxRanked ?? defaultMaxRanked;
  const today = toEpochDay(options.today);
  const question = classifyCrmQuestion({ query: options.query });
  const statusRank = makeStatusRank(options.statusOrder ?? defaultStatusOrder);
  const context = options.context;

  if (question.intent === 'compare') {
    return compare(context, question.filters, today, maxIds);
  }
  const view = resolveView(context, question.filters[0], today);
  const prefix = view.note ? `${view.note} ` : '';
  const finish = (intent: CrmQuestionIntent, text: string, memberIds: readonly string[] = view.ids): CrmAnswer => ({
    text: prefix + text,
    intent,
    filter: view.filter,
    memberIds,
    count: view.total,
  });

  switch (question.intent) {
    case 'prioritise': {
      const ranked = prioritise(view, today, statusRank, maxRanked, maxIds);
      return finish('prioritise', ranked.text, ranked.ids);
    }
    case 'status_breakdown': {
      if (view.total === 0) return finish('status_breakdown', `${noMembers(view.filter)}, so there is no status breakdown to show.`);
      const breakdown = formatBreakdown(view.breakdown, view.total, true);
      return finish('status_breakdown', `Lead status breakdown for ${membersPhrase(view.total)} ${scopePhrase(view.filter)}: ${breakdown || 'no statuses recorded'}.${idSentence(view.ids, maxIds, view.total)}`);
    }
    case 'count': {
      if (view.total === 0) return finish('count', `${noMembers(view.filter)}.`);
      return finish('count', `${countSentence(view)}.${breakdownSentence(view)}${idSentence(view.ids, maxIds, view.total)}`);
    }
    case 'follow_ups':
    case 'list': {
      if (view.total === 0) return finish(question.intent, `${noMembers(view.filter)}.`);
      const ids = formatIdList(view.ids, maxIds);
      return finish(question.intent, `${countSentence(view)}${ids ? `: ${ids}${unlisted(view.ids, view.total)}` : ''}.${breakdownSentence(view)}`);
    }
    case 'summary': {
      if (view.total === 0) return finish('summary', `${noMembers(view.filter)}. Nothing needs attention in this view.`);
      return finish('summary', `${countSentence(view)}.${breakdownSentence(view)}${timelineSentence(view, today)}${idSentence(view.ids, maxIds, view.total)}`);
    }
  }
}

function checkOptions(options: AnswerCrmQuestionOptions): void {
  const issues: ValidationIssue[] = [];
  // Hand checks: this runs on every degraded call, and zod would dominate its cost.
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('answerCrmQuestion options', [{ path: '', message: 'Expected an options object with `query` and `context`' }]);
  }
  if (typeof options.query !== 'string') issues.push({ path: 'query', message: 'Expected `query` to be a string' });
  const context = options.context as CrmDataContext | undefined;
  if (typeof context !== 'object' || context === null) {
    issues.push({ path: 'context', message: 'Expected `context` to be an object with `total`, `memberIds` and `statusBreakdown`' });
  } else {
    if (!Number.isFinite(context.total) || context.total < 0) issues.push({ path: 'context.total', message: 'Expected `total` to be a non-negative number' });
    if (!Array.isArray(context.memberIds)) issues.push({ path: 'context.memberIds', message: 'Expected `memberIds` to be an array of strings' });
    if (typeof context.statusBreakdown !== 'object' || context.statusBreakdown === null) {
      issues.push({ path: 'context.statusBreakdown', message: 'Expected `statusBreakdown` to be an object of counts, e.g. { New: 5 }' });
    }
    if (context.members !== undefined && !Array.isArray(context.members)) issues.push({ path: 'context.members', message: 'Expected `members` to be an array when given' });
  }
  if (options.today !== undefined && toEpochDay(options.today) === undefined) issues.push({ path: 'today', message: 'Expected `today` as a valid YYYY-MM-DD date' });
  for (const key of ['maxIds', 'maxRanked'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) issues.push({ path: key, message: `Expected \`${key}\` to be a positive integer` });
  }
  if (issues.length > 0) throw new ValidationError('answerCrmQuestion options', issues);
}

function normaliseFilter(filter: string | null | undefined): FollowUpFilter {
  const squashed = (filter ?? '').toLowerCase().replace(/[^a-z]/g, '');
  if (squashed === 'today') return 'today';
  if (squashed === 'thisweek' || squashed === 'week') return 'this_week';
  if (squashed === 'overdue') return 'overdue';
  return 'all';
}

/** Whether a member falls in a follow-up window. This week = today and the next 6 days. */
function inWindow(member: CrmMemberSummary, filter: FollowUpFilter, today: number): boolean {
  if (filter === 'all') return true;
  const day = toEpochDay(member.followUpDate);
  if (day === undefined) return false;
  if (filter === 'today') return day === today;
  if (filter === 'overdue') return day < today;
  return day >= today && day <= today + 6;
}

function breakdownOf(members: readonly CrmMemberSummary[]): Record<string, number> {
  const breakdown: Record<string, number> = {};
  for (const member of members) {
    const status = member.leadStatus?.trim() || 'Unknown';
    breakdown[status] = (breakdown[status] ?? 0) + 1;
  }
  return breakdown;
}

function contextView(context: CrmDataContext): View {
  return {
    filter: normaliseFilter(context.filter),
    total: context.total,
    ids: context.memberIds,
    breakdown: context.statusBreakdown,
    members: context.members,
  };
}

function narrow(context: CrmDataContext, filter: FollowUpFilter, today: number): View {
  const members = (context.members ?? []).filter((member) => inWindow(member, filter, today));
  return { filter, total: members.length, ids: members.map((member) => member.id), breakdown: breakdownOf(members), members };
}

/**
 * The data the answer describes: the context as given, or — when the question names another
 * window and the context holds dated members that cover it — the context narrowed to it.
 */
function resolveView(context: CrmDataContext, asked: FollowUpFilter | undefined, today: number | undefined): View {
  const base = contextView(context);
  if (asked === undefined || asked === base.filter) return base;
  if (canNarrow(context, base.filter, asked, today)) return narrow(context, asked, today as number);
  return { ...base, note: `I only have the ${windowName(base.filter)} view of the data, so this answer covers that instead of ${windowName(asked)}.` };
}

function canNarrow(context: CrmDataContext, from: FollowUpFilter, to: FollowUpFilter, today: number | undefined): boolean {
  if (today === undefined || !context.members || context.members.length !== context.total) return false;
  return from === 'all' || (from === 'this_week' && to === 'today');
}

function windowName(filter: FollowUpFilter): string {
  return { today: "today's follow-ups", this_week: "this week's follow-ups", overdue: 'overdue follow-ups', all: 'full' }[filter];
}

function membersPhrase(count: number): string {
  return `${count} ${count === 1 ? 'member' : 'members'}`;
}

function scopePhrase(filter: FollowUpFilter): string {
  return { today: 'due for follow-up today', this_week: 'due for follow-up this week', overdue: 'with overdue follow-ups', all: 'in the CRM data' }[filter];
}

function countSentence(view: View): string {
  const one = view.total === 1;
  switch (view.filter) {
    case 'today':
      return `${membersPhrase(view.total)} ${one ? 'needs' : 'need'} follow-up today`;
    case 'this_week':
      return `${membersPhrase(view.total)} ${one ? 'needs' : 'need'} follow-up this week`;
    case 'overdue':
      return `${membersPhrase(view.total)} ${one ? 'has an overdue follow-up' : 'have overdue follow-ups'}`;
    case 'all':
      return `${membersPhrase(view.total)} ${one ? 'is' : 'are'} in the CRM data`;
  }
}

function noMembers(filter: FollowUpFilter): string {
  return { today: 'No members need follow-up today', this_week: 'No members need follow-up this week', overdue: 'No members have overdue follow-ups', all: 'There are no members in the CRM data' }[filter];
}

function formatBreakdown(breakdown: Readonly<Record<string, number>>, total: number, withShare: boolean): string {
  const entries = Object.entries(breakdown).filter(([, count]) => Number.isFinite(count) && count > 0);
  entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries
    .map(([status, count]) => (withShare && total > 0 ? `${status} ${count} (${Math.round((count / total) * 100)}%)` : `${status} ${count}`))
    .join(', ');
}

function breakdownSentence(view: View): string {
  const breakdown = formatBreakdown(view.breakdown, view.total, false);
  return breakdown ? ` By status: ${breakdown}.` : '';
}

function idSentence(ids: readonly string[], maxIds: number, total = ids.length): string {
  const list = formatIdList(ids, maxIds);
  return list ? ` Member IDs: ${list}${unlisted(ids, total)}.` : '';
}

/** Says so when the data counts more records than it names, instead of implying the list is complete. */
function unlisted(ids: readonly string[], total: number): string {
  const missing = total - ids.length;
  return ids.length > 0 && missing > 0 ? ` (${missing} more without an ID in the data)` : '';
}

function timelineSentence(view: View, today: number | undefined): string {
  if (today === undefined || !view.members || view.members.length === 0) return '';
  let overdue = 0;
  let dueToday = 0;
  let thisWeek = 0;
  let undated = 0;
  for (const member of view.members) {
    const day = toEpochDay(member.followUpDate);
    if (day === undefined) undated += 1;
    else if (day < today) overdue += 1;
    else if (day === today) dueToday += 1;
    else if (day <= today + 6) thisWeek += 1;
  }
  const parts = [`${overdue} overdue`, `${dueToday} due today`, `${thisWeek} due later this week`];
  if (undated > 0) parts.push(`${undated} without a follow-up date`);
  const advice = overdue > 0 ? ' Clear the overdue ones first.' : dueToday > 0 ? " Start with today's." : '';
  return ` Follow-ups: ${parts.join(', ')}.${advice}`;
}

function makeStatusRank(order: readonly string[]): (status: string | undefined) => number {
  const ranks = new Map(order.map((status, index) => [squash(status), index]));
  return (status) => {
    const key = squash(status ?? '');
    const rank = ranks.get(key);
    if (rank !== undefined) return rank;
    return closedStatus.test(key) ? order.length + 1 : order.length;
  };
}

interface Ranked {
  readonly member: CrmMemberSummary;
  readonly day: number | undefined;
  readonly rank: number;
}

function prioritise(view: View, today: number | undefined, statusRank: (status: string | undefined) => number, maxRanked: number, maxIds: number): { text: string; ids: readonly string[] } {
  if (view.total === 0) return { text: `${noMembers(view.filter)}, so there is nobody to prioritise.`, ids: [] };
  const members = view.members;
  if (!members || members.length === 0) {
    // Without per-member rows the breakdown is all there is: rank statuses, not people.
    const statuses = Object.entries(view.breakdown)
      .filter(([, count]) => count > 0)
      .sort((a, b) => statusRank(a[0]) - statusRank(b[0]) || b[1] - a[1]);
    const order = statuses.map(([status, count]) => `${status} (${count})`).join(', then ');
    const ids = formatIdList(view.ids, maxIds);
    return {
      text: `I have no per-member follow-up dates, so rank by lead status: ${order || 'no statuses recorded'}. ${countSentence(view)}${ids ? `: ${ids}${unlisted(view.ids, view.total)}` : ''}.`,
      ids: view.ids,
    };
  }
  const dated = today !== undefined && members.some((member) => toEpochDay(member.followUpDate) !== undefined);
  const ranked: Ranked[] = members.map((member) => ({ member, day: toEpochDay(member.followUpDate), rank: statusRank(member.leadStatus) }));
  ranked.sort((a, b) => compareRanked(a, b, dated ? today : undefined));
  const top = ranked.slice(0, maxRanked);
  const lines = top.map((entry, index) => `${index + 1}. ${entry.member.id} (${reasonFor(entry, dated ? today : undefined)})`);
  const rest = ranked.length - top.length;
  const why = dated
    ? 'Why: overdue follow-ups come first, longest-waiting first, then those due today and later; on the same day, earlier-stage leads (New before Follow-up before Contacted) come first.'
    : 'Why: without follow-up dates, earlier-stage leads (New before Follow-up before Contacted) come first.';
  const more = rest > 0 ? ` ${rest} more after these.` : '';
  return { text: `Prioritise ${top.length === 1 ? 'this member' : `these ${top.length} members`}: ${lines.join('; ')}.${more} ${why}`, ids: ranked.map((entry) => entry.member.id) };
}

function compareRanked(a: Ranked, b: Ranked, today: number | undefined): number {
  if (today !== undefined) {
    const bucketA = bucket(a.day, today);
    const bucketB = bucket(b.day, today);
    if (bucketA !== bucketB) return bucketA - bucketB;
    if (a.day !== undefined && b.day !== undefined && a.day !== b.day && bucketA === 0) return a.day - b.day;
    if (a.rank !== b.rank) return a.rank - b.rank;
    if (a.day !== undefined && b.day !== undefined && a.day !== b.day) return a.day - b.day;
  } else if (a.rank !== b.rank) return a.rank - b.rank;
  return a.member.id < b.member.id ? -1 : a.member.id > b.member.id ? 1 : 0;
}

/** 0 overdue, 1 due today, 2 upcoming, 3 no date. */
function bucket(day: number | undefined, today: number): number {
  if (day === undefined) return 3;
  if (day < today) return 0;
  return day === today ? 1 : 2;
}

function reasonFor(entry: Ranked, today: number | undefined): string {
  const status = entry.member.leadStatus?.trim() || 'no status';
  if (today === undefined) return status;
  if (entry.day === undefined) return `no follow-up date, ${status}`;
  const delta = entry.day - today;
  if (delta < 0) return `overdue by ${-delta} ${delta === -1 ? 'day' : 'days'}, ${status}`;
  if (delta === 0) return `due today, ${status}`;
  return `due ${fromEpochDay(entry.day)}, ${status}`;
}

function compare(context: CrmDataContext, asked: readonly Exclude<FollowUpFilter, 'all'>[], today: number | undefined, maxIds: number): CrmAnswer {
  const [first, second] = pickPair(asked);
  const base = contextView(context);
  const canSplit = today !== undefined && context.members !== undefined && context.members.length > 0 && base.filter === 'all';
  if (!canSplit) {
    const ids = formatIdList(base.ids, maxIds);
    const missing = today === undefined ? "today's date" : 'per-member follow-up dates across all windows';
    return {
      text: `I can't compare ${windowName(first)} with ${windowName(second)} without ${missing}. What I have: ${countSentence(base)}${ids ? `: ${ids}` : ''}.${breakdownSentence(base)}`,
      intent: 'compare',
      filter: base.filter,
      memberIds: base.ids,
      count: base.total,
    };
  }
  const a = narrow(context, first, today);
  const b = narrow(context, second, today);
  const describe = (view: View): string => {
    const ids = formatIdList(view.ids, maxIds);
    const breakdown = formatBreakdown(view.breakdown, view.total, false);
    return `${capitalise(windowLabel(view.filter))}: ${membersPhrase(view.total)}${breakdown ? ` (${breakdown})` : ''}${ids ? ` — ${ids}` : ''}.`;
  };
  const difference = a.total === b.total ? `Both have ${a.total}.` : `${capitalise(windowLabel(a.total > b.total ? a.filter : b.filter))} has ${Math.abs(a.total - b.total)} more.`;
  const overdueView = a.filter === 'overdue' ? a : b.filter === 'overdue' ? b : undefined;
  const advice = overdueView && overdueView.total > 0 ? ' Clear the overdue ones first; they have already waited.' : '';
  return {
    text: `${describe(a)} ${describe(b)} ${difference}${advice}`,
    intent: 'compare',
    filter: 'all',
    memberIds: [...a.ids, ...b.ids.filter((id) => !a.ids.includes(id))],
    count: a.total + b.total,
  };
}

/** The two windows to compare: the two the question names, else today vs overdue (seed 000). */
function pickPair(asked: readonly Exclude<FollowUpFilter, 'all'>[]): [Exclude<FollowUpFilter, 'all'>, Exclude<FollowUpFilter, 'all'>] {
  const unique = [...new Set(asked)];
  const [first, second] = unique;
  if (first !== undefined && second !== undefined) return [first, second];
  if (first !== undefined) return first === 'overdue' ? ['today', 'overdue'] : [first, 'overdue'];
  return ['today', 'overdue'];
}

function windowLabel(filter: FollowUpFilter): string {
  return { today: 'due today', this_week: 'due this week', overdue: 'overdue', all: 'all members' }[filter];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
