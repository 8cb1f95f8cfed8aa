import { ValidationError, defaultErrorPolicy, providerErrorKinds, type ErrorAction, type ErrorPolicy, type ProviderError, type ProviderErrorKind } from './errors.js';

// The table itself (defaultErrorPolicy) is declared in errors.ts, because the default of
// `ProviderError.retryable` and `isRetryableKind` derive from it; it is re-exported here.
export { defaultErrorPolicy } from './errors.js';
export type { ErrorAction, ErrorPolicy } from './errors.js';

const actions: ReadonlySet<string> = new Set(['retry', 'next', 'stop']);

/**
 * Completes a partial policy with {@link defaultErrorPolicy}, checking every entry.
 *
 * @example
 * ```ts
 * const policy = resolveErrorPolicy({ invalid_request: 'stop' });
 * ```
 */
export function resolveErrorPolicy(overrides: Partial<Record<ProviderErrorKind, ErrorAction>> = {}): ErrorPolicy {
  const issues: { path: string; message: string }[] = [];
  const known = new Set<string>(providerErrorKinds);
  for (const [kind, action] of Object.entries(overrides)) {
    if (!known.has(kind)) issues.push({ path: `policy.${kind}`, message: `Unknown error kind; expected one of ${providerErrorKinds.join(', ')}` });
    else if (!actions.has(action as string)) issues.push({ path: `policy.${kind}`, message: 'Expected "retry", "next" or "stop"' });
    else if (kind === 'aborted' && action !== 'stop') issues.push({ path: 'policy.aborted', message: 'An aborted call always stops; remove this entry' });
  }
  if (issues.length > 0) throw new ValidationError('error policy', issues);
  return { ...defaultErrorPolicy, ...overrides };
}

/**
 * The one rule that decides what happens after a failure: the policy's action for the error's
 * kind, except that an error its thrower marked `retryable: false` (a rate limiter that already
 * waited, a budget refusal) is never retried in place and moves on instead. `withRetry` retries
 * exactly when this returns `retry`; the fallback chain stops when it returns `stop` and moves to
 * the next link otherwise.
 *
 * @example
 * ```ts
 * import { ProviderError } from 'crmkit';
 * import { errorAction } from 'crmkit/provider-utils';
 *
 * errorAction(new ProviderError('busy', { kind: 'overloaded' })); // 'retry'
 * errorAction(new ProviderError('slow down', { kind: 'rate_limited', retryable: false })); // 'next'
 * errorAction(new ProviderError('no', { kind: 'content_filter' })); // 'stop'
 * ```
 */
export function errorAction(error: ProviderError, policy: ErrorPolicy = defaultErrorPolicy): ErrorAction {
  const action = policy[error.kind];
  return action === 'retry' && !error.retryable ? 'next' : action;
}
