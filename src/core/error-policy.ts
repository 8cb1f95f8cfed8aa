import { ValidationError, providerErrorKinds, type ProviderErrorKind } from './errors.js';

/**
 * What to do after a failure of a given kind:
 * - `retry`: try the same provider again (withRetry, with backoff); once its attempts run out,
 *   move to the next link of the chain.
 * - `next`: do not retry; move to the next link at once.
 * - `stop`: fail the whole call with this error; no other link (not even the degraded
 *   responder) is asked.
 *
 * @example
 * ```ts
 * const action: ErrorAction = 'next';
 * ```
 */
export type ErrorAction = 'retry' | 'next' | 'stop';

/**
 * An action for every {@link ProviderErrorKind}. `aborted` is always `stop`: the caller cancelled.
 *
 * @example
 * ```ts
 * const policy: ErrorPolicy = { ...defaultErrorPolicy, invalid_request: 'stop' };
 * ```
 */
export type ErrorPolicy = Readonly<Record<ProviderErrorKind, ErrorAction>>;

/**
 * The default policy. Transient failures are retried; failures that belong to one provider
 * (its credentials, its quota, its context window, its circuit) move on; failures that any
 * provider would repeat, or that the host decided (budget, cancel), stop.
 *
 * | kind | action | why |
 * |---|---|---|
 * | rate_limited, overloaded, server, timeout, network, truncated_stream | retry | transient |
 * | auth, quota_exhausted | next | this provider's key or account; another one may work |
 * | invalid_request | next | usually a vendor-specific parameter or model name |
 * | context_length | next | to a link whose context window fits (see createFallbackChain) |
 * | circuit_open | next | the provider is known to be failing |
 * | content_filter | stop | asking another vendor would be filter shopping |
 * | budget_exceeded | stop | the host's spending limit applies to every provider |
 * | aborted | stop | the caller cancelled (or the total deadline passed) |
 *
 * @example
 * ```ts
 * defaultErrorPolicy.overloaded; // 'retry'
 * ```
 */
export const defaultErrorPolicy: ErrorPolicy = Object.freeze({
  rate_limited: 'retry',
  overloaded: 'retry',
  server: 'retry',
  timeout: 'retry',
  network: 'retry',
  truncated_stream: 'retry',
  auth: 'next',
  quota_exhausted: 'next',
  invalid_request: 'next',
  context_length: 'next',
  circuit_open: 'next',
  content_filter: 'stop',
  budget_exceeded: 'stop',
  aborted: 'stop',
});

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
