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

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall-clock time at `instant` in `timeZone`, read as if it were UTC. */
function wallClock(instant: number, timeZone: string): { asUtc: number; year: number; month: number; day: number } {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const milliseconds = ((instant % 1000) + 1000) % 1000;
  return { asUtc: Date.UTC(year, month - 1, day, hour, minute, second, milliseconds), year, month, day };
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
 * The calendar day containing `now` in an IANA time zone, with its first instant and the first
 * instant of the next day (when daily limits reset). Handles days of 23 and 25 hours.
 *
 * @example
 * ```ts
 * dayWindow(Date.parse('2025-11-21T23:30:00Z'), 'Europe/Lisbon').day; // '2025-11-21'
 * dayWindow(Date.parse('2025-11-21T23:30:00Z'), 'Asia/Tokyo').day; // '2025-11-22'
 * ```
 */
export function dayWindow(now: number, timeZone: string): DayWindow {
  const local = wallClock(now, timeZone);
  const day = `${String(local.year).padStart(4, '0')}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
  const startsAt = startOfLocalDay(local.year, local.month, local.day, timeZone);
  const next = new Date(Date.UTC(local.year, local.month - 1, local.day + 1));
  const endsAt = startOfLocalDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
  return { day, startsAt, endsAt };
}

/**
 * Whether `timeZone` is an IANA zone this runtime knows.
 *
 * @example
 * ```ts
 * isValidTimeZone('Europe/Lisbon'); // true
 * isValidTimeZone('Mars/Olympus'); // false
 * ```
 */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}
