/**
 * Limits the fake server enforces, like a vendor's organisation limits.
 *
 * @example
 * ```ts
 * const server = await createFakeProviderServer({ rateLimits: { requestsPerMinute: 60, tokensPerMinute: 40_000 } });
 * ```
 */
export interface FakeRateLimits {
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
}

/** Why a request was refused, and when the window frees up. */
export interface RateRefusal {
  readonly limit: 'requests' | 'tokens';
  readonly retryAfterMs: number;
  readonly resetRequestsMs: number;
  readonly resetTokensMs: number;
  readonly remainingRequests: number;
  readonly remainingTokens: number;
}

/** A sliding one-minute window over requests and tokens. Internal to the fake server. */
export interface RateWindow {
  /** Admits the request (and records it) or says why not. */
  admit(tokens: number): RateRefusal | undefined;
  readonly limits: FakeRateLimits;
}

const windowMs = 60_000;

/** Creates a {@link RateWindow} on the given clock. */
export function createRateWindow(limits: FakeRateLimits, now: () => number): RateWindow {
  const entries: { at: number; tokens: number }[] = [];
  return {
    limits,
    admit(tokens) {
      const time = now();
      while (entries.length > 0 && (entries[0] as { at: number }).at <= time - windowMs) entries.shift();
      const usedTokens = entries.reduce((sum, entry) => sum + entry.tokens, 0);
      const requestLimit = limits.requestsPerMinute ?? Number.POSITIVE_INFINITY;
      const tokenLimit = limits.tokensPerMinute ?? Number.POSITIVE_INFINITY;
      const resetRequestsMs = entries.length > 0 ? Math.max(0, (entries[0] as { at: number }).at + windowMs - time) : 0;
      // Tokens free up as old entries leave the window: find the first moment enough have left.
      let freed = 0;
      let resetTokensMs = 0;
      for (const entry of entries) {
        if (usedTokens - freed + tokens <= tokenLimit) break;
        freed += entry.tokens;
        resetTokensMs = Math.max(0, entry.at + windowMs - time);
      }
      const remainingRequests = Math.max(0, requestLimit - entries.length);
      const remainingTokens = Math.max(0, tokenLimit - usedTokens);
      const base = { resetRequestsMs, resetTokensMs, remainingRequests, remainingTokens };
      if (entries.length + 1 > requestLimit) return { ...base, limit: 'requests', retryAfterMs: resetRequestsMs };
      if (usedTokens + tokens > tokenLimit) return { ...base, limit: 'tokens', retryAfterMs: resetTokensMs };
      entries.push({ at: time, tokens });
      return undefined;
    },
  };
}

/** Formats milliseconds the way OpenAI's `x-ratelimit-reset-*` headers do (`20ms`, `1s`, `6m0s`). */
export function formatResetDuration(ms: number): string {
  if (ms < 1000) return `${Math.ceil(ms)}ms`;
  const totalSeconds = Math.ceil(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}
