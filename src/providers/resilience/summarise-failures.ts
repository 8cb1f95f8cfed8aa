import { ProviderError, type ProviderErrorKind } from '../../core/errors.js';
import type { Attempt } from '../../core/types.js';

// How a fallback chain tells the story of its failed links: in the error of a call every link
// failed, and in the reason of an answer the degraded responder gave.

/**
 * One link's failure, as the chain's summaries name it.
 *
 * @example
 * ```ts
 * const failure: LinkFailure = { provider: 'openai', kind: error.kind, error };
 * ```
 */
export interface LinkFailure {
  readonly provider: string;
  readonly kind: ProviderErrorKind;
  readonly error: ProviderError;
}

/**
 * Each provider's failure kind, in order: `openai: server; anthropic: auth`.
 *
 * @example
 * ```ts
 * const message = `Every provider in the chain failed (${describeFailures(failures)})`;
 * ```
 */
export function describeFailures(failures: readonly LinkFailure[]): string {
  return failures.map((failure) => `${failure.provider}: ${failure.kind}`).join('; ');
}

/**
 * The `degradedReason` of a degraded answer: it names each provider's failure kind, in order; a
 * responder's own reason (the rule-based one always has one) is kept in front of that list,
 * never instead of it.
 *
 * @example
 * ```ts
 * degradedReasonFor([{ provider: 'openai', kind: 'server', error }], undefined); // 'every model provider failed (openai: server)'
 * ```
 */
export function degradedReasonFor(failures: readonly LinkFailure[], own: string | undefined): string {
  if (failures.length === 0) return own ?? 'no model provider is configured';
  return own === undefined ? `every model provider failed (${describeFailures(failures)})` : `${own} (${describeFailures(failures)})`;
}

/**
 * The error for a call every link failed, summarising all of them: the kind, status, provider and
 * model of the first link whose failure was retryable (the one a host retrying soon would reach
 * first), else of the last link (`timeout` when the total deadline passed: give its error as
 * `deadlineError`); `retryable` when any link's failure was; `retryAfterMs` the soonest wait any
 * link asked for; the message names each link's failure kind in order.
 *
 * @example
 * ```ts
 * throw summariseFailures(failures, attempts, `Every provider in the chain failed (${describeFailures(failures)})`, undefined);
 * ```
 */
export function summariseFailures(failures: readonly LinkFailure[], attempts: readonly Attempt[], message: string, deadlineError: ProviderError | undefined): ProviderError {
  const retryable = failures.find((failure) => failure.error.retryable);
  // A passed total deadline is the story's end whatever the links said: kind `timeout`.
  const representative = deadlineError ?? retryable?.error ?? (failures[failures.length - 1] as LinkFailure).error;
  const waits = failures.map((failure) => failure.error.retryAfterMs).filter((wait): wait is number => wait !== undefined);
  return new ProviderError(message, {
    kind: representative.kind,
    retryable: retryable !== undefined || representative.retryable,
    retryAfterMs: waits.length > 0 ? Math.min(...waits) : undefined,
    status: representative.status,
    providerId: representative.providerId,
    model: representative.model,
    requestId: representative.requestId,
    attempts,
    cause: representative,
  });
}
