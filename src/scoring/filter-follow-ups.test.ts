import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Member } from '../core/domain.js';
import { ValidationError } from '../core/errors.js';
import { filterFollowUps } from './filter-follow-ups.js';

function memberOf(id: string, followUpDate?: string, leadStatus = 'New'): Member {
  return { id, tenantId: 'care', leadStatus, followUpDate };
}

// Friday 21 November 2025, 12:00 UTC.
const friday = Date.parse('2025-11-21T12:00:00Z');
const members = [
  memberOf('m-today', '2025-11-21'),
  memberOf('m-monday', '2025-11-17'),
  memberOf('m-sunday', '2025-11-23'),
  memberOf('m-next-monday', '2025-11-24'),
  memberOf('m-last-sunday', '2025-11-16'),
  memberOf('m-none'),
  memberOf('m-bad', '2025-02-30'),
];
const ids = (selection: { members: readonly Member[] }): string[] => selection.members.map((member) => member.id);

describe('filterFollowUps', () => {
  it('selects today, this week (Monday start), overdue and all', () => {
    const base = { members, timeZone: 'UTC', now: friday };
    expect(ids(filterFollowUps({ ...base, filter: 'today' }))).toEqual(['m-today']);
    expect(ids(filterFollowUps({ ...base, filter: 'this_week' }))).toEqual(['m-monday', 'm-today', 'm-sunday']);
    expect(ids(filterFollowUps({ ...base, filter: 'overdue' }))).toEqual(['m-last-sunday', 'm-monday']);
    expect(ids(filterFollowUps({ ...base, filter: 'all' }))).toEqual([
      'm-last-sunday',
      'm-monday',
      'm-today',
      'm-sunday',
      'm-next-monday',
      'm-none',
      'm-bad',
    ]);
    expect(filterFollowUps({ ...base, filter: null }).filter).toBe('all');
  });

  it('honours a Sunday week start', () => {
    const selection = filterFollowUps({ members, timeZone: 'UTC', now: friday, filter: 'this_week', weekStartsOn: 0 });
    expect(selection.window).toEqual({ today: '2025-11-21', from: '2025-11-16', to: '2025-11-22' });
    expect(ids(selection)).toEqual(['m-last-sunday', 'm-monday', 'm-today']);
  });

  it("decides 'today' in the host's time zone, not UTC", () => {
    // 03:30 UTC on Nov 21 is still Nov 20 in New York and already Nov 21 in Tokyo.
    const early = Date.parse('2025-11-21T03:30:00Z');
    const list = [memberOf('a', '2025-11-20'), memberOf('b', '2025-11-21')];
    expect(ids(filterFollowUps({ members: list, filter: 'today', timeZone: 'America/New_York', now: early }))).toEqual(['a']);
    expect(ids(filterFollowUps({ members: list, filter: 'today', timeZone: 'Asia/Tokyo', now: early }))).toEqual(['b']);
    expect(ids(filterFollowUps({ members: list, filter: 'overdue', timeZone: 'Asia/Tokyo', now: early }))).toEqual(['a']);
  });

  it('is right on DST-change days and across a DST week', () => {
    // New York falls back on Sunday 2 November 2025 (a 25-hour day) and springs forward on 9 March 2025.
    const list = [memberOf('sat', '2025-11-01'), memberOf('sun', '2025-11-02'), memberOf('mon', '2025-11-03'), memberOf('next-sun', '2025-11-09')];
    const lateSunday = Date.parse('2025-11-03T04:30:00Z'); // 23:30 on Sunday 2 Nov in New York (EST)
    expect(ids(filterFollowUps({ members: list, filter: 'today', timeZone: 'America/New_York', now: lateSunday }))).toEqual(['sun']);
    expect(filterFollowUps({ members: list, filter: 'this_week', timeZone: 'America/New_York', now: lateSunday }).window).toEqual({
      today: '2025-11-02',
      from: '2025-10-27',
      to: '2025-11-02',
    });
    const mondayAfter = Date.parse('2025-11-03T05:00:00Z'); // 00:00 Monday 3 Nov in New York
    expect(ids(filterFollowUps({ members: list, filter: 'this_week', timeZone: 'America/New_York', now: mondayAfter }))).toEqual(['mon', 'next-sun']);
    const springForward = Date.parse('2025-03-10T03:59:00Z'); // 23:59 on Sunday 9 March in New York (EDT)
    expect(filterFollowUps({ members: [], filter: 'today', timeZone: 'America/New_York', now: springForward }).window.today).toBe('2025-03-09');
  });

  it('uses the injected clock when no time is passed', () => {
    expect(ids(filterFollowUps({ members, filter: 'today', timeZone: 'UTC', clock: { now: () => friday } }))).toEqual(['m-today']);
  });

  it('rejects an unknown time zone, filter or week start, naming each field', () => {
    let caught: unknown;
    try {
      filterFollowUps({ members, timeZone: 'Mars/Olympus', filter: 'tomorrow', weekStartsOn: 7 } as never);
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    expect((caught as ValidationError).issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['timeZone', 'filter', 'weekStartsOn']));
  });

  it('puts each dated member in exactly one of overdue, today or later, and today inside this week (property)', () => {
    const date = fc.date({ min: new Date('2024-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }).map((value) => value.toISOString().slice(0, 10));
    const zone = fc.constantFrom('UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham');
    fc.assert(
      fc.property(fc.array(date, { maxLength: 20 }), zone, fc.integer({ min: Date.parse('2024-06-01'), max: Date.parse('2026-06-01') }), fc.integer({ min: 0, max: 6 }), (dates, timeZone, now, weekStartsOn) => {
        const list = dates.map((value, index) => memberOf(`m${index}`, value));
        const select = (filter: 'today' | 'this_week' | 'overdue' | 'all') => filterFollowUps({ members: list, timeZone, now, weekStartsOn, filter });
        const today = select('today');
        const overdue = new Set(ids(select('overdue')));
        const todayIds = new Set(ids(today));
        for (const member of list) {
          const inOverdue = overdue.has(member.id);
          const inToday = todayIds.has(member.id);
          expect(inOverdue && inToday).toBe(false);
          expect(inOverdue).toBe(member.followUpDate! < today.window.today);
          expect(inToday).toBe(member.followUpDate === today.window.today);
        }
        const week = select('this_week');
        expect(ids(week)).toEqual(expect.arrayContaining([...todayIds]));
        expect(week.window.from! <= today.window.today && today.window.today <= week.window.to!).toBe(true);
        expect(select('all').members).toHaveLength(list.length);
      }),
    );
  });
});
