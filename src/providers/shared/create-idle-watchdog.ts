import { ProviderError } from '../../core/errors.js';

/**
 * Options for {@link createIdleWatchdog}.
 *
 * @example
 * ```ts
 * const options: CreateIdleWatchdogOptions = { idleTimeoutMs: 30_000, onIdle: (error) => controller.abort(error) };
 * ```
 */
export interface CreateIdleWatchdogOptions {
  /** Silence allowed between two chunks; absent or `0` disables the watchdog. */
  readonly idleTimeoutMs?: number;
  /** Called once, with a `timeout` error, when the stream has been silent too long. */
  readonly onIdle: (error: ProviderError) => void;
  readonly providerId?: string;
  readonly model?: string;
}

/**
 * Watches a stream for silence: call `touch()` on every chunk; when no chunk arrives for
 * `idleTimeoutMs`, `onIdle` receives a `ProviderError` of kind `timeout`. A stalled stream is
 * otherwise indistinguishable from a slow one, and would hold its socket forever.
 *
 * @example
 * ```ts
 * const watchdog: IdleWatchdog = createIdleWatchdog({ idleTimeoutMs: 30_000, onIdle: (error) => controller.abort(error) });
 * watchdog.touch();
 * ```
 */
export interface IdleWatchdog {
  /** Restarts the countdown. */
  touch(): void;
  /** Stops watching. */
  dispose(): void;
}

/**
 * Creates an {@link IdleWatchdog}. The countdown starts at the first `touch()`.
 *
 * @example
 * ```ts
 * const watchdog = createIdleWatchdog({ idleTimeoutMs: 30_000, onIdle: (error) => deadline.fail(error) });
 * for await (const chunk of sdkStream) {
 *   watchdog.touch();
 *   // …
 * }
 * watchdog.dispose();
 * ```
 */
export function createIdleWatchdog(options: CreateIdleWatchdogOptions): IdleWatchdog {
  const idleTimeoutMs = options.idleTimeoutMs ?? 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const stop = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    touch() {
      if (disposed || idleTimeoutMs <= 0) return;
      stop();
      timer = setTimeout(() => {
        disposed = true;
        options.onIdle(
          new ProviderError(`The stream stalled: no data for ${idleTimeoutMs} ms`, {
            kind: 'timeout',
            providerId: options.providerId,
            model: options.model,
          }),
        );
      }, idleTimeoutMs);
    },
    dispose() {
      disposed = true;
      stop();
    },
  };
}
