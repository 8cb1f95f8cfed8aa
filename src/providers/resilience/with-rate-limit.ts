import { countInput } from '../../core/count-input-once.js';
import { ProviderError } from '../../core/errors.js';
import { createApproximateTokenCounter, type TokenCounter } from '../../core/token-counter.js';
import type { ChatRequest, ChatStream, Provider } from '../../core/types.js';
import { streamParts } from '../../core/create-chat-stream.js';
import { completionOf, wrapProvider } from '../wrap-provider.js';
import type { RateLimitLease, RateLimiter } from '../../core/rate-limit/rate-limiter.js';
import { emitResilienceEvent, type ResilienceEventListener } from './resilience-event.js';

/**
 * Options for {@link withRateLimit}.
 *
 * @example
 * ```ts
 * const options: RateLimitOptions = { limiter: createLocalRateLimiter({ requestsPerMinute: 60 }), maxQueueWaitMs: 2_000 };
 * ```
 */
export interface RateLimitOptions {
  /** The limiter (local, Redis-clustered, or the host's own). */
  readonly limiter: RateLimiter;
  /** Per-call cap on queueing; overrides the limiter's default. */
  readonly maxQueueWaitMs?: number;
  /** Estimates a request's input tokens for tokens-per-minute limits. @default createApproximateTokenCounter() */
  readonly tokenCounter?: TokenCounter;
  /** Output tokens assumed when a request sets no `maxOutputTokens`. @default 512 */
  readonly defaultOutputTokens?: number;
  readonly onEvent?: ResilienceEventListener;
}

/**
 * Admits each call to `provider` through a {@link RateLimiter}. The request's weight is its
 * estimated input tokens plus `maxOutputTokens` (vendors count the same way); when the call
 * ends, the lease is settled to the reported usage. A call the limiter refuses fails at once
 * with kind `rate_limited` (not retryable), so a fallback chain asks the next provider instead of
 * waiting. Aborting a queued call removes it from the queue.
 *
 * @example
 * ```ts
 * import { createLocalRateLimiter, withRateLimit } from 'crmkit';
 *
 * const limited = withRateLimit(openai, {
 *   limiter: createLocalRateLimiter({ requestsPerMinute: 60, tokensPerMinute: 200_000 }),
 *   maxQueueWaitMs: 2_000,
 * });
 * ```
 */
export function withRateLimit(provider: Provider, options: RateLimitOptions): Provider {
  const { limiter, maxQueueWaitMs, onEvent } = options;
  const counter = options.tokenCounter ?? createApproximateTokenCounter();
  const defaultOutputTokens = options.defaultOutputTokens ?? 512;

  const weigh = (request: ChatRequest<unknown>): number =>
    limiter.weighsTokens ? countInput(counter, request.messages, request.model ?? provider.model) + (request.maxOutputTokens ?? defaultOutputTokens) : 0;

  const reportWait = (request: ChatRequest<unknown>, lease: RateLimitLease): void => {
    if (lease.waitedMs > 0) {
      emitResilienceEvent(onEvent, { type: 'rate_limited', provider: provider.id, model: request.model ?? provider.model, metadata: request.metadata, refused: false, waitMs: lease.waitedMs });
    }
  };

  const remainingOf = (deadline: number | undefined): number | undefined => (deadline === undefined ? undefined : Math.max(0, deadline - performance.now()));

  /** What a refused acquire turns into: this provider's non-retryable `rate_limited`, so a chain moves on. */
  const refusal = (request: ChatRequest<unknown>, error: unknown, remainingMs: number | undefined): unknown => {
    if (!ProviderError.isInstance(error) || error.kind === 'aborted') return error;
    if (error.kind !== 'rate_limited') {
      // The limiter itself failed (its store is down and it fails closed): this provider's error,
      // with its kind kept, so the chain records the attempt and moves on.
      return new ProviderError(error.message, {
        kind: error.kind,
        retryable: error.retryable,
        providerId: provider.id,
        model: request.model ?? provider.model,
        cause: error.cause ?? error,
        attempts: [{ provider: provider.id, model: request.model ?? provider.model, ok: false, kind: error.kind, durationMs: 0 }],
      });
    }
    if (remainingMs !== undefined && (error.retryAfterMs ?? Infinity) > remainingMs) {
      // The queue wait counts against the caller's deadline: waiting would only end in a timeout.
      return new ProviderError(`Provider "${provider.id}" would wait in the rate limiter's queue past the call's deadline`, {
        kind: 'timeout',
        providerId: provider.id,
        model: request.model ?? provider.model,
        attempts: [{ provider: provider.id, model: request.model ?? provider.model, ok: false, kind: 'timeout', durationMs: 0 }],
      });
    }
    emitResilienceEvent(onEvent, {
      type: 'rate_limited',
      provider: provider.id,
      model: request.model ?? provider.model,
      metadata: request.metadata,
      refused: true,
      waitMs: error.retryAfterMs ?? 0,
    });
    return new ProviderError(error.message, {
      kind: 'rate_limited',
      retryable: false,
      retryAfterMs: error.retryAfterMs,
      providerId: provider.id,
      model: request.model ?? provider.model,
      attempts: [{ provider: provider.id, model: request.model ?? provider.model, ok: false, kind: 'rate_limited', durationMs: 0, retryAfterMs: error.retryAfterMs }],
    });
  };

  // generate awaits the limiter itself rather than through an async helper: one promise layer
  // fewer on every call.
  return wrapProvider(provider, {
    async wrapGenerate({ request, options, doGenerate }) {
      const remainingMs = remainingOf(options.deadline);
      let lease: RateLimitLease;
      try {
        lease = await limiter.acquire({ tokens: weigh(request as ChatRequest<unknown>) }, { signal: options.signal, maxQueueWaitMs, remainingMs });
      } catch (error) {
        throw refusal(request as ChatRequest<unknown>, error, remainingMs);
      }
      reportWait(request as ChatRequest<unknown>, lease);
      let used: number | undefined;
      try {
        const result = await doGenerate();
        used = result.usage.totalTokens;
        return result;
      } finally {
        lease.release(used === undefined ? undefined : { tokens: used });
      }
    },

    wrapStream: ({ request, options, createStream }) =>
      createStream(async function* ({ signal, doStream }) {
        const remainingMs = remainingOf(options.deadline);
        let lease: RateLimitLease;
        try {
          lease = await limiter.acquire({ tokens: weigh(request as ChatRequest<unknown>) }, { signal, maxQueueWaitMs, remainingMs });
        } catch (error) {
          throw refusal(request as ChatRequest<unknown>, error, remainingMs);
        }
        reportWait(request as ChatRequest<unknown>, lease);
        let used: number | undefined;
        try {
          const inner = doStream();
          yield* streamParts(inner as ChatStream<unknown>);
          const completion = completionOf(await inner.result);
          used = completion.usage.totalTokens;
          return completion;
        } finally {
          lease.release(used === undefined ? undefined : { tokens: used });
        }
      }),
  });
}
