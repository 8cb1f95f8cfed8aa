/**
 * An abort that fires on request and whenever its parent signal fires. Made by `createLinkedAbort` (internal); a middleware gets one from `call.linkAbort()`.
 *
 * @example
 * ```ts
 * import type { ProviderMiddleware } from 'crmkit';
 * import type { LinkedAbort } from 'crmkit/provider-utils';
 *
 * const withLease: ProviderMiddleware = {
 *   async wrapGenerate(call) {
 *     const linked: LinkedAbort = call.linkAbort();
 *     const timer = setTimeout(() => linked.abort(new Error('lease lost')), 5_000);
 *     try {
 *       return await call.doGenerate(undefined, { signal: linked.signal });
 *     } finally {
 *       clearTimeout(timer);
 *       linked.dispose();
 *     }
 *   },
 * };
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
  // Methods, and a listener from a helper rather than a named arrow: this runs on every call, and
  // builds that keep function names (tsx, esbuild's keepNames) pay for each named closure.
  if (!parent || parent.aborted) {
    if (parent) controller.abort(parent.reason);
    return {
      signal: controller.signal,
      abort(reason) {
        controller.abort(reason);
      },
      dispose() {},
    };
  }
  const follow = following(controller, parent);
  parent.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    abort(reason) {
      controller.abort(reason);
    },
    dispose() {
      parent.removeEventListener('abort', follow);
    },
  };
}

function following(controller: AbortController, parent: AbortSignal): () => void {
  return () => controller.abort(parent.reason);
}
