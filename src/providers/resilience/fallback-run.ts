import { abortError } from '../../core/abort.js';
import type { Sleep } from '../../core/clock.js';
import { createLinkedAbort, type LinkedAbort } from '../../core/create-linked-abort.js';
import { ProviderError, ValidationError } from '../../core/errors.js';
import type { TokenCounter } from '../../core/token-counter.js';
import type { Attempt, ChatRequest, Provider } from '../../core/types.js';
import { attemptsOfError, toProviderError, withAttempts } from './attempt-log.js';
import { decideAfterFailure } from './decide-after-failure.js';
import { errorAction, type ErrorPolicy } from '../../core/error-policy.js';
import { emitResilienceEvent, type ResilienceEventListener } from './resilience-event.js';
import { startTimer } from './start-timer.js';
import { describeFailures, summariseFailures, type LinkFailure } from './summarise-failures.js';

/**
 * What a fallback chain is made of: fixed when the chain is built, shared by all its calls.
 *
 * @example
 * ```ts
 * const run = new FallbackRun(setup, request, options.signal, options.deadline, false);
 * ```
 */
export interface FallbackChainSetup {
  readonly links: readonly Provider[];
  readonly degraded: Provider | undefined;
  /** The provider the chain reports as itself: its first link, else the degraded responder. */
  readonly first: Provider;
  readonly policy: ErrorPolicy;
  readonly tokenCounter: TokenCounter;
  readonly deadlineMs: number | undefined;
  /**
   * Whether the chain runs a timer for its deadline. Links that enforce `CallOptions.deadline`
   * themselves need none: the chain passes the deadline down instead (an AbortController and a
   * timer fewer per call). An injected `sleep` means the chain's time is not the
   * `performance.now()` clock, so it keeps its timer.
   */
  readonly armsTimer: boolean;
  readonly sleep: Sleep | undefined;
  readonly restartStreamOnFailure: boolean;
  readonly onEvent: ResilienceEventListener | undefined;
}

/**
 * What a call through the chain does next: call `link` with these options, or fail with `error`.
 *
 * @example
 * ```ts
 * const step: FallbackStep = run.first();
 * if (step.type === 'fail') throw step.error;
 * ```
 */
export type FallbackStep = LinkCall | { readonly type: 'fail'; readonly error: ProviderError };

/**
 * Calling one link: the signal, deadline and `failover` flag to pass it, and when the call
 * started (for the attempt's duration when the link keeps no attempts of its own).
 *
 * @example
 * ```ts
 * const value = await step.link.generate(request, { ...options, signal: step.signal, deadline: step.deadline, failover: step.failover });
 * ```
 */
export interface LinkCall {
  readonly type: 'call';
  readonly link: Provider;
  readonly signal: AbortSignal | undefined;
  readonly deadline: number | undefined;
  readonly failover: boolean;
  readonly startedAt: number;
}

/**
 * One call through a fallback chain: the order it tries the links in, its total deadline, and
 * the attempts and failures so far. `first()` gives the first step; when a link fails,
 * `failed()` records the failure, applies the chain's policy (emitting `fallback`,
 * `stream_restarted` and `failure` events) and gives the next step. The caller makes the calls,
 * so generate and stream follow exactly the same policy. Always `end()` a run.
 *
 * @example
 * ```ts
 * const run = new FallbackRun(setup, request, options.signal, options.deadline, false);
 * try {
 *   let step = run.first();
 *   while (step.type === 'call') {
 *     try {
 *       return await step.link.generate(request, { signal: step.signal, deadline: step.deadline, failover: step.failover });
 *     } catch (error) {
 *       step = run.failed(step, error);
 *     }
 *   }
 *   throw step.error;
 * } finally {
 *   run.end();
 * }
 * ```
 */
export class FallbackRun {
  /** Every attempt of every link so far, in order. */
  readonly attempts: Attempt[] = [];
  /** Each failed link (and the degraded responder, if it failed too), in order. */
  readonly failures: LinkFailure[] = [];
  /** The degraded responder is answering: every model link failed (or the deadline passed). */
  answeringDegraded = false;

  private readonly chain: FallbackChainSetup;
  private readonly request: ChatRequest<unknown>;
  private readonly order: readonly Provider[];
  private readonly callerSignal: AbortSignal | undefined;
  private readonly callerDeadline: number | undefined;
  private readonly outerFailover: boolean;
  /** Passed to model links: the caller's signal, or one the chain's deadline timer also fires. */
  private readonly signal: AbortSignal | undefined;
  private readonly expiry: LinkedAbort | undefined;
  private readonly cancelTimer: (() => void) | undefined;
  /** Passed to model links: the earlier of the caller's deadline and the chain's. */
  private deadline: number | undefined;
  /** The chain's deadline while it watches it by the clock (when it runs no timer). */
  private clockDeadline: number | undefined;
  /** Index in `order` of the link being called. */
  private index = 0;
  private lastError: ProviderError | undefined;
  private timedOut = false;
  // After a `context_length` failure, only a link with a larger window that fits the request may take it.
  private minimumWindow = 0;
  private needed = 0;
  private neededKnown: number | undefined;

  constructor(chain: FallbackChainSetup, request: ChatRequest<unknown>, callerSignal: AbortSignal | undefined, callerDeadline: number | undefined, outerFailover: boolean) {
    this.chain = chain;
    this.request = request;
    this.order = linksInOrderFor(chain.links, request);
    this.callerSignal = callerSignal;
    this.callerDeadline = callerDeadline;
    this.outerFailover = outerFailover;
    this.signal = callerSignal;
    this.deadline = callerDeadline;
    const { deadlineMs } = chain;
    if (deadlineMs === undefined) return;
    const own = performance.now() + deadlineMs;
    if (callerDeadline === undefined || own < callerDeadline) this.deadline = own;
    if (!chain.armsTimer) {
      this.clockDeadline = own;
      return;
    }
    const expiry = createLinkedAbort(callerSignal);
    this.expiry = expiry;
    this.signal = expiry.signal;
    this.cancelTimer = startTimer(chain.sleep, deadlineMs, () => expiry.abort(totalDeadlineError(chain)));
  }

  /** The first step: the first link in this request's order (or the degraded responder). */
  first(): FallbackStep {
    return this.tryLink(0);
  }

  /**
   * Records that `step`'s link failed with `error` after streaming `streamedChars` of its answer
   * to the caller, and returns what to do next.
   */
  failed(step: LinkCall, error: unknown, streamedChars = 0): FallbackStep {
    const { link } = step;
    const failure = toProviderError(error, link, this.signal);
    this.attempts.push(...attemptsOfError(failure, link, performance.now() - step.startedAt));
    if (this.answeringDegraded) {
      // The degraded responder was the last resort.
      this.failures.push({ provider: link.id, kind: failure.kind, error: failure });
      return this.exhausted(failure, undefined, false);
    }
    const { restartStreamOnFailure } = this.chain;
    if (streamedChars > 0 && restartStreamOnFailure) this.emitStreamRestarted(failure, streamedChars);
    const decision = decideAfterFailure({
      action: errorAction(failure, this.chain.policy),
      streamedChars,
      restartStreamOnFailure,
      callerAborted: this.callerSignal?.aborted === true,
      deadlinePassed: this.deadlinePassed(),
    });
    switch (decision) {
      case 'give-up':
        return this.giveUp(withAttempts(failure, this.attempts));
      case 'cancelled':
        return this.giveUp(withAttempts(abortError(this.callerSignal, { providerId: link.id, model: link.model }), this.attempts));
      case 'out-of-time':
        return this.outOfTime(link);
      case 'fail-over':
        return this.failOver(link, failure);
    }
  }

  /** Stops the chain's own deadline: it covers a stream only until its first delta, and never the degraded responder. */
  stopDeadline(): void {
    if (this.cancelTimer) {
      this.cancelTimer();
      return;
    }
    this.clockDeadline = undefined;
    this.deadline = this.callerDeadline;
  }

  /** Releases the run's timer and signal listener. */
  end(): void {
    this.stopDeadline();
    this.expiry?.dispose();
  }

  private tryLink(index: number): FallbackStep {
    if (index < this.order.length) {
      if (!this.deadlinePassed()) return this.callLink(index);
      // The deadline passed between links.
      this.lastError ??= totalDeadlineError(this.chain);
      this.timedOut = true;
    }
    return this.afterLastLink();
  }

  private callLink(index: number): LinkCall {
    this.index = index;
    // Another model link after this one: the link's retry may fail over rather than retry in place.
    const failover = this.outerFailover || this.nextEligible(index) < this.order.length;
    return { type: 'call', link: this.order[index] as Provider, signal: this.signal, deadline: this.deadline, failover, startedAt: performance.now() };
  }

  /** No model link left (or no time for one): the degraded responder answers, if there is one. */
  private afterLastLink(): FallbackStep {
    const { degraded } = this.chain;
    if (!degraded) return this.exhausted(this.lastError ?? abortError(this.signal), this.neededKnown, this.timedOut);
    this.stopDeadline();
    this.answeringDegraded = true;
    return { type: 'call', link: degraded, signal: this.callerSignal, deadline: this.callerDeadline, failover: this.outerFailover, startedAt: performance.now() };
  }

  private failOver(link: Provider, failure: ProviderError): FallbackStep {
    this.failures.push({ provider: link.id, kind: failure.kind, error: failure });
    this.lastError = failure;
    if (failure.kind === 'context_length') {
      this.minimumWindow = Math.max(this.minimumWindow, link.contextWindow);
      this.neededKnown = this.chain.tokenCounter.countMessages(this.request.messages, this.request.model).tokens + (this.request.maxOutputTokens ?? 0);
      this.needed = this.neededKnown;
    }
    const next = this.nextEligible(this.index);
    const to = next < this.order.length ? (this.order[next] as Provider).id : this.chain.degraded?.id;
    if (to !== undefined) {
      emitResilienceEvent(this.chain.onEvent, { type: 'fallback', provider: link.id, model: failure.model ?? link.model, metadata: this.request.metadata, kind: failure.kind, to });
    }
    return this.tryLink(next);
  }

  /** The total deadline passed: no more links, straight to the degraded responder. */
  private outOfTime(link: Provider): FallbackStep {
    this.lastError = this.signal?.aborted ? abortError(this.signal, { providerId: link.id, model: link.model }) : totalDeadlineError(this.chain);
    this.failures.push({ provider: link.id, kind: 'timeout', error: this.lastError });
    this.timedOut = true;
    return this.afterLastLink();
  }

  /** Fails a call that ran out of links. */
  private exhausted(lastError: ProviderError, needed: number | undefined, timedOut: boolean): FallbackStep {
    if (lastError.kind === 'context_length' && needed !== undefined) {
      const largest = Math.max(...this.chain.links.map((link) => link.contextWindow));
      const message = `The request needs about ${needed} tokens (estimated, including maxOutputTokens) and no provider in the chain can take it (largest context window: ${largest}); shorten the history or add a provider with a larger context window`;
      return { type: 'fail', error: withAttempts(lastError, this.attempts, { message }) };
    }
    const message = `Every provider in the chain failed (${describeFailures(this.failures)})`;
    // One link: its own error (of its own class) tells the whole story.
    const error = this.failures.length > 1 ? summariseFailures(this.failures, this.attempts, message, timedOut ? lastError : undefined) : withAttempts(lastError, this.attempts, { message });
    return this.giveUp(error);
  }

  /** Fails the call with `error`, reported as a `failure` event. */
  private giveUp(error: ProviderError): FallbackStep {
    const { first } = this.chain;
    emitResilienceEvent(this.chain.onEvent, {
      type: 'failure',
      provider: error.providerId ?? first.id,
      model: error.model ?? first.model,
      metadata: this.request.metadata,
      kind: error.kind,
      status: error.status,
      attempts: this.attempts.length,
    });
    return { type: 'fail', error };
  }

  private emitStreamRestarted(failure: ProviderError, discardedChars: number): void {
    const { first } = this.chain;
    emitResilienceEvent(this.chain.onEvent, {
      type: 'stream_restarted',
      provider: failure.providerId ?? first.id,
      model: failure.model ?? first.model,
      metadata: this.request.metadata,
      kind: failure.kind,
      discardedChars,
    });
  }

  /** Without a timer of its own, the chain learns that its deadline passed from the clock. */
  private deadlinePassed(): boolean {
    return (this.signal?.aborted === true && !this.callerSignal?.aborted) || (this.clockDeadline !== undefined && performance.now() >= this.clockDeadline);
  }

  /** The next link after `index` that may take the request, or `order.length` when none. */
  private nextEligible(index: number): number {
    let next = index + 1;
    while (next < this.order.length) {
      const { contextWindow } = this.order[next] as Provider;
      if (contextWindow > this.minimumWindow && contextWindow >= this.needed) break;
      next++;
    }
    return next;
  }
}

/**
 * The links in the order a request tries them: the chain's order, or the request's
 * `preferredProvider` first and the rest after it in the chain's order.
 */
function linksInOrderFor(links: readonly Provider[], request: ChatRequest<unknown>): readonly Provider[] {
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
}

function totalDeadlineError(chain: FallbackChainSetup): ProviderError {
  return new ProviderError(`No provider answered within ${chain.deadlineMs} ms (total deadline)`, { kind: 'timeout', providerId: chain.first.id, model: chain.first.model });
}
