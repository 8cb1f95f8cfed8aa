import { z } from 'zod/v4';
import type { Sleep } from '../../core/clock.js';
import { ProviderError } from '../../core/errors.js';
import type { ChatStream, Provider } from '../../core/types.js';
import { parseInput } from '../../core/validate.js';
import { streamParts } from '../../core/create-chat-stream.js';
import { completionOf, wrapProvider } from '../wrap-provider.js';
import { startTimer } from './start-timer.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * Options for {@link withTimeout}.
 *
 * @example
 * ```ts
 * const options: TimeoutOptions = { timeoutMs: 20_000, idleTimeoutMs: 10_000 };
 * ```
 */
export interface TimeoutOptions {
  /**
   * For `generate`, the whole call; for `stream`, the time to the first delta. Undefined: no limit.
   * @default undefined
   */
  readonly timeoutMs?: number;
  /** For `stream`: the longest gap between deltas once the first has arrived. @default undefined */
  readonly idleTimeoutMs?: number;
  /** Named in the error message, e.g. "per-attempt timeout" or "total deadline". @default 'timeout' */
  readonly label?: string;
  /** Runs the timers. @default real timers */
  readonly sleep?: Sleep;
}

const timeoutOptionsSchema = lazyObject(() => z.object({
  timeoutMs: z.number().positive('Expected `timeoutMs` to be a positive number of milliseconds').optional(),
  idleTimeoutMs: z.number().positive('Expected `idleTimeoutMs` to be a positive number of milliseconds').optional(),
  label: z.string().min(1).optional(),
  sleep: z.custom<Sleep>((value) => typeof value === 'function', { message: 'Expected `sleep` to be a function' }).optional(),
}));

/**
 * Bounds how long a provider may take. When a limit passes, the wrapped call is aborted (its
 * signal fires with the timeout error as reason) and the caller gets a `ProviderError` of kind
 * `timeout` — retryable, so a retry or a fallback chain outside carries on. A stream that
 * stalls mid-way fails with `partialText` holding what arrived.
 *
 * Where it sits decides what it bounds: directly around a vendor provider it is the per-attempt
 * timeout; around a whole fallback chain it is the total deadline across every retry and
 * fallback (then its signal stops the inner wrappers too, and the caller gets `timeout`).
 * It also enforces the caller's `CallOptions.deadline` (whichever comes first), so any provider it
 * wraps honours the deadline and reports `honorsDeadline`.
 *
 * @example
 * ```ts
 * import { createFallbackChain, withRetry, withTimeout } from 'crmkit';
 *
 * const perAttempt = withTimeout(openai, { timeoutMs: 20_000, idleTimeoutMs: 10_000, label: 'per-attempt timeout' });
 * const total = withTimeout(createFallbackChain([withRetry(perAttempt), anthropic]), { timeoutMs: 30_000, label: 'total deadline' });
 * ```
 */
export function withTimeout(provider: Provider, options: TimeoutOptions): Provider {
  const { timeoutMs, idleTimeoutMs, label = 'timeout', sleep } = parseInput(timeoutOptionsSchema, options, 'withTimeout options');

  const timeoutError = (ms: number, what: string, model: string, bound = label): ProviderError =>
    new ProviderError(`Provider "${provider.id}" ${what} within ${ms} ms (${bound})`, { kind: 'timeout', providerId: provider.id, model });

  const arm = (ms: number, onFire: () => void): (() => void) => startTimer(sleep, ms, onFire);

  /**
   * The earlier of `timeoutMs` and the time left until the caller's deadline (rounded up, so the
   * timer never fires before it has passed), with the label to report; undefined when neither is set.
   */
  const boundOf = (deadline: number | undefined): { ms: number; what: string } | undefined => {
    if (deadline === undefined) return timeoutMs === undefined ? undefined : { ms: timeoutMs, what: label };
    const remaining = Math.max(0, Math.ceil(deadline - performance.now()));
    return timeoutMs !== undefined && timeoutMs <= remaining ? { ms: timeoutMs, what: label } : { ms: remaining, what: 'deadline' };
  };

  return wrapProvider(provider, {
    honorsDeadline: true,

    async wrapGenerate({ request, options, doGenerate, linkAbort }) {
      const bound = boundOf(options.deadline);
      if (bound === undefined) return doGenerate();
      const linked = linkAbort();
      let cancel: (() => void) | undefined;
      // Racing as well as aborting: a provider that ignores its signal still cannot hold the caller.
      const expired = new Promise<never>((_, reject) => {
        cancel = arm(bound.ms, () => {
          const error = timeoutError(bound.ms, 'did not answer', request.model ?? provider.model, bound.what);
          linked.abort(error);
          reject(error);
        });
      });
      expired.catch(() => undefined);
      try {
        return await Promise.race([doGenerate(request, { signal: linked.signal }), expired]);
      } finally {
        cancel?.();
        linked.dispose();
      }
    },

    wrapStream: ({ request, options, doStream, createStream }) => {
      const bound = boundOf(options.deadline);
      if (bound === undefined && idleTimeoutMs === undefined) return doStream();
      return createStream(async function* ({ signal, doStream: start, linkAbort }) {
        const linked = linkAbort();
        const model = request.model ?? provider.model;
        let cancel: (() => void) | undefined;
        const rearm = (ms: number | undefined, what: string, bounded = label): void => {
          cancel?.();
          cancel = ms === undefined ? undefined : arm(ms, () => linked.abort(timeoutError(ms, what, model, bounded)));
        };
        rearm(bound?.ms, 'sent no first delta', bound?.what);
        try {
          const inner = start(request, { signal: linked.signal });
          for await (const delta of streamParts(inner as ChatStream<unknown>)) {
            rearm(idleTimeoutMs, 'sent nothing');
            yield delta;
          }
          return completionOf(await inner.result);
        } catch (error) {
          // Our own timer fired (the caller's signal did not): report the timeout, not what the provider made of the abort.
          const reason: unknown = linked.signal.reason;
          if (linked.signal.aborted && !signal.aborted && ProviderError.isInstance(reason)) throw reason;
          throw error;
        } finally {
          cancel?.();
          linked.dispose();
        }
      });
    },
  });
}
