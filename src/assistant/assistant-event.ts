import type { ContentCategory } from '../fallback/create-content-filter.js';
import type { ResilienceEvent } from '../providers/resilience/resilience-event.js';

/**
 * The assistant operations that are observed: each is one span, one `operation` event and one
 * debug log line.
 *
 * @example
 * ```ts
 * const slow: AssistantOperation[] = ['draftReply', 'analyze'];
 * ```
 */
export type AssistantOperation = 'ask' | 'send' | 'stream' | 'analyze' | 'classify' | 'draftReply' | 'inbox.rank' | 'escalate';

/**
 * The correlation id every observed result (and every error an operation throws) carries: the
 * active OpenTelemetry trace id when telemetry is on, else a generated 32-hex id. Put it in your
 * logs and records to join them with crmkit's events and traces.
 *
 * @example
 * ```ts
 * const answer = await assistant.ask({ tenantId: 'care', query: 'Who is overdue?' });
 * logger.info({ correlationId: answer.correlationId }, 'answered');
 * ```
 */
export interface Correlated {
  readonly correlationId: string;
}

/**
 * Who an event is about, from the operation's input: the host's own ids, given to the host's own
 * listener (spans get them only with `recordIdentity`).
 *
 * @example
 * ```ts
 * const who = (event: AssistantEventScope) => `${event.operation} ${event.tenantId ?? '-'} ${event.correlationId}`;
 * ```
 */
export interface AssistantEventScope {
  readonly operation: AssistantOperation;
  readonly correlationId: string;
  readonly tenantId?: string;
  readonly userId?: string;
  readonly sessionId?: string;
}

/**
 * One try at one provider within an operation, as the operation's `attempts` list it.
 *
 * @example
 * ```ts
 * const failed = (attempts: readonly AssistantAttempt[]) => attempts.filter((attempt) => !attempt.ok).map((attempt) => `${attempt.provider}: ${attempt.kind}`);
 * ```
 */
export interface AssistantAttempt {
  readonly provider: string;
  readonly model: string;
  readonly ok: boolean;
  /** The error kind of a failed try (`overloaded`, `auth`, `timeout`…). */
  readonly kind?: string;
  readonly status?: number;
  /** Whole milliseconds. */
  readonly durationMs: number;
}

/**
 * The assistant's typed event stream (`createCrmAssistant({ onEvent })`):
 *
 * - `attempt_end`: one per provider try of an operation, when the model call it belongs to has
 *   settled (its provider, model, outcome, error kind and duration);
 * - `operation`: one per operation when it settles: provider and model that answered, every
 *   attempt, usage (input, output, cached), cost in micro-dollars, latency in whole
 *   milliseconds, whether the answer was degraded and why, the error kind when it threw;
 * - the resilience wrappers' own events ({@link ResilienceEvent}) when the assistant forwards them.
 *
 * Every assistant event carries the correlation id. None carries an API key or message content.
 *
 * @example
 * ```ts
 * const onEvent = (event: AssistantEvent) => {
 *   if (event.type === 'operation') metrics.histogram('crm.ai.latency', event.latencyMs, { operation: event.operation, degraded: event.degraded });
 * };
 * ```
 */
export type AssistantEvent =
  | (AssistantEventScope & AssistantAttempt & { readonly type: 'attempt_end'; /** 1-based position among the operation's tries. */ readonly attempt: number })
  | (AssistantEventScope & {
      readonly type: 'operation';
      /** False when the operation threw (then `errorKind` says why). */
      readonly ok: boolean;
      readonly errorKind?: string;
      /** Who answered: a provider id, `rules` for a rule-based answer; absent for operations without a model (inbox.rank, escalate). */
      readonly provider?: string;
      readonly model?: string;
      readonly attempts: readonly AssistantAttempt[];
      readonly usage: { readonly inputTokens: number; readonly outputTokens: number; readonly cachedInputTokens: number };
      readonly costMicros: number;
      /** Whole milliseconds. */
      readonly latencyMs: number;
      readonly degraded: boolean;
      readonly degradedReason?: string;
    })
  | ResilienceEvent;

/**
 * Receives {@link AssistantEvent}s. It runs on the call path: keep it cheap. An exception it throws
 * is swallowed.
 *
 * @example
 * ```ts
 * const onEvent: AssistantEventListener = (event) => { if (event.type === 'operation' && event.degraded) alerts.count('degraded'); };
 * ```
 */
export type AssistantEventListener = (event: AssistantEvent) => void;

/**
 * Which use case a content-filter event comes from.
 *
 * @example
 * ```ts
 * const operation: ContentFilterOperation = 'send';
 * ```
 */
export type ContentFilterOperation = 'ask' | 'send' | 'stream' | 'analyze';

/**
 * What `onContentFiltered` receives when the configured content filter blocks a customer's
 * input. It holds no message text (the blocked text never leaves the filter), only who, where
 * and which categories.
 *
 * @example
 * ```ts
 * const onContentFiltered = (event: ContentFilteredEvent) => metrics.increment('content_filtered', { tenant: event.tenantId, categories: event.categories.join(',') });
 * ```
 */
export interface ContentFilteredEvent {
  readonly tenantId: string;
  readonly userId?: string;
  readonly sessionId?: string;
  readonly operation: ContentFilterOperation;
  readonly categories: readonly ContentCategory[];
  readonly at: Date;
}
