import { z } from 'zod/v4';
import { systemClock, type Clock } from '../core/clock.js';
import { followUpFilters, type FollowUpFilter, type Member } from '../core/domain.js';
import { parseInput } from '../core/validate.js';
import { addDays, isValidTimeZone, localDate, parseCalendarDate, weekday } from '../core/calendar.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Options of {@link filterFollowUps} and `buildFollowUpContext`.
 *
 * @example
 * ```ts
 * const options: FollowUpFilterOptions = { members, filter: 'this_week', timeZone: 'America/New_York', weekStartsOn: 0 };
 * ```
 */
export interface FollowUpFilterOptions {
  /** Members or leads with `followUpDate` as `YYYY-MM-DD` in the host's time zone. */
  readonly members: Iterable<Member>;
  /**
   * `today`, `this_week` (the calendar week containing today), `overdue` (before today) or `all`
   * (no date filter; members without a date included). `null` means `all`, as in seed 000.
   * @default 'all'
   */
  readonly filter?: FollowUpFilter | null;
  /** The host's IANA time zone, e.g. `Europe/London`; decides when "today" starts. Required: UTC is rarely the answer. */
  readonly timeZone: string;
  /** The first day of the week: 0 Sunday, 1 Monday … 6 Saturday. @default 1 (Monday, ISO 8601) */
  readonly weekStartsOn?: number;
  /** @default clock.now() */
  readonly now?: Date | number;
  /** @default systemClock */
  readonly clock?: Clock;
}

/**
 * The date range a follow-up filter selects, inclusive, as `YYYY-MM-DD`; an absent bound is open.
 *
 * @example
 * ```ts
 * const window: FollowUpWindow = { today: '2025-11-21', from: '2025-11-17', to: '2025-11-23' };
 * ```
 */
export interface FollowUpWindow {
  /** Today's date in the host's time zone. */
  readonly today: string;
  readonly from?: string;
  readonly to?: string;
}

/**
 * Members selected by a follow-up filter, with the window that selected them.
 *
 * @example
 * ```ts
 * const { members, window } = filterFollowUps({ members: all, filter: 'today', timeZone: 'Europe/London' });
 * ```
 */
export interface FollowUpSelection {
  readonly filter: FollowUpFilter;
  readonly window: FollowUpWindow;
  /** Earliest follow-up first, members without a date last; otherwise in input order. */
  readonly members: readonly Member[];
}

const optionsSchema = lazyObject(() => z.object({
  members: z.custom<Iterable<Member>>(
    (value) => typeof value === 'object' && value !== null && typeof (value as Iterable<Member>)[Symbol.iterator] === 'function',
    'Expected an array (or iterable) of members',
  ),
  filter: z.enum(followUpFilters as [FollowUpFilter, ...FollowUpFilter[]]).nullable().optional(),
  timeZone: z.string().refine(isValidTimeZone, 'Expected an IANA time zone such as `Europe/London` or `UTC`'),
  weekStartsOn: z.number().int().min(0).max(6).optional(),
  now: z.union([z.date(), z.number()]).optional(),
  clock: z.custom<Clock>((value) => typeof value === 'object' && value !== null && typeof (value as Clock).now === 'function', 'Expected a clock { now(): number }').optional(),
}));

/**
 * Computes the window of a follow-up filter around `today`.
 *
 * @internal
 */
export function followUpWindow(filter: FollowUpFilter, today: string, weekStartsOn: number): FollowUpWindow {
  switch (filter) {
    case 'today':
      return { today, from: today, to: today };
    case 'this_week': {
      const from = addDays(today, -((weekday(today) - weekStartsOn + 7) % 7));
      return { today, from, to: addDays(from, 6) };
    }
    case 'overdue':
      return { today, to: addDays(today, -1) };
    case 'all':
      return { today };
  }
}

/**
 * Selects the members whose follow-up falls in a window — seed 000's `today`, `this_week`,
 * `overdue` and `all` — in the host's IANA time zone.
 *
 * "Today" is the calendar date of `now` in `timeZone`; the week is the calendar week containing
 * it, starting on `weekStartsOn`. Dates are compared as calendar dates, never as instants, so
 * the result is right on DST-change days and around midnight. A member without a valid
 * `followUpDate` is only selected by `all`.
 *
 * @example
 * ```ts
 * import { filterFollowUps } from 'crmkit';
 *
 * const { members } = filterFollowUps({ members: all, filter: 'overdue', timeZone: 'Asia/Kolkata' });
 * console.log(members.map((member) => member.id));
 * ```
 */
export function filterFollowUps(options: FollowUpFilterOptions): FollowUpSelection {
  const parsed = parseInput(optionsSchema, options, 'follow-up filter options');
  const filter = parsed.filter ?? 'all';
  const now = parsed.now === undefined ? (parsed.clock ?? systemClock).now() : parsed.now instanceof Date ? parsed.now.getTime() : parsed.now;
  const today = localDate(now, parsed.timeZone);
  const window = followUpWindow(filter, today, parsed.weekStartsOn ?? 1);
  const from = window.from === undefined ? Number.NEGATIVE_INFINITY : parseCalendarDate(window.from);
  const to = window.to === undefined ? Number.POSITIVE_INFINITY : parseCalendarDate(window.to);

  const dated: { member: Member; time: number; order: number }[] = [];
  const undated: Member[] = [];
  let order = 0;
  for (const member of parsed.members) {
    if (typeof member !== 'object' || member === null) continue;
    const time = parseCalendarDate(member.followUpDate);
    if (time !== time) {
      if (filter === 'all') undated.push(member);
      continue;
    }
    if (time >= from && time <= to) dated.push({ member, time, order: order++ });
  }
  dated.sort((left, right) => left.time - right.time || left.order - right.order);
  return { filter, window, members: [...dated.map((entry) => entry.member), ...undated] };
}
