/**
 * An abort that fires on request and whenever its parent signal fires. See {@link createLinkedAbort}.
 *
 * @example
 * ```ts
 * const linked: LinkedAbort = createLinkedAbort(options.signal);
 * ```
 */
export interface LinkedAbort {
  /** Fires with the parent's reason, or with the reason given to `abort`, whichever comes first. */
  readonly signal: AbortSignal;
  /** Aborts `signal` with `reason` (no effect once it has fired). */
  abort(reason: unknown): void;
  /** Stops following the parent. Always call it: a long-lived parent would otherwise keep a listener per call. */
  dispose(): void;
}

const nothing = (): void => undefined;

/**
 * One `AbortController` that also follows `parent`: what the per-call path needs for "the caller's
 * signal, plus my own timeout". It is `linkSignals([parent, own.signal])` with one controller and
 * one listener instead of two of each; Node's AbortSignal and EventTarget are costly enough for
 * that to show in the provider stack's throughput.
 *
 * @example
 * ```ts
 * const linked = createLinkedAbort(options.signal);
 * const timer = setTimeout(() => linked.abort(new ProviderError('timed out', { kind: 'timeout' })), 20_000);
 * try {
 *   return await client.call({ signal: linked.signal });
 * } finally {
 *   clearTimeout(timer);
 *   linked.dispose();
 * }
 * ```
 */
export function createLinkedAbort(parent: AbortSignal | undefined): LinkedAbort {
  const controller = new AbortController();
  const abort = (reason: unknown): void => controller.abort(reason);
  if (!parent) return { signal: controller.signal, abort, dispose: nothing };
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, abort, dispose: nothing };
  }
  const follow = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', follow, { once: true });
  return { signal: controller.signal, abort, dispose: () => parent.removeEventListener('abort', follow) };
}
