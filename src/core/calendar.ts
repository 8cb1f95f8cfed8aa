/**
 * Calendar days in IANA time zones, and calendar-date arithmetic on `YYYY-MM-DD` strings.
 *
 * An instant is read as a local date once, through one cached Intl formatter per zone; after that
 * everything is calendar arithmetic on UTC midnights, where every day is exactly 86,400,000 ms
 * long, so a DST change (a 23- or 25-hour day) can never shift a day or a week boundary. Budgets
 * (daily limits), the smart inbox (follow-up filters), the rule-based fallback and the sample
 * data all read dates through this module, so they agree on what "today" is.
 *
 * @packageDocumentation
 */

const dayMs = 86_400_000;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The formatter for `timeZone`; throws a RangeError for a zone Intl does not know. Building an
 * Intl formatter costs far more than using one, hence the cache; only valid zones are cached.
 */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      // h23, not hour12: false, which some engines render as "24" at midnight.
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  /** The local wall-clock time read as if it were UTC (epoch ms). */
  readonly asUtc: number;
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The wall-clock time at `instant` in `timeZone`. */
function wallClock(instant: number, timeZone: string): WallClock {
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'second') second = Number(part.value);
  }
  const milliseconds = ((instant % 1000) + 1000) % 1000;
  return { asUtc: Date.UTC(year, month - 1, day, hour, minute, second, milliseconds), year, month, day };
}

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function formatUtcDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The first instant whose local date is (year, month, day), across DST shifts. */
function startOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  const target = Date.UTC(year, month - 1, day);
  let guess = target;
  // "Guess, read the offset there, correct" converges on local midnight within two rounds; the
  // third settles the rare zone whose offset changes within a day of the guess.
  for (let round = 0; round < 3; round++) guess = target - (wallClock(guess, timeZone).asUtc - guess);
  const wall = wallClock(guess, timeZone).asUtc;
  // Where a DST jump skips midnight (America/Santiago, Asia/Beirut…), the guess can land on the
  // previous evening: the day then starts at the jump, exactly `target - wall` later.
  if (wall < target) guess += target - wall;
  return guess;
}

/**
 * Whether `timeZone` is an IANA zone this runtime knows (such as `Europe/Lisbon`, or `UTC`).
 *
 * @example
 * ```ts
 * isValidTimeZone('Europe/Lisbon'); // true
 * isValidTimeZone('Mars/Olympus'); // false
 * ```
 */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The calendar date of `instant` (epoch ms) in `timeZone`, as `YYYY-MM-DD`. Throws a RangeError
 * for an unknown zone; check it first with {@link isValidTimeZone}.
 *
 * @example
 * ```ts
 * localDate(Date.parse('2025-11-21T23:30:00Z'), 'Asia/Tokyo'); // '2025-11-22'
 * ```
 * @internal
 */
export function localDate(instant: number, timeZone: string): string {
  // UTC needs no zone data: the ISO string holds the same date without a trip through Intl.
  if (timeZone === 'UTC') return formatUtcDate(instant);
  const { year, month, day } = wallClock(instant, timeZone);
  return formatDate(year, month, day);
}

/**
 * A calendar day in a time zone and the instants it spans.
 *
 * @example
 * ```ts
 * const window: DayWindow = { day: '2025-11-21', startsAt: 1763679600000, endsAt: 1763766000000 };
 * ```
 */
export interface DayWindow {
  /** `YYYY-MM-DD`. */
  readonly day: string;
  /** First instant of the day (epoch ms). */
  readonly startsAt: number;
  /** First instant of the next day (epoch ms): when daily limits reset. */
  readonly endsAt: number;
}

/**
 * The calendar day containing `now` in an IANA time zone, with its first instant and the first
 * instant of the next day (when daily limits reset). Handles days of 23 and 25 hours, and days
 * that start at a DST jump instead of at midnight.
 *
 * @example
 * ```ts
 * dayWindow(Date.parse('2025-11-21T23:30:00Z'), 'Europe/Lisbon').day; // '2025-11-21'
 * dayWindow(Date.parse('2025-11-21T23:30:00Z'), 'Asia/Tokyo').day; // '2025-11-22'
 * ```
 */
export function dayWindow(now: number, timeZone: string): DayWindow {
  const local = wallClock(now, timeZone);
  const startsAt = startOfLocalDay(local.year, local.month, local.day, timeZone);
  const next = new Date(Date.UTC(local.year, local.month - 1, local.day + 1));
  const endsAt = startOfLocalDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
  return { day: formatDate(local.year, local.month, local.day), startsAt, endsAt };
}

/**
 * Milliseconds of `date` at UTC midnight, or NaN when it is not a real `YYYY-MM-DD` date
 * (`2025-02-30` is not).
 *
 * @example
 * ```ts
 * parseCalendarDate('2025-11-21'); // 1763683200000
 * parseCalendarDate('2025-02-30'); // NaN
 * ```
 * @internal
 */
export function parseCalendarDate(date: unknown): number {
  if (typeof date !== 'string') return Number.NaN;
  const match = isoDate.exec(date);
  if (match === null) return Number.NaN;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  // Rejects 2025-02-30 and friends, which Date.UTC would quietly roll over.
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? time : Number.NaN;
}

/**
 * `date` plus `days` calendar days (negative to go back). Throws a RangeError for a date
 * {@link parseCalendarDate} rejects.
 *
 * @example
 * ```ts
 * addDays('2025-02-27', 2); // '2025-03-01'
 * ```
 * @internal
 */
export function addDays(date: string, days: number): string {
  return formatUtcDate(parseCalendarDate(date) + days * dayMs);
}

/**
 * Day of the week of `date`: 0 Sunday … 6 Saturday.
 *
 * @example
 * ```ts
 * weekday('2025-11-21'); // 5 (a Friday)
 * ```
 * @internal
 */
export function weekday(date: string): number {
  return new Date(parseCalendarDate(date)).getUTCDay();
}

/**
 * Days since 1970-01-01 of a real `YYYY-MM-DD` date, or `undefined`: a small integer that orders
 * and subtracts like the dates themselves.
 *
 * @example
 * ```ts
 * toEpochDay('1970-01-02'); // 1
 * toEpochDay('next Tuesday'); // undefined
 * ```
 * @internal
 */
export function toEpochDay(date: string | undefined): number | undefined {
  const time = parseCalendarDate(date);
  return Number.isNaN(time) ? undefined : time / dayMs;
}

/**
 * The `YYYY-MM-DD` date of an epoch day; the inverse of {@link toEpochDay}.
 *
 * @example
 * ```ts
 * fromEpochDay(20_413); // '2025-11-21'
 * ```
 * @internal
 */
export function fromEpochDay(epochDay: number): string {
  return formatUtcDate(epochDay * dayMs);
}
