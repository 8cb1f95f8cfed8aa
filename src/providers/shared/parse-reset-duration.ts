const unitMs: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
const durationPattern = /^(?:(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns))+$/;
const partPattern = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;

/**
 * Parses a Go-style duration as OpenAI sends it in `x-ratelimit-reset-requests` and
 * `x-ratelimit-reset-tokens` (`20ms`, `1s`, `6m0s`, `1h2m3.5s`) into milliseconds, rounded up so
 * a caller that waits that long is never early. Returns `undefined` for anything else.
 *
 * @example
 * ```ts
 * parseResetDuration('6m0s'); // 360000
 * parseResetDuration('20ms'); // 20
 * parseResetDuration('soon'); // undefined
 * ```
 */
export function parseResetDuration(value: string | null | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!durationPattern.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(partPattern)) {
    total += Number(match[1]) * (unitMs[match[2] as string] ?? 0);
  }
  return Math.ceil(total);
}
