import { describe, expect, it } from 'vitest';
import { dayWindow, isValidTimeZone } from './day-window.js';

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
