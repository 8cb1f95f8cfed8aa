import { parseResetDuration } from './parse-reset-duration.js';

/**
 * Anything with a case-insensitive `get`, such as a fetch `Headers`; or a plain record.
 *
 * @example
 * ```ts
 * const headers: HeaderSource = { 'retry-after': '2' }; // or a fetch Headers object
 * ```
 */
export type HeaderSource = { get(name: string): string | null } | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Options for {@link parseRetryAfter}.
 *
 * @example
 * ```ts
 * parseRetryAfter(headers, { now: clock.now() });
 * ```
 */
export interface ParseRetryAfterOptions {
  /** The current time, for `retry-after` given as an HTTP date. @default Date.now() */
  readonly now?: number;
}

/**
 * How long a server asked us to wait, in milliseconds, from its response headers, or
 * `undefined` when it did not say. Precedence, most precise first:
 *
 * 1. `retry-after-ms` (OpenAI, Anthropic): milliseconds.
 * 2. `retry-after`: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * 3. `x-ratelimit-reset-requests` / `x-ratelimit-reset-tokens` (OpenAI, durations such as `6m0s`):
 *    the one whose `x-ratelimit-remaining-*` is `0`, else the longer of the two.
 *
 * Negative values and dates in the past become `0` ("retry now"); malformed values are ignored.
 *
 * @example
 * ```ts
 * parseRetryAfter(new Headers({ 'retry-after': '2' })); // 2000
 * parseRetryAfter({ 'x-ratelimit-reset-tokens': '6m0s' }); // 360000
 * parseRetryAfter(new Headers()); // undefined
 * ```
 */
export function parseRetryAfter(headers: HeaderSource | null | undefined, options: ParseRetryAfterOptions = {}): number | undefined {
  if (!headers) return undefined;
  const read = (name: string): string | undefined => readHeader(headers, name);

  const milliseconds = parseNumber(read('retry-after-ms'));
  if (milliseconds !== undefined) return Math.max(0, Math.ceil(milliseconds));

  const retryAfter = read('retry-after');
  if (retryAfter !== undefined) {
    const seconds = parseNumber(retryAfter);
    if (seconds !== undefined) return Math.max(0, Math.ceil(seconds * 1000));
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - (options.now ?? Date.now()));
  }

  const requests = parseResetDuration(read('x-ratelimit-reset-requests'));
  const tokens = parseResetDuration(read('x-ratelimit-reset-tokens'));
  if (requests === undefined) return tokens;
  if (tokens === undefined) return requests;
  const requestsExhausted = read('x-ratelimit-remaining-requests') === '0';
  const tokensExhausted = read('x-ratelimit-remaining-tokens') === '0';
  if (requestsExhausted && !tokensExhausted) return requests;
  if (tokensExhausted && !requestsExhausted) return tokens;
  return Math.max(requests, tokens);
}

function parseNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * Reads one header, case-insensitively, from a `Headers` object or a plain record.
 *
 * @example
 * ```ts
 * readHeader({ 'X-Request-Id': 'req_1' }, 'x-request-id'); // 'req_1'
 * ```
 */
export function readHeader(headers: HeaderSource | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    if (key.toLowerCase() !== lower || value === undefined) continue;
    return typeof value === 'string' ? value : value.join(', ');
  }
  return undefined;
}
