import type { Sleep } from '../../core/clock.js';

/**
 * Calls `onFire` after `ms` unless the returned function is called first. With no injected
 * `sleep` it uses setTimeout directly: a cancelled timer then costs a clearTimeout, not an
 * aborted sleep's rejection (an error object with a stack trace), which matters on the per-call
 * path where nearly every timer is cancelled.
 *
 * @example
 * ```ts
 * const cancel = startTimer(undefined, 20_000, () => controller.abort(timeoutError));
 * try { await call(); } finally { cancel(); }
 * ```
 */
export function startTimer(sleep: Sleep | undefined, ms: number, onFire: () => void): () => void {
  if (!sleep) {
    const handle = setTimeout(onFire, ms);
    return () => clearTimeout(handle);
  }
  const cancel = new AbortController();
  sleep(ms, cancel.signal).then(
    () => {
      if (!cancel.signal.aborted) onFire();
    },
    () => undefined,
  );
  return () => cancel.abort();
}
