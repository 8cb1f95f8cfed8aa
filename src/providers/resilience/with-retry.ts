import { z } from 'zod/v4';
import { abortError, sleep as realSleep } from '../../core/abort.js';
import type { Sleep } from '../../core/clock.js';
import { ProviderError, type ProviderErrorKind } from '../../core/errors.js';
import type { Attempt, ChatRequest, ChatStream, Provider } from '../../core/types.js';
import { parseInput } from '../../core/validate.js';
import { streamParts } from '../../core/create-chat-stream.js';
import { wrapProvider } from '../wrap-provider.js';
import { attemptsOfError, attemptsOfResult, toProviderError, withAttempts } from './attempt-log.js';
import { errorAction, resolveErrorPolicy, type ErrorAction } from '../../core/error-policy.js';
import { emitResilienceEvent, type ResilienceEventListener } from './resilience-event.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * The numeric retry settings, as they appear in a provider chain config.
 *
 * @example
 * ```ts
 * const settings: RetrySettings = { maxAttempts: 4, minDelayMs: 250, maxDelayMs: 4_000 };
 * ```
 */
export interface RetrySettings {
  /** Tries in total, the first included; 1 disables retrying. @default 3 */
  readonly maxAttempts?: number;
  /** Backoff before the first retry, before jitter. @default 500 */
  readonly minDelayMs?: number;
  /** Upper bound of the exponential backoff. @default 8_000 */
  readonly maxDelayMs?: number;
  /** Growth of the backoff per retry. @default 2 */
  readonly factor?: number;
  /** Share of each backoff drawn at random: 0.5 waits between half and all of it. @default 0.5 */
  readonly jitter?: number;
  /**
   * The cap on server-requested waits (Retry-After, retry-after-ms, Hugging Face's
   * `estimated_time`). A wait at or near the cap (90% of it or more), or longer than the time
   * left before the call's deadline, is not slept: this provider is given up at once, with the
   * wait in its error's `retryAfterMs`, so a chain moves on to the next link.
   * @default 20_000
   */
  readonly maxRetryAfterMs?: number;
  /**
   * When to retry in place while a fallback chain has another model link to try
   * (`CallOptions.failover`):
   * - `'auto'`: fail over at once on every transient kind (5xx, overloaded, 429, timeout,
   *   network, truncated stream), unless the server asked for a wait of at most
   *   `shortRetryAfterMs`, which is slept and retried in place. The last model link, and a
   *   provider used on its own, retry as `'always'` does.
   * - `'always'`: retry in place up to `maxAttempts` before failing over (crmkit 0.1's behaviour).
   * @default 'auto'
   */
  readonly inPlace?: 'auto' | 'always';
  /**
   * Under `inPlace: 'auto'`, the longest server-requested wait (Retry-After) still retried in
   * place when another link could answer instead.
   * @default 1_000
   */
  readonly shortRetryAfterMs?: number;
}

/**
 * Options for {@link withRetry}.
 *
 * @example
 * ```ts
 * const options: RetryOptions = { maxAttempts: 3, maxRetryAfterMs: 10_000, onEvent: console.log };
 * ```
 */
export interface RetryOptions extends RetrySettings {
  /** Which kinds are retried: those whose action is `retry`. @default defaultErrorPolicy */
  readonly policy?: Partial<Record<ProviderErrorKind, ErrorAction>>;
  /** Waits between attempts. @default real timers */
  readonly sleep?: Sleep;
  /** Source of jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
  readonly onEvent?: ResilienceEventListener;
  /** Put the request's messages into `attempt` events. @default false */
  readonly includeContent?: boolean;
}

/**
 * Zod schema of {@link RetrySettings}; every field optional.
 *
 * @example
 * ```ts
 * retrySettingsSchema.parse({ maxAttempts: 2 });
 * ```
 */
export const retrySettingsSchema = lazyObject(() =>
  z
  .object({
    maxAttempts: z.number().int('Expected `maxAttempts` to be an integer').min(1, 'Expected `maxAttempts` to be at least 1').max(20, 'Expected `maxAttempts` of at most 20').optional(),
    minDelayMs: z.number().min(0, 'Expected `minDelayMs` to be >= 0').optional(),
    maxDelayMs: z.number().min(0, 'Expected `maxDelayMs` to be >= 0').optional(),
    factor: z.number().min(1, 'Expected `factor` to be >= 1').optional(),
    jitter: z.number().min(0).max(1, 'Expected `jitter` between 0 and 1').optional(),
    maxRetryAfterMs: z.number().min(0, 'Expected `maxRetryAfterMs` to be >= 0').optional(),
    inPlace: z.enum(['auto', 'always'], { message: 'Expected `inPlace` to be "auto" or "always"' }).optional(),
    shortRetryAfterMs: z.number().min(0, 'Expected `shortRetryAfterMs` to be >= 0').optional(),
  })
  .strict(),
);

/**
 * Server-requested waits from this share of `maxRetryAfterMs` up count as "at the cap": vendors
 * round their estimates (a cold model's `estimated_time: 20.0`, whole-second `Retry-After`), so
 * a wait that close to the cap says the real one may well be longer, and the next link is sooner.
 */
const nearCapShare = 0.9;

const retryDefaults = {
  maxAttempts: 3,
  minDelayMs: 500,
  maxDelayMs: 8_000,
  factor: 2,
  jitter: 0.5,
  maxRetryAfterMs: 20_000,
  inPlace: 'auto',
  shortRetryAfterMs: 1_000,
} as const;

/**
 * Retries a provider's transient failures with exponential backoff and jitter.
 *
 * - Retries only kinds whose policy action is `retry` and errors marked `retryable`; never
 *   auth, quota_exhausted, invalid_request, context_length, content_filter, budget_exceeded,
 *   circuit_open or aborted.
 * - When the error carries `retryAfterMs`, waits exactly that long; when the wait is at or near
 *   `maxRetryAfterMs` (90% of it or more), or longer than the time left before the call's
 *   deadline, gives up at once with that error (its `retryAfterMs` kept), so a fallback chain
 *   moves on instead of sleeping.
 * - At most `maxAttempts` tries; every wait is abortable through the call's signal.
 * - A stream is retried only until its first delta; after that the caller gets the failure
 *   with `partialText`.
 * - The final error is the last failure with `attempts` listing every try; a result's
 *   `attempts` lists the failed tries and then the successful one.
 *
 * @example
 * ```ts
 * import { withRetry } from 'crmkit';
 *
 * const resilient = withRetry(openai, { maxAttempts: 3, maxRetryAfterMs: 10_000 });
 * const result = await resilient.generate({ messages: [{ role: 'user', content: 'Hi' }] });
 * console.log(result.attempts.length); // 1 when the first try worked
 * ```
 */
export function withRetry(provider: Provider, options: RetryOptions = {}): Provider {
  const { policy: policyOverrides, sleep, random, onEvent, includeContent, ...numbers } = options;
  const settings = { ...retryDefaults, ...parseInput(retrySettingsSchema, numbers, 'withRetry options') };
  const policy = resolveErrorPolicy(policyOverrides);
  const wait = sleep ?? realSleep;
  const draw = random ?? Math.random;

  const delayFor = (error: ProviderError, failedAttempt: number, signal: AbortSignal | undefined, failover: boolean | undefined): number | undefined => {
    if (signal?.aborted) return undefined;
    if (errorAction(error, policy) !== 'retry') return undefined;
    // Another link can answer now: waiting here costs the user more than asking it, unless the
    // server itself says the wait is short.
    if (failover === true && settings.inPlace === 'auto' && !(error.retryAfterMs !== undefined && error.retryAfterMs <= settings.shortRetryAfterMs)) return undefined;
    if (error.retryAfterMs !== undefined) return error.retryAfterMs >= settings.maxRetryAfterMs * nearCapShare ? undefined : Math.max(0, error.retryAfterMs);
    const base = Math.min(settings.maxDelayMs, settings.minDelayMs * settings.factor ** (failedAttempt - 1));
    return base * (1 - settings.jitter * draw());
  };

  // A plain loop rather than p-retry: the first try is the whole story for nearly every call, and
  // p-retry's per-call option handling and promise layers were a measurable share of the stack's
  // cost. Counting to maxAttempts is all it did for us; the delays were always ours.
  const execute = async <T>(
    request: ChatRequest<unknown>,
    signal: AbortSignal | undefined,
    deadline: number | undefined,
    failover: boolean | undefined,
    tryOnce: () => Promise<T>,
  ): Promise<{ value: T; failed: Attempt[] }> => {
    const failed: Attempt[] = [];
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw withAttempts(abortError(signal, { providerId: provider.id, model: provider.model }), failed);
      if (onEvent) {
        emitResilienceEvent(onEvent, {
          type: 'attempt',
          provider: provider.id,
          model: request.model ?? provider.model,
          metadata: request.metadata,
          attempt,
          ...(includeContent ? { messages: request.messages } : {}),
        });
      }
      const startedAt = performance.now();
      let failure: ProviderError;
      try {
        return { value: await tryOnce(), failed };
      } catch (error) {
        failure = toProviderError(error, provider, signal);
      }
      failed.push(...attemptsOfError(failure, provider, performance.now() - startedAt));
      const delayMs = attempt < settings.maxAttempts ? delayFor(failure, attempt, signal, failover) : undefined;
      if (delayMs === undefined) throw withAttempts(failure, failed);
      if (deadline !== undefined && performance.now() + delayMs >= deadline) {
        // The server's own wait outlasts the deadline: give this provider up now, as the server
        // described it (kind and retryAfterMs), so the chain moves on and reports the wait.
        if (failure.retryAfterMs !== undefined) throw withAttempts(failure, failed);
        // Our backoff would only end in the deadline's timeout: fail now, and say why.
        const late = new ProviderError(`Provider "${provider.id}" failed (${failure.kind}) and its next retry would start after the call's deadline`, {
          kind: 'timeout',
          providerId: provider.id,
          model: failure.model ?? request.model ?? provider.model,
          cause: failure,
        });
        throw withAttempts(late, failed);
      }
      if (onEvent) {
        emitResilienceEvent(onEvent, {
          type: 'retry',
          provider: provider.id,
          model: failure.model ?? request.model ?? provider.model,
          metadata: request.metadata,
          attempt,
          kind: failure.kind,
          delayMs,
          retryAfterMs: failure.retryAfterMs,
        });
      }
      if (delayMs > 0) {
        try {
          await wait(delayMs, signal);
        } catch (error) {
          // The caller, or the chain's total deadline, aborted the wait.
          throw ProviderError.isInstance(error) ? withAttempts(error, failed) : error;
        }
      }
    }
  };

  return wrapProvider(provider, {
    async wrapGenerate({ request, options, doGenerate }) {
      const startedAt = performance.now();
      const { value, failed } = await execute(request as ChatRequest<unknown>, options.signal, options.deadline, options.failover, () => doGenerate());
      if (failed.length === 0) return value;
      return { ...value, attempts: [...failed, ...attemptsOfResult(value)], latencyMs: performance.now() - startedAt };
    },

    wrapStream: ({ request, options, createStream }) =>
      createStream(async function* ({ signal, doStream }) {
        const { value, failed } = await execute(request as ChatRequest<unknown>, signal, options.deadline, options.failover, async () => {
          const inner = doStream();
          const iterator = streamParts(inner as ChatStream<unknown>)[Symbol.asyncIterator]();
          // Retrying is safe only until the first delta reaches the caller.
          const first = await iterator.next();
          return { inner, iterator, first };
        });
        const { inner, iterator, first } = value;
        const streamedAt = performance.now();
        try {
          if (!first.done) {
            yield first.value;
            for (let step = await iterator.next(); !step.done; step = await iterator.next()) yield step.value;
          }
          const { text: _text, latencyMs: _latency, ...completion } = await inner.result;
          return failed.length === 0 ? completion : { ...completion, attempts: [...failed, ...attemptsOfResult({ ...completion, latencyMs: _latency })] };
        } catch (error) {
          const failure = toProviderError(error, provider, signal);
          throw withAttempts(failure, [...failed, ...attemptsOfError(failure, provider, performance.now() - streamedAt)]);
        }
      }),
  });
}
