import { describe, expect, it } from 'vitest';
import { addDays, dayWindow, fromEpochDay, isValidTimeZone, localDate, parseCalendarDate, toEpochDay, weekday } from './calendar.js';

const at = (iso: string): number => Date.parse(iso);

describe('dayWindow', () => {
  it('finds the day and its bounds in UTC', () => {
    expect(dayWindow(at('2025-11-21T13:45:10.123Z'), 'UTC')).toEqual({ day: '2025-11-21', startsAt: at('2025-11-21T00:00:00Z'), endsAt: at('2025-11-22T00:00:00Z') });
  });

  it('follows the time zone: the same instant is a different day in Tokyo and in Los Angeles', () => {
    const instant = at('2025-11-21T23:30:00Z');
    expect(dayWindow(instant, 'Asia/Tokyo')).toEqual({ day: '2025-11-22', startsAt: at('2025-11-21T15:00:00Z'), endsAt: at('2025-11-22T15:00:00Z') });
    expect(dayWindow(instant, 'America/Los_Angeles')).toEqual({ day: '2025-11-21', startsAt: at('2025-11-21T08:00:00Z'), endsAt: at('2025-11-22T08:00:00Z') });
    expect(dayWindow(at('2025-11-21T05:30:00Z'), 'Asia/Kolkata').startsAt).toBe(at('2025-11-20T18:30:00Z'));
  });

  it('spans 23 hours on the spring-forward day and 25 on the fall-back day', () => {
    const spring = dayWindow(at('2025-03-30T12:00:00Z'), 'Europe/Lisbon');
    expect([spring.day, spring.endsAt - spring.startsAt]).toEqual(['2025-03-30', 23 * 3_600_000]);
    const fall = dayWindow(at('2025-10-26T12:00:00Z'), 'Europe/Lisbon');
    expect([fall.day, fall.endsAt - fall.startsAt]).toEqual(['2025-10-26', 25 * 3_600_000]);
    expect(fall.startsAt).toBe(at('2025-10-25T23:00:00Z'));
  });

  it('starts the day at the jump where DST skips midnight (America/Santiago)', () => {
    // On 2025-09-07 Chile moved clocks from 00:00 to 01:00 local (04:00Z).
    const window = dayWindow(at('2025-09-07T12:00:00Z'), 'America/Santiago');
    expect(window.day).toBe('2025-09-07');
    expect(window.startsAt).toBe(at('2025-09-07T04:00:00Z'));
    expect(dayWindow(window.startsAt - 1, 'America/Santiago').day).toBe('2025-09-06');
  });

  it('puts the last millisecond of a day in that day and the reset instant in the next', () => {
    const window = dayWindow(at('2025-11-21T10:00:00Z'), 'Europe/Berlin');
    expect(dayWindow(window.endsAt - 1, 'Europe/Berlin').day).toBe('2025-11-21');
    expect(dayWindow(window.endsAt, 'Europe/Berlin').day).toBe('2025-11-22');
  });

  it('knows valid IANA zones', () => {
    expect(isValidTimeZone('Europe/Lisbon')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('localDate', () => {
  it('reads the calendar date of an instant in the zone, UTC included', () => {
    const instant = at('2025-11-21T23:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2025-11-21');
    expect(localDate(instant, 'Asia/Tokyo')).toBe('2025-11-22');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2025-11-21');
    expect(localDate(at('2025-11-21T05:30:00Z'), 'Asia/Kolkata')).toBe('2025-11-21');
  });

  it('agrees with dayWindow, including both sides of a DST change', () => {
    // New York falls back on 2 November 2025 and springs forward on 9 March 2025.
    for (const iso of ['2025-11-02T03:59:59Z', '2025-11-02T04:00:00Z', '2025-11-03T04:30:00Z', '2025-11-03T05:00:00Z', '2025-03-09T06:59:00Z', '2025-03-10T03:59:00Z']) {
      expect(localDate(at(iso), 'America/New_York')).toBe(dayWindow(at(iso), 'America/New_York').day);
    }
    expect(localDate(at('2025-11-03T04:30:00Z'), 'America/New_York')).toBe('2025-11-02');
    expect(localDate(at('2025-03-10T03:59:00Z'), 'America/New_York')).toBe('2025-03-09');
  });

  it('throws a RangeError for an unknown zone', () => {
    expect(() => localDate(0, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('calendar-date arithmetic', () => {
  it('parses only real YYYY-MM-DD dates', () => {
    expect(parseCalendarDate('2025-11-21')).toBe(at('2025-11-21T00:00:00Z'));
    expect(parseCalendarDate('2024-02-29')).toBe(at('2024-02-29T00:00:00Z'));
    for (const bad of ['2025-02-29', '2025-02-30', '2025-13-01', '2025-1-05', '21/11/2025', '2025-11-21T00:00:00Z', '', undefined, 20_251_121]) {
      expect(parseCalendarDate(bad)).toBeNaN();
    }
  });

  it('adds days across month, year and DST boundaries without drifting', () => {
    expect(addDays('2025-02-27', 2)).toBe('2025-03-01');
    expect(addDays('2024-02-27', 2)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    // The week of the 2025-11-02 fall-back in New York is still seven calendar days.
    expect(addDays('2025-10-27', 6)).toBe('2025-11-02');
    expect(addDays('2025-03-09', 7)).toBe('2025-03-16');
  });

  it('names the weekday, 0 Sunday to 6 Saturday', () => {
    expect(weekday('2025-11-21')).toBe(5);
    expect(weekday('2025-11-02')).toBe(0);
    expect(weekday('2025-11-01')).toBe(6);
  });

  it('turns dates into epoch days and back', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('1970-01-02')).toBe(1);
    expect(toEpochDay('2025-11-21')).toBe(20_413);
    expect(toEpochDay('2025-02-30')).toBeUndefined();
    expect(toEpochDay(undefined)).toBeUndefined();
    expect(fromEpochDay(20_413)).toBe('2025-11-21');
    expect(fromEpochDay(toEpochDay('2024-02-29')! + 1)).toBe('2024-03-01');
  });
});
