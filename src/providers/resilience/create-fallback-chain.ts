import { z } from 'zod/v4';
import type { Sleep } from '../../core/clock.js';
import type { ProviderErrorKind } from '../../core/errors.js';
import { createApproximateTokenCounter, type TokenCounter } from '../../core/token-counter.js';
import type { ToolCallDelta } from '../../core/tools.js';
import type { CallOptions, ChatRequest, ChatResult, ChatStream, Provider } from '../../core/types.js';
import { parseInput } from '../../core/validate.js';
import { createChatStream, streamParts, type StreamCompletion } from '../../core/create-chat-stream.js';
import { attemptsOfResult } from './attempt-log.js';
import { resolveErrorPolicy, type ErrorAction } from '../../core/error-policy.js';
import { FallbackRun, type FallbackChainSetup, type FallbackStep } from './fallback-run.js';
import { emitResilienceEvent, type ResilienceEventListener } from './resilience-event.js';
import { degradedReasonFor } from './summarise-failures.js';
import type { TelemetryOption } from '../../core/telemetry/telemetry-options.js';
import { resolveTelemetry } from '../../core/telemetry/load-telemetry.js';
import { instrumentProvider, markTraced } from '../telemetry/with-telemetry.js';
import { telemetryEventListener } from '../telemetry/record-resilience-event.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * Options for {@link createFallbackChain}.
 *
 * @example
 * ```ts
 * const options: FallbackChainOptions = { degraded: rulesResponder, policy: { invalid_request: 'stop' } };
 * ```
 */
export interface FallbackChainOptions {
  /**
   * What to do per error kind once a link has failed: `stop` fails the call, `retry` and `next`
   * move to the next link (retrying happens inside each link, see withRetry).
   * @default defaultErrorPolicy
   */
  readonly policy?: Partial<Record<ProviderErrorKind, ErrorAction>>;
  /**
   * Asked when every link has failed (and no `stop` kind occurred): typically the rule-based
   * responder. Its answers come back with `degraded: true` and a `degradedReason`.
   */
  readonly degraded?: Provider;
  /**
   * Estimates a request's size when a link reports `context_length`, to pick the next link whose
   * context window fits. @default createApproximateTokenCounter()
   */
  readonly tokenCounter?: TokenCounter;
  /**
   * When a stream fails after its first delta, start over on the next link instead of failing.
   * Iteration then continues with the next provider's answer from its beginning (a
   * `stream_restarted` event says how many characters to discard), while `text` and `result`
   * hold only the answering provider's text. Off by default, because a reader who has already
   * shown part of an answer would otherwise see two answers glued together.
   * @default false
   */
  readonly restartStreamOnFailure?: boolean;
  /**
   * Total deadline across every link, retries included (for streams: until the first delta).
   * When it passes, the running link is aborted and the `degraded` responder answers; without
   * one, the call fails with kind `timeout`. The caller's own abort always stops everything.
   * The chain passes it down as `CallOptions.deadline` (the earlier of it and the caller's own);
   * it arms a timer of its own only when a link does not declare `honorsDeadline`.
   * @default undefined (no deadline)
   */
  readonly deadlineMs?: number;
  /** Runs the deadline timer. @default real timers */
  readonly sleep?: Sleep;
  readonly onEvent?: ResilienceEventListener;
  /** Put the answer's text into `success` events. @default false */
  readonly includeContent?: boolean;
  /**
   * OpenTelemetry: a `chat {model}` span per link call (see `withTelemetry`), fallbacks as span
   * events and counters. `true` uses the host's global providers. @default false (off, free)
   */
  readonly telemetry?: TelemetryOption;
}

const providerShape = lazyObject(() => z.custom<Provider>(
  (value) => {
    const candidate = value as Partial<Provider> | null;
    return (
      typeof candidate === 'object' &&
      candidate !== null &&
      typeof candidate.id === 'string' &&
      typeof candidate.generate === 'function' &&
      typeof candidate.stream === 'function' &&
      typeof candidate.contextWindow === 'number'
    );
  },
  { message: 'Expected a Provider (id, model, contextWindow, generate, stream)' },
));

const chainInputSchema = lazyObject(() => z.object({
  links: z.array(providerShape),
  degraded: providerShape.optional(),
  deadlineMs: z.number().positive('Expected `deadlineMs` to be a positive number of milliseconds').optional(),
}).refine((input) => input.links.length > 0 || input.degraded !== undefined, { path: ['links'], message: 'Expected at least one provider in the chain (or a `degraded` responder)' }));

/**
 * A {@link Provider} over an ordered list of providers (usually each wrapped in retry, circuit
 * breaker, rate limit and timeout). Each failure is handled by the policy of its kind:
 *
 * - `stop` kinds (content_filter, budget_exceeded, aborted by default) fail the call at once;
 * - other kinds move to the next link; for `context_length`, to the next link whose context
 *   window is larger than the failed one's and fits the request's estimated size — or, when none
 *   does, the call fails with a `context_length` error saying so;
 * - when every link has failed, the `degraded` responder (if any) answers with
 *   `degraded: true` and a `degradedReason` naming each provider's failure kind, in order
 *   (after the responder's own reason, when it gives one);
 * - without one, the call fails with an error that summarises every link: the kind, status and
 *   provider of the first link whose failure was retryable (else of the last link),
 *   `retryable` when any link's failure was, `retryAfterMs` the soonest wait any link asked
 *   for, a message naming each provider's failure kind in order, and every link's error in
 *   `attempts[].error` (as the AI SDK's `RetryError` keeps `errors[]`).
 *
 * Streams fall over transparently until their first delta. After it, the caller gets a
 * `ProviderError` with `partialText` (only that provider's text — never another model's glued
 * on), unless `restartStreamOnFailure` is set. Results and errors list every attempt of every
 * link; `latencyMs` is the whole call. The chain reports its first link's id, model and
 * context window.
 *
 * @example
 * ```ts
 * import { createFallbackChain, withRetry } from 'crmkit';
 *
 * const chain = createFallbackChain([withRetry(openai), withRetry(anthropic)], { degraded: rulesResponder });
 * const result = await chain.generate({ messages: [{ role: 'user', content: 'Where is order #54321?' }] });
 * console.log(result.provider, result.degraded, result.attempts);
 * ```
 */
export function createFallbackChain(links: readonly Provider[], options: FallbackChainOptions = {}): Provider {
  parseInput(chainInputSchema, { links, degraded: options.degraded, deadlineMs: options.deadlineMs }, 'createFallbackChain input');
  const telemetry = resolveTelemetry(options.telemetry, 'createFallbackChain options');
  if (telemetry) {
    const traced = (link: Provider): Provider => instrumentProvider(link, telemetry);
    return markTraced(createFallbackChain(links.map(traced), { ...options, telemetry: false, degraded: options.degraded && traced(options.degraded), onEvent: telemetryEventListener(telemetry, options.onEvent) }));
  }
  const { degraded, onEvent, includeContent, restartStreamOnFailure = false } = options;
  const first = (links[0] ?? degraded) as Provider;
  const linksHonorDeadline = links.every((link) => link.honorsDeadline === true);
  const setup: FallbackChainSetup = {
    links,
    degraded,
    first,
    policy: resolveErrorPolicy(options.policy),
    tokenCounter: options.tokenCounter ?? createApproximateTokenCounter(),
    deadlineMs: options.deadlineMs,
    armsTimer: options.sleep !== undefined || !linksHonorDeadline,
    sleep: options.sleep,
    restartStreamOnFailure,
    onEvent,
  };

  const emitSuccess = (request: ChatRequest<unknown>, result: { provider: string; model: string; degraded: boolean; text?: string }, attempts: number, latencyMs: number): void => {
    if (!onEvent) return; // every call ends here: build no event nobody listens to
    emitResilienceEvent(onEvent, {
      type: 'success',
      provider: result.provider,
      model: result.model,
      metadata: request.metadata,
      attempts,
      latencyMs: Math.round(latencyMs),
      degraded: result.degraded,
      ...(includeContent && result.text !== undefined ? { text: result.text } : {}),
    });
  };

  return {
    id: first.id,
    model: first.model,
    contextWindow: first.contextWindow,
    // The caller's deadline is enforced by the links, so only when all of them enforce it.
    honorsDeadline: linksHonorDeadline ? true : undefined,

    async generate<OBJECT = undefined>(request: ChatRequest<OBJECT>, callOptions: CallOptions = {}): Promise<ChatResult<OBJECT>> {
      const startedAt = performance.now();
      const run = new FallbackRun(setup, request as ChatRequest<unknown>, callOptions.signal, callOptions.deadline, callOptions.failover === true);
      try {
        let step = run.first();
        while (step.type === 'call') {
          let value: ChatResult<OBJECT>;
          try {
            value = await step.link.generate(request, { ...callOptions, signal: step.signal, deadline: step.deadline, failover: step.failover });
          } catch (error) {
            step = run.failed(step, error);
            continue;
          }
          run.attempts.push(...attemptsOfResult(value));
          const latencyMs = performance.now() - startedAt;
          const result: ChatResult<OBJECT> = run.answeringDegraded
            ? { ...value, attempts: run.attempts, latencyMs, degraded: true, degradedReason: degradedReasonFor(run.failures, value.degradedReason) }
            : { ...value, attempts: run.attempts, latencyMs };
          emitSuccess(request as ChatRequest<unknown>, result, run.attempts.length, latencyMs);
          return result;
        }
        throw step.error;
      } finally {
        run.end();
      }
    },

    stream<OBJECT = undefined>(request: ChatRequest<OBJECT>, callOptions: CallOptions = {}): ChatStream<OBJECT> {
      const startedAt = performance.now();
      // The answering link's text: with restartStreamOnFailure, `text` and `result` hold only it.
      let answerText = '';

      /**
       * Link by link: open the link's stream and pass its deltas on. Its first delta commits the
       * chain to it (a failure after that is not failed over, see decideAfterFailure); when it
       * ends, its completion is the answer; when it fails, the run says what comes next.
       */
      async function* produce(signal: AbortSignal): AsyncGenerator<string | ToolCallDelta, StreamCompletion<OBJECT>, void> {
        const run = new FallbackRun(setup, request as ChatRequest<unknown>, signal, callOptions.deadline, callOptions.failover === true);
        let step: FallbackStep | undefined;
        let inner: ChatStream<OBJECT> | undefined; // the stream of the link being read
        let streamedChars = 0; // how much of its answer is out
        let atYield = false;
        try {
          step = run.first();
          while (step.type === 'call') {
            answerText = '';
            streamedChars = 0;
            let completion: StreamCompletion<OBJECT>;
            try {
              inner = step.link.stream(request, { ...callOptions, signal: step.signal, deadline: step.deadline, failover: step.failover });
              for await (const delta of streamParts(inner)) {
                if (streamedChars === 0) run.stopDeadline(); // the total deadline covers the wait for the first delta
                if (typeof delta === 'string') {
                  streamedChars += delta.length;
                  answerText += delta;
                } else {
                  // A tool-call delta counts as output too: another model's call must not follow it.
                  streamedChars += Math.max(1, delta.argumentsDelta.length);
                }
                atYield = true;
                yield delta;
                atYield = false;
              }
              const { text: _text, latencyMs: _latency, ...rest } = await inner.result;
              completion = rest;
            } catch (error) {
              step = run.failed(step, error, streamedChars);
              continue;
            }
            run.attempts.push(...attemptsOfResult({ ...completion, latencyMs: performance.now() - startedAt }));
            const latencyMs = performance.now() - startedAt;
            const result = run.answeringDegraded
              ? { ...completion, attempts: run.attempts, degraded: true, degradedReason: degradedReasonFor(run.failures, completion.degradedReason) }
              : { ...completion, attempts: run.attempts };
            emitSuccess(request as ChatRequest<unknown>, { ...result, degraded: run.answeringDegraded, text: answerText }, run.attempts.length, latencyMs);
            return result;
          }
          throw step.error;
        } finally {
          run.end();
          // A reader who stops early aborts the stream, and createChatStream then closes this
          // generator, possibly at the `yield` above. The link, aborted too, still ends in a failure
          // to report like any other.
          if (atYield && step?.type === 'call' && inner) {
            const call = step;
            await inner.result.then(
              () => undefined,
              (error: unknown) => void run.failed(call, error, streamedChars),
            );
          }
        }
      }

      const stream = createChatStream<OBJECT>(produce, { signal: callOptions.signal, providerId: first.id, model: first.model });
      if (!restartStreamOnFailure) return stream;
      const result = stream.result.then((value) => ({ ...value, text: answerText }));
      result.catch(() => undefined);
      const text = result.then((value) => value.text);
      text.catch(() => undefined);
      return { ...stream, result, text };
    },
  };
}
