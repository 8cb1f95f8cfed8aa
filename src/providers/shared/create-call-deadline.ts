import { createLinkedAbort } from '../../core/create-linked-abort.js';
import { ProviderError } from '../../core/errors.js';

/**
 * Options for {@link createCallDeadline}.
 *
 * @example
 * ```ts
 * const options: CreateCallDeadlineOptions = { signal: request.signal, timeoutMs: 30_000, providerId: 'openai' };
 * ```
 */
export interface CreateCallDeadlineOptions {
  /** The caller's signal. */
  readonly signal?: AbortSignal;
  /** Milliseconds until the call fails with kind `timeout`; absent or `0` means no limit. */
  readonly timeoutMs?: number;
  /**
   * Absolute time on the `performance.now()` clock by which the call must settle (see
   * `CallOptions.deadline`); whichever of it and `timeoutMs` comes first arms the one timer.
   */
  readonly deadline?: number;
  /** Labels for the timeout error. */
  readonly providerId?: string;
  readonly model?: string;
}

/**
 * One call's cancellation: a signal that fires when the caller aborts, when `timeoutMs` elapses
 * (reason: a `ProviderError` of kind `timeout`), or when {@link CallDeadline.fail} is called (the
 * idle watchdog uses it). Pass `signal` to the SDK; map its abort with `abortError(signal)`,
 * which returns the timeout reason rather than a generic `aborted`.
 *
 * @example
 * ```ts
 * const deadline: CallDeadline = createCallDeadline({ timeoutMs: 30_000 });
 * try {
 *   await fetch(url, { signal: deadline.signal });
 * } finally {
 *   deadline.dispose();
 * }
 * ```
 */
export interface CallDeadline {
  readonly signal: AbortSignal;
  /** Aborts the call with `error` as the reason. */
  fail(error: ProviderError): void;
  /** Stops the timer (call it once the response has started, for streams). */
  clearTimeout(): void;
  /** Stops the timer and drops listeners on the caller's signal. Always call it. */
  dispose(): void;
}

/**
 * Creates a {@link CallDeadline}.
 *
 * @example
 * ```ts
 * const deadline = createCallDeadline({ signal: options.signal, timeoutMs: 30_000, providerId: 'openai' });
 * try {
 *   const completion = await client.chat.completions.create(body, { signal: deadline.signal });
 * } finally {
 *   deadline.dispose();
 * }
 * ```
 */
export function createCallDeadline(options: CreateCallDeadlineOptions): CallDeadline {
  // One controller that follows the caller: this runs on every call, and each AbortController,
  // signal and listener Node creates shows in the stack's throughput.
  const linked = createLinkedAbort(options.signal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // One timer for whichever bound comes first: a second timer per call is measurable GC.
  let ms = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : Infinity;
  let byDeadline = false;
  if (options.deadline !== undefined) {
    // Rounded up so the timer never fires before the deadline has really passed.
    const remaining = Math.ceil(options.deadline - performance.now());
    if (remaining < ms) {
      ms = Math.max(0, remaining);
      byDeadline = true;
    }
  }
  const expire = (): void => {
    timer = undefined;
    linked.abort(
      new ProviderError(byDeadline ? 'The call did not settle by its deadline' : `The call timed out after ${ms} ms`, {
        kind: 'timeout',
        providerId: options.providerId,
        model: options.model,
      }),
    );
  };
  if (ms !== Infinity && !linked.signal.aborted) {
    if (ms === 0) expire();
    else timer = setTimeout(expire, ms);
  }
  // Methods rather than arrow properties: see createLinkedAbort.
  const deadline: CallDeadline = {
    signal: linked.signal,
    fail(error) {
      deadline.clearTimeout();
      linked.abort(error);
    },
    clearTimeout() {
      if (timer === undefined) return;
      globalThis.clearTimeout(timer);
      timer = undefined;
    },
    dispose() {
      deadline.clearTimeout();
      linked.dispose();
    },
  };
  return deadline;
}
