/**
 * Cell parsers shared by the default row schemas; export-free helpers for this folder.
 *
 * @internal
 */
import { z } from 'zod/v4';
import { lazyObject } from '../../core/lazy-object.js';

/** Blank cells read as absent. */
export const optionalText = lazyObject(() => z
  .string()
  .optional()
  .transform((value) => {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
  }));

/** A required, trimmed, non-empty cell. */
export const requiredText = (what: string): z.ZodType<string> =>
  z
    .string({ message: `Expected ${what}` })
    .trim()
    .min(1, `Expected ${what}`);

function calendarDate(text: string): string | undefined {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** An optional calendar date: `YYYY-MM-DD`, `YYYY/M/D` or an ISO date-time, normalised to `YYYY-MM-DD`. */
export const optionalCalendarDate = optionalText.transform((value, context) => {
  if (value === undefined) return undefined;
  const date = calendarDate(value);
  if (date === undefined) context.addIssue({ code: 'custom', message: 'Expected a date YYYY-MM-DD; override `schema` to accept another format' });
  return date;
});

/** An instant: an ISO date-time, or a calendar date read as midnight UTC. */
export const instant = (what: string): z.ZodType<Date> =>
  requiredText(what).transform((value, context) => {
    const date = calendarDate(value) === value ? new Date(`${value}T00:00:00Z`) : new Date(value);
    if (Number.isNaN(date.getTime())) {
      context.addIssue({ code: 'custom', message: `Expected ${what} as an ISO date-time such as 2025-11-21T09:30:00Z` });
      return z.NEVER;
    }
    return date;
  });
