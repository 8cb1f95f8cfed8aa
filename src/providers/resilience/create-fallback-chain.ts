import { z } from 'zod/v4';
import { abortError } from '../../core/abort.js';
import { createLinkedAbort, type LinkedAbort } from '../../core/create-linked-abort.js';
import type { Sleep } from '../../core/clock.js';
import { ProviderError, ValidationError, type ProviderErrorKind } from '../../core/errors.js';
import { createApproximateTokenCounter, type TokenCounter } from '../../core/token-counter.js';
import type { ToolCallDelta } from '../../core/tools.js';
import type { Attempt, CallOptions, ChatRequest, ChatResult, ChatStream, Provider } from '../../core/types.js';
import { parseInput } from '../../core/validate.js';
import { createChatStream, streamParts, type StreamCompletion } from '../../core/create-chat-stream.js';
import { attemptsOfError, attemptsOfResult, toProviderError, withAttempts } from './attempt-log.js';
import { resolveErrorPolicy, type ErrorAction } from '../../core/error-policy.js';
import { emitResilienceEvent, type ResilienceEventListener } from './resilience-event.js';
import { startTimer } from './start-timer.js';
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

const noDeadline = (): void => undefined;

interface Failure {
  readonly provider: string;
  readonly kind: ProviderErrorKind;
  readonly error: ProviderError;
}

/**
 * The error for a call every link failed, summarising all of them: the kind, status, provider and
 * model of the first link whose failure was retryable (the one a host retrying soon would reach
 * first), else of the last link (`timeout` when the total deadline passed); `retryable` when any link's failure was; `retryAfterMs` the
 * soonest wait any link asked for; the message names each link's failure kind in order.
 */
function summariseFailures(failures: readonly Failure[], attempts: readonly Attempt[], message: string, deadlineError: ProviderError | undefined): ProviderError {
  const retryable = failures.find((failure) => failure.error.retryable);
  // A passed total deadline is the story's end whatever the links said: kind `timeout`.
  const representative = deadlineError ?? retryable?.error ?? (failures[failures.length - 1] as Failure).error;
  const waits = failures.map((failure) => failure.error.retryAfterMs).filter((wait): wait is number => wait !== undefined);
  return new ProviderError(message, {
    kind: representative.kind,
    retryable: retryable !== undefined || representative.retryable,
    retryAfterMs: waits.length > 0 ? Math.min(...waits) : undefined,
    status: representative.status,
    providerId: representative.providerId,
    model: representative.model,
    requestId: representative.requestId,
    attempts,
    cause: representative,
  });
}

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
  const policy = resolveErrorPolicy(options.policy);
  const counter = options.tokenCounter ?? createApproximateTokenCounter();
  const { degraded, onEvent, includeContent, restartStreamOnFailure = false, deadlineMs } = options;
  const first = (links[0] ?? degraded) as Provider;
  // Links that enforce `CallOptions.deadline` themselves need no timer of the chain's: it passes
  // the deadline down instead (an AbortController and a timer fewer per call). An injected
  // `sleep` means the chain's time is not the `performance.now()` clock, so it keeps its timer.
  const armsTimer = options.sleep !== undefined || !links.every((link) => link.honorsDeadline === true);
  const deadlineError = (): ProviderError =>
    new ProviderError(`No provider answered within ${deadlineMs} ms (total deadline)`, { kind: 'timeout', providerId: first.id, model: first.model });

  const estimate = (request: ChatRequest<unknown>): number => counter.countMessages(request.messages, request.model).tokens + (request.maxOutputTokens ?? 0);

  /**
   * The links in the order this request tries them: the chain's order, or the request's
   * `preferredProvider` first and the rest after it in the chain's order.
   */
  const orderFor = (request: ChatRequest<unknown>): readonly Provider[] => {
    const preferred = request.preferredProvider?.trim().toLowerCase();
    if (preferred === undefined || preferred === '' || preferred === 'auto') return links;
    const index = links.findIndex((link) => link.id.toLowerCase() === preferred);
    if (index === -1) {
      const known = links.map((link) => `"${link.id}"`).join(', ');
      throw new ValidationError('request', [
        { path: 'preferredProvider', message: `No provider "${request.preferredProvider}" in this chain; expected "auto"${known ? ` or one of ${known}` : ' (the chain has no model provider)'}` },
      ]);
    }
    if (index === 0) return links;
    return [links[index] as Provider, ...links.slice(0, index), ...links.slice(index + 1)];
  };

  /** The next link after `index` that may take the request, or `links.length` when none. */
  const nextEligible = (links: readonly Provider[], index: number, minimumWindow: number, needed: number): number => {
    let next = index + 1;
    while (next < links.length) {
      const link = links[next] as Provider;
      if (link.contextWindow > minimumWindow && link.contextWindow >= needed) break;
      next++;
    }
    return next;
  };

  const describe = (failures: readonly Failure[]): string => failures.map((failure) => `${failure.provider}: ${failure.kind}`).join('; ');

  const emitFailure = (request: ChatRequest<unknown>, error: ProviderError, attempts: readonly Attempt[]): void =>
    emitResilienceEvent(onEvent, {
      type: 'failure',
      provider: error.providerId ?? first.id,
      model: error.model ?? first.model,
      metadata: request.metadata,
      kind: error.kind,
      status: error.status,
      attempts: attempts.length,
    });

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

  /** Builds the error for a call that ran out of links. */
  const exhausted = (request: ChatRequest<unknown>, lastError: ProviderError, failures: readonly Failure[], attempts: readonly Attempt[], needed: number | undefined, timedOut = false): ProviderError => {
    if (lastError.kind === 'context_length' && needed !== undefined) {
      const largest = Math.max(...links.map((link) => link.contextWindow));
      return withAttempts(lastError, attempts, {
        message: `The request needs about ${needed} tokens (estimated, including maxOutputTokens) and no provider in the chain can take it (largest context window: ${largest}); shorten the history or add a provider with a larger context window`,
      });
    }
    const message = `Every provider in the chain failed (${describe(failures)})`;
    // One link: its own error (of its own class) tells the whole story.
    const error = failures.length > 1 ? summariseFailures(failures, attempts, message, timedOut ? lastError : undefined) : withAttempts(lastError, attempts, { message });
    emitFailure(request, error, attempts);
    return error;
  };

  /**
   * Runs the chain's loop: `call` tries one link and returns its outcome or throws. Shared by
   * generate and stream so both follow exactly the same policy.
   */
  async function run<T>(
    request: ChatRequest<unknown>,
    signal: AbortSignal | undefined,
    callerDeadline: number | undefined,
    attempts: Attempt[],
    call: (link: Provider, signal: AbortSignal | undefined, stopDeadline: () => void, deadline: number | undefined, failover: boolean) => Promise<T>,
    onLinkFailure?: (failure: ProviderError) => void,
    outerFailover = false,
  ): Promise<{ value: T; link: Provider; isDegraded: boolean; failures: readonly Failure[] }> {
    const callerSignal = signal;
    let stopDeadline = noDeadline;
    let linked: LinkedAbort | undefined;
    let deadline = callerDeadline;
    /** The chain's own deadline, while it applies (streams: until the first delta); else undefined. */
    let own: number | undefined;
    if (deadlineMs !== undefined) {
      own = performance.now() + deadlineMs;
      if (callerDeadline === undefined || own < callerDeadline) deadline = own;
      if (armsTimer) {
        const expiry = createLinkedAbort(callerSignal);
        linked = expiry;
        signal = expiry.signal;
        stopDeadline = startTimer(options.sleep, deadlineMs, () => expiry.abort(deadlineError()));
      } else {
        stopDeadline = () => {
          own = undefined;
          deadline = callerDeadline;
        };
      }
    }
    // Without a timer of its own, the chain learns that its deadline passed from the clock.
    const expired = (): boolean => (signal?.aborted === true && !callerSignal?.aborted) || (own !== undefined && !armsTimer && performance.now() >= own);
    // One async function for the whole loop (not a helper awaited inside the try): every call
    // passes through here, and each extra async layer is a promise and a few microtask hops.
    try {
      const ordered = orderFor(request);
      const failures: Failure[] = [];
      let lastError: ProviderError | undefined;
      let minimumWindow = 0;
      let needed = 0;
      let neededKnown: number | undefined;
      let timedOut = false;
      let index = 0;
      while (index < ordered.length) {
        const link = ordered[index] as Provider;
        const startedAt = performance.now();
        if (expired()) {
          // The deadline passed between links.
          lastError ??= deadlineError();
          timedOut = true;
          break;
        }
        try {
          // Another model link after this one: the link's retry may fail over rather than retry in place.
          const value = await call(link, signal, stopDeadline, deadline, outerFailover || nextEligible(ordered, index, minimumWindow, needed) < ordered.length);
          return { value, link, isDegraded: false, failures };
        } catch (error) {
          const failure = toProviderError(error, link, signal);
          attempts.push(...attemptsOfError(failure, link, performance.now() - startedAt));
          onLinkFailure?.(failure);
          if (callerSignal?.aborted) {
            const aborted = withAttempts(abortError(callerSignal, { providerId: link.id, model: link.model }), attempts);
            emitFailure(request, aborted, attempts);
            throw aborted;
          }
          if (expired()) {
            // The total deadline passed: no more links, straight to the degraded responder.
            lastError = signal?.aborted ? abortError(signal, { providerId: link.id, model: link.model }) : deadlineError();
            failures.push({ provider: link.id, kind: 'timeout', error: lastError });
            timedOut = true;
            break;
          }
          if (policy[failure.kind] === 'stop') {
            const stopped = withAttempts(failure, attempts);
            emitFailure(request, stopped, attempts);
            throw stopped;
          }
          failures.push({ provider: link.id, kind: failure.kind, error: failure });
          lastError = failure;
          if (failure.kind === 'context_length') {
            minimumWindow = Math.max(minimumWindow, link.contextWindow);
            neededKnown = estimate(request);
            needed = neededKnown;
          }
          const next = nextEligible(ordered, index, minimumWindow, needed);
          const to = next < ordered.length ? (ordered[next] as Provider).id : degraded?.id;
          if (to !== undefined) {
            emitResilienceEvent(onEvent, { type: 'fallback', provider: link.id, model: failure.model ?? link.model, metadata: request.metadata, kind: failure.kind, to });
          }
          index = next;
        }
      }
      const last = lastError ?? abortError(signal);
      if (!degraded) throw exhausted(request, last, failures, attempts, neededKnown, timedOut);
      stopDeadline();
      const startedAt = performance.now();
      try {
        const value = await call(degraded, callerSignal, stopDeadline, callerDeadline, outerFailover);
        return { value, link: degraded, isDegraded: true, failures };
      } catch (error) {
        const failure = toProviderError(error, degraded, signal);
        attempts.push(...attemptsOfError(failure, degraded, performance.now() - startedAt));
        failures.push({ provider: degraded.id, kind: failure.kind, error: failure });
        throw exhausted(request, failure, failures, attempts, undefined);
      }
    } finally {
      stopDeadline();
      linked?.dispose();
    }
  }

  // The reason names each provider's failure kind, in order; a responder's own reason (the
  // rule-based one always has one) is kept in front of that list, never instead of it.
  const reasonFor = (failures: readonly Failure[], own: string | undefined): string => {
    if (failures.length === 0) return own ?? 'no model provider is configured';
    return own === undefined ? `every model provider failed (${describe(failures)})` : `${own} (${describe(failures)})`;
  };

  return {
    id: first.id,
    model: first.model,
    contextWindow: first.contextWindow,
    // The caller's deadline is enforced by the links, so only when all of them enforce it.
    honorsDeadline: links.every((link) => link.honorsDeadline === true) ? true : undefined,

    async generate<OBJECT = undefined>(request: ChatRequest<OBJECT>, callOptions: CallOptions = {}): Promise<ChatResult<OBJECT>> {
      const startedAt = performance.now();
      const attempts: Attempt[] = [];
      const { value, isDegraded, failures } = await run(
        request as ChatRequest<unknown>,
        callOptions.signal,
        callOptions.deadline,
        attempts,
        (link, signal, _stop, deadline, failover) => link.generate(request, { ...callOptions, signal, deadline, failover }),
        undefined,
        callOptions.failover === true,
      );
      attempts.push(...attemptsOfResult(value));
      const latencyMs = performance.now() - startedAt;
      const result: ChatResult<OBJECT> = isDegraded
        ? { ...value, attempts, latencyMs, degraded: true, degradedReason: reasonFor(failures, value.degradedReason) }
        : { ...value, attempts, latencyMs };
      emitSuccess(request as ChatRequest<unknown>, result, attempts.length, latencyMs);
      return result;
    },

    stream<OBJECT = undefined>(request: ChatRequest<OBJECT>, callOptions: CallOptions = {}): ChatStream<OBJECT> {
      const startedAt = performance.now();
      let answerText = '';
      const stream = createChatStream<OBJECT>(
        async function* (signal) {
          const attempts: Attempt[] = [];
          // Deltas flow from inside `run` through this queue, so the chain's loop (and its policy)
          // stays the same for streams: a link "fails" only if it fails before finishing.
          let emittedByLink = 0;
          const pending: (string | ToolCallDelta)[] = [];
          let wake: (() => void) | undefined;
          let settled = false;
          let outcome: { completion: StreamCompletion<OBJECT>; isDegraded: boolean; failures: readonly Failure[] } | undefined;
          let failure: unknown;

          const runner = run(
            request as ChatRequest<unknown>,
            signal,
            callOptions.deadline,
            attempts,
            async (link, linkSignal, stopDeadline, deadline, failover) => {
              emittedByLink = 0;
              answerText = '';
              const inner = link.stream(request, { ...callOptions, signal: linkSignal, deadline, failover });
              for await (const delta of streamParts(inner)) {
                if (emittedByLink === 0) stopDeadline();
                // A tool-call delta counts as output: another model's call must not follow it either.
                if (typeof delta === 'string') {
                  emittedByLink += delta.length;
                  answerText += delta;
                } else {
                  emittedByLink += Math.max(1, delta.argumentsDelta.length);
                }
                pending.push(delta);
                wake?.();
              }
              const { text: _text, latencyMs: _latency, ...completion } = await inner.result;
              return completion;
            },
            (linkFailure) => {
              if (emittedByLink === 0) return;
              if (!restartStreamOnFailure) {
                // Part of this answer is already out: another model's text must not follow it.
                const midStream = withAttempts(linkFailure, attempts);
                emitFailure(request as ChatRequest<unknown>, midStream, attempts);
                throw midStream;
              }
              emitResilienceEvent(onEvent, {
                type: 'stream_restarted',
                provider: linkFailure.providerId ?? first.id,
                model: linkFailure.model ?? first.model,
                metadata: request.metadata,
                kind: linkFailure.kind,
                discardedChars: emittedByLink,
              });
            },
            callOptions.failover === true,
          ).then(
            ({ value, isDegraded, failures }) => {
              outcome = { completion: value, isDegraded, failures };
            },
            (error: unknown) => {
              failure = error;
            },
          );
          void runner.finally(() => {
            settled = true;
            wake?.();
          });

          for (;;) {
            while (pending.length > 0) yield pending.shift() as string | ToolCallDelta;
            if (settled) break;
            await new Promise<void>((resolve) => {
              wake = resolve;
              if (pending.length > 0 || settled) resolve();
            });
            wake = undefined;
          }
          while (pending.length > 0) yield pending.shift() as string | ToolCallDelta;
          if (!outcome) throw failure;
          const { completion, isDegraded, failures } = outcome;
          attempts.push(...attemptsOfResult({ ...completion, latencyMs: performance.now() - startedAt }));
          const latencyMs = performance.now() - startedAt;
          const result = isDegraded
            ? { ...completion, attempts, degraded: true, degradedReason: reasonFor(failures, completion.degradedReason) }
            : { ...completion, attempts };
          emitSuccess(request as ChatRequest<unknown>, { ...result, degraded: isDegraded, text: answerText }, attempts.length, latencyMs);
          return result;
        },
        { signal: callOptions.signal, providerId: first.id, model: first.model },
      );
      if (!restartStreamOnFailure) return stream;
      const result = stream.result.then((value) => ({ ...value, text: answerText }));
      result.catch(() => undefined);
      const text = result.then((value) => value.text);
      text.catch(() => undefined);
      return { ...stream, result, text };
    },
  };
}
