import type { ErrorAction } from '../../core/error-policy.js';

/**
 * What a fallback chain does once one of its model links has failed:
 * - `fail-over`: try the next link that can take the request (or, after the last, the degraded
 *   responder);
 * - `give-up`: fail the call with the link's own error, asking no one else (not even the
 *   degraded responder);
 * - `cancelled`: the caller aborted: fail the call as aborted, asking no one else;
 * - `out-of-time`: the chain's total deadline passed: skip the links left and go straight to the
 *   degraded responder.
 *
 * @example
 * ```ts
 * const decision: FailoverDecision = 'fail-over';
 * ```
 */
export type FailoverDecision = 'fail-over' | 'give-up' | 'cancelled' | 'out-of-time';

/**
 * Everything {@link decideAfterFailure} looks at, gathered after the link failed.
 *
 * @example
 * ```ts
 * const facts: FailureFacts = { action: 'retry', streamedChars: 0, restartStreamOnFailure: false, callerAborted: false, deadlinePassed: false };
 * ```
 */
export interface FailureFacts {
  /** The chain's error policy for the failure's kind. */
  readonly action: ErrorAction;
  /** How much of its answer (characters, or tool-call argument characters) the link had streamed to the caller. */
  readonly streamedChars: number;
  /** The chain's `restartStreamOnFailure` option. */
  readonly restartStreamOnFailure: boolean;
  /** The caller's signal (for a stream, also the stream's own abort) has fired. */
  readonly callerAborted: boolean;
  /** The chain's total deadline has passed. */
  readonly deadlinePassed: boolean;
}

/**
 * Decides whether a fallback chain fails over after a model link failed, in order of precedence:
 * a stream that has already shown part of its answer is never continued by another model
 * (unless the chain restarts streams); a caller's abort stops everything; a passed deadline
 * leaves only the degraded responder; then the error policy of the failure's kind.
 *
 * @example
 * ```ts
 * decideAfterFailure({ action: 'retry', streamedChars: 12, restartStreamOnFailure: false, callerAborted: false, deadlinePassed: false }); // 'give-up'
 * ```
 */
export function decideAfterFailure(facts: FailureFacts): FailoverDecision {
  // Part of this answer is already out: another model's text must not follow it.
  if (facts.streamedChars > 0 && !facts.restartStreamOnFailure) return 'give-up';
  if (facts.callerAborted) return 'cancelled';
  if (facts.deadlinePassed) return 'out-of-time';
  return facts.action === 'stop' ? 'give-up' : 'fail-over';
}
