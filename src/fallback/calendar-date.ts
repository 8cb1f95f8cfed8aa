/**
 * Calendar-date arithmetic on `YYYY-MM-DD` strings. Follow-up dates have no time of day, so all
 * arithmetic happens on UTC midnights, where every day is exactly 86,400,000 ms long.
 *
 * @internal
 * @packageDocumentation
 */

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

/** Days since the epoch for a valid `YYYY-MM-DD`, or `undefined`. @internal */
export function toEpochDay(date: string | undefined): number | undefined {
  if (date === undefined) return undefined;
  const match = isoDate.exec(date);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Rejects 2025-02-30 and friends, which Date.UTC would silently roll over.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / dayMs;
}

/** `YYYY-MM-DD` of an epoch day. @internal */
export function fromEpochDay(epochDay: number): string {
  return new Date(epochDay * dayMs).toISOString().slice(0, 10);
}

/**
 * Today's `YYYY-MM-DD` at `nowMs` in `timeZone` (an IANA name such as `Europe/London`), using
 * `Intl` only. @internal
 */
export function calendarDateAt(nowMs: number, timeZone = 'UTC'): string {
  if (timeZone === 'UTC') return new Date(nowMs).toISOString().slice(0, 10);
  let format = formats.get(timeZone);
  if (!format) {
    // Building an Intl formatter costs far more than using one.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(nowMs));
  const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
