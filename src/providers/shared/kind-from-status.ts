import type { ProviderErrorKind } from '../../core/errors.js';

/**
 * The default {@link ProviderErrorKind} for an HTTP status, before any vendor-specific reading of
 * the body (which can refine it: a 429 may really be `quota_exhausted`, a 400 `context_length`).
 *
 * | status | kind |
 * |---|---|
 * | 401, 403 | `auth` |
 * | 402 | `quota_exhausted` |
 * | 408 | `timeout` |
 * | 413 | `context_length` |
 * | 429 | `rate_limited` |
 * | 503, 529 | `overloaded` |
 * | other 5xx | `server` |
 * | other 4xx | `invalid_request` |
 *
 * @example
 * ```ts
 * kindFromStatus(529); // 'overloaded'
 * kindFromStatus(404); // 'invalid_request'
 * ```
 */
export function kindFromStatus(status: number): ProviderErrorKind {
  switch (status) {
    case 401:
    case 403:
      return 'auth';
    case 402:
      return 'quota_exhausted';
    case 408:
      return 'timeout';
    case 413:
      return 'context_length';
    case 429:
      return 'rate_limited';
    case 503:
    case 529:
      return 'overloaded';
    default:
      return status >= 500 ? 'server' : 'invalid_request';
  }
}
