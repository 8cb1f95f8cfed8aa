/**
 * Calendar-date arithmetic on `YYYY-MM-DD` strings. Instants are turned into a local date once,
 * through Intl in the host's time zone; everything after that is pure calendar arithmetic on UTC
 * dates, so a DST change (a 23- or 25-hour day) can never shift a day or a week boundary.
 *
 * @internal
 */

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The Intl formatter for `timeZone`; throws a RangeError for an unknown zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether Intl knows `timeZone` (an IANA name such as `Europe/London`, or `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date of `instant` in `timeZone`, as `YYYY-MM-DD`. */
export function localDate(instant: number, timeZone: string): string {
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${day}`;
}

/** Milliseconds of `date` at UTC midnight, or NaN when it is not a real `YYYY-MM-DD` date. */
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

function formatUtcDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return formatUtcDate(parseCalendarDate(date) + days * 86_400_000);
}

/** Day of the week of `date`: 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  return new Date(parseCalendarDate(date)).getUTCDay();
}
