import { describe, expect, it } from 'vitest';
import { parseResetDuration } from './parse-reset-duration.js';
import { parseRetryAfter, readHeader } from './parse-retry-after.js';

describe('parseResetDuration', () => {
  it.each([
    ['20ms', 20],
    ['1s', 1000],
    ['6m0s', 360_000],
    ['1h2m3.5s', 3_723_500],
    ['0.5s', 500],
    ['1.2ms', 2],
    ['0s', 0],
  ])('%s → %d ms', (value, expected) => {
    expect(parseResetDuration(value)).toBe(expected);
  });

  it.each(['', 'soon', '5', '-1s', '1 s', 's', undefined, null])('rejects %j', (value) => {
    expect(parseResetDuration(value)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');

  it('reads retry-after in seconds, fractional seconds rounded up to ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.25' }))).toBe(250);
  });

  it('reads retry-after as an HTTP date, relative to now', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Sat, 21 Nov 2026 12:00:30 GMT' }), { now })).toBe(30_000);
  });

  it('turns a date in the past or a negative delay into 0', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Sat, 21 Nov 2026 11:00:00 GMT' }), { now })).toBe(0);
    expect(parseRetryAfter(new Headers({ 'retry-after': '-3' }))).toBe(0);
  });

  it('prefers retry-after-ms over retry-after over x-ratelimit-reset-*', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '1500', 'retry-after': '9', 'x-ratelimit-reset-requests': '1m0s' })).toBe(1500);
    expect(parseRetryAfter({ 'retry-after': '9', 'x-ratelimit-reset-requests': '1m0s' })).toBe(9000);
  });

  it('takes the exhausted limit among x-ratelimit-reset-requests / -tokens, else the longer', () => {
    const both = { 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s' };
    expect(parseRetryAfter(both)).toBe(360_000);
    expect(parseRetryAfter({ ...both, 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-remaining-tokens': '500' })).toBe(1000);
    expect(parseRetryAfter({ ...both, 'x-ratelimit-remaining-requests': '3', 'x-ratelimit-remaining-tokens': '0' })).toBe(360_000);
    expect(parseRetryAfter({ 'x-ratelimit-reset-tokens': '20ms' })).toBe(20);
  });

  it('ignores malformed values and says nothing when there are no hints', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'later', 'retry-after-ms': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(new Headers())).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('reads plain records case-insensitively, including array values', () => {
    expect(readHeader({ 'Retry-After': ['3'] }, 'retry-after')).toBe('3');
    expect(parseRetryAfter({ 'Retry-After': '3' })).toBe(3000);
  });
});
