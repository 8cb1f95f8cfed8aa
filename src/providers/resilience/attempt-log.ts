import { abortError } from '../../core/abort.js';
import { CrmKitError, ProviderError, copyProviderError, sanitizeCause, type ProviderErrorChanges } from '../../core/errors.js';
import type { Attempt, ChatResult, Provider } from '../../core/types.js';

// Internal helpers shared by the wrappers: they keep every attempt's record as errors and
// results travel outwards, so the final result or error lists all of them exactly once.

/**
 * Turns whatever a wrapped provider threw into a ProviderError. A non-crmkit error is a bug or
 * an unexpected network failure in the wrapped code: reported as `network`, cause sanitised.
 * Other crmkit errors (a ValidationError of the request) pass through untouched.
 *
 * @example
 * ```ts
 * const failure = toProviderError(error, provider, signal);
 * ```
 */
export function toProviderError(error: unknown, provider: Pick<Provider, 'id' | 'model'>, signal?: AbortSignal): ProviderError {
  if (ProviderError.isInstance(error)) return error;
  if (CrmKitError.isInstance(error)) throw error;
  if (signal?.aborted) return abortError(signal, { providerId: provider.id, model: provider.model });
  return new ProviderError(`Provider "${provider.id}" failed unexpectedly`, {
    kind: 'network',
    providerId: provider.id,
    model: provider.model,
    cause: sanitizeCause(error),
  });
}

/**
 * The attempts an error stands for: its own list, or one synthesised record (holding the error
 * itself) when the wrapped provider did not keep any.
 *
 * @example
 * ```ts
 * log.push(...attemptsOfError(failure, provider, durationMs));
 * ```
 */
export function attemptsOfError(error: ProviderError, provider: Pick<Provider, 'id' | 'model'>, durationMs: number): readonly Attempt[] {
  if (error.attempts.length > 0) return error.attempts;
  return [
    {
      provider: error.providerId ?? provider.id,
      model: error.model ?? provider.model,
      ok: false,
      kind: error.kind,
      status: error.status,
      durationMs: Math.max(0, durationMs),
      retryAfterMs: error.retryAfterMs,
      error,
    },
  ];
}

/**
 * The attempts a result stands for: its own list, or one synthesised successful record.
 *
 * @example
 * ```ts
 * const all = [...failed, ...attemptsOfResult(result)];
 * ```
 */
export function attemptsOfResult(result: Pick<ChatResult<unknown>, 'attempts' | 'provider' | 'model' | 'latencyMs'>): readonly Attempt[] {
  if (result.attempts.length > 0) return result.attempts;
  return [{ provider: result.provider, model: result.model, ok: true, durationMs: result.latencyMs }];
}

/**
 * A copy of `error` whose `attempts` is `attempts` (and optionally other fields changed).
 *
 * @example
 * ```ts
 * throw withAttempts(lastError, log);
 * ```
 */
export function withAttempts(error: ProviderError, attempts: readonly Attempt[], changes: Omit<ProviderErrorChanges, 'attempts'> = {}): ProviderError {
  return copyProviderError(error, { ...changes, attempts });
}
