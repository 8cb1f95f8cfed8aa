import { ProviderError } from './errors.js';
import type { Sleep } from './clock.js';

/**
 * The error a call rejects with when its signal fires: the signal's reason when that is already
 * a ProviderError (a timeout, say), otherwise a ProviderError of kind `aborted`.
 *
 * @example
 * ```ts
 * if (signal.aborted) throw abortError(signal);
 * ```
 */
export function abortError(signal: AbortSignal | undefined, context: { providerId?: string; model?: string } = {}): ProviderError {
  const reason: unknown = signal?.reason;
  if (ProviderError.isInstance(reason)) return reason;
  return new ProviderError('The call was aborted by the caller', { kind: 'aborted', ...context });
}

/**
 * Throws {@link abortError} when `signal` has already fired.
 *
 * @example
 * ```ts
 * throwIfAborted(options.signal);
 * ```
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/**
 * An abortable sleep on real timers; rejects with {@link abortError} when `signal` fires.
 *
 * @example
 * ```ts
 * await sleep(250, controller.signal);
 * ```
 */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * A signal that fires when any of `signals` fires, with that signal's reason. Undefined entries
 * are ignored. Call `dispose` when done to drop listeners from long-lived parent signals.
 *
 * @example
 * ```ts
 * const { signal, dispose } = linkSignals([options.signal, timeoutSignal]);
 * try { await work(signal); } finally { dispose(); }
 * ```
 */
export function linkSignals(signals: readonly (AbortSignal | undefined)[]): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const cleanups: (() => void)[] = [];
  for (const source of signals) {
    if (!source) continue;
    if (source.aborted) {
      controller.abort(source.reason);
      break;
    }
    const onAbort = (): void => controller.abort(source.reason);
    source.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => source.removeEventListener('abort', onAbort));
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const cleanup of cleanups) cleanup();
      cleanups.length = 0;
    },
  };
}

/**
 * Marks a promise as handled without changing it, so a rejection nobody awaits does not become
 * an unhandled rejection. Returns the same promise.
 *
 * @example
 * ```ts
 * const usage = observed(usagePromise); // awaiting `usage` still rejects if it fails
 * ```
 */
export function observed<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
