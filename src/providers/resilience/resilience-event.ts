import type { ProviderErrorKind } from '../../core/errors.js';
import type { ChatMessage, RequestMetadata } from '../../core/types.js';

/**
 * Fields every {@link ResilienceEvent} carries.
 *
 * @example
 * ```ts
 * const where = (event: ResilienceEventBase) => `${event.provider}/${event.model} tenant=${event.metadata?.tenantId ?? '-'}`;
 * const onEvent: ResilienceEventListener = (event) => console.info(event.type, where(event));
 * ```
 */
export interface ResilienceEventBase {
  /** Provider id the event is about (for `fallback`, the link that failed). */
  readonly provider: string;
  readonly model: string;
  /** The request's metadata (tenant, user, session, tags), never its content. */
  readonly metadata?: RequestMetadata;
}

/**
 * What the resilience wrappers report while they work. No event ever carries an API key; message
 * content (`messages`, `text`) appears only when the host passes `includeContent: true`.
 *
 * | type | emitted by | when |
 * |---|---|---|
 * | `attempt` | withRetry | before each try at the wrapped provider (1-based `attempt`) |
 * | `retry` | withRetry | after a failed try, before sleeping `delayMs` |
 * | `fallback` | createFallbackChain | moving from one link to the next (`to`) |
 * | `circuit` | createCircuitBreaker | the breaker changes state |
 * | `rate_limited` | withRateLimit | a call waited in the limiter's queue (`refused: false`) or was refused at once |
 * | `stream_restarted` | createFallbackChain | `restartStreamOnFailure` discarded `discardedChars` of a failed stream |
 * | `success` | withRetry, createFallbackChain | the call answered |
 * | `failure` | withRetry, createFallbackChain | the call gave up |
 *
 * @example
 * ```ts
 * const onEvent = (event: ResilienceEvent) => {
 *   if (event.type === 'circuit') console.warn(`${event.provider} circuit ${event.from} → ${event.to}`);
 *   if (event.type === 'failure') console.error(`${event.provider} failed: ${event.kind} after ${event.attempts} attempts`);
 * };
 * ```
 */
export type ResilienceEvent =
  | (ResilienceEventBase & { readonly type: 'attempt'; readonly attempt: number; readonly messages?: readonly ChatMessage[] })
  | (ResilienceEventBase & { readonly type: 'retry'; readonly attempt: number; readonly kind: ProviderErrorKind; readonly delayMs: number; readonly retryAfterMs?: number })
  | (ResilienceEventBase & { readonly type: 'fallback'; readonly kind: ProviderErrorKind; readonly to: string })
  | (ResilienceEventBase & { readonly type: 'circuit'; readonly from: CircuitStateName; readonly to: CircuitStateName; readonly reason: string })
  | (ResilienceEventBase & { readonly type: 'rate_limited'; readonly refused: boolean; readonly waitMs: number })
  | (ResilienceEventBase & { readonly type: 'stream_restarted'; readonly kind: ProviderErrorKind; readonly discardedChars: number })
  | (ResilienceEventBase & { readonly type: 'success'; readonly attempts: number; readonly latencyMs: number; readonly degraded: boolean; readonly text?: string })
  | (ResilienceEventBase & { readonly type: 'failure'; readonly attempts: number; readonly kind: ProviderErrorKind; readonly status?: number });

/**
 * The three states of a circuit breaker.
 *
 * @example
 * ```ts
 * const health: Record<CircuitStateName, 'up' | 'degraded' | 'down'> = { closed: 'up', half_open: 'degraded', open: 'down' };
 * const status = health[breaker.state];
 * ```
 */
export type CircuitStateName = 'closed' | 'open' | 'half_open';

/**
 * Receives {@link ResilienceEvent}s. It runs synchronously on the call path, so keep it cheap;
 * an exception it throws is swallowed rather than failing the call.
 *
 * @example
 * ```ts
 * const onEvent: ResilienceEventListener = (event) => metrics.increment(`ai.${event.type}`, { provider: event.provider });
 * ```
 */
export type ResilienceEventListener = (event: ResilienceEvent) => void;

/**
 * Calls `listener` with `event`, never letting the listener's own failure reach the caller.
 *
 * @example
 * ```ts
 * emitResilienceEvent(options.onEvent, { type: 'attempt', provider: 'openai', model: 'gpt-4o-mini', attempt: 1 });
 * ```
 */
export function emitResilienceEvent(listener: ResilienceEventListener | undefined, event: ResilienceEvent): void {
  if (!listener) return;
  try {
    listener(event);
  } catch {
    // An observer must never take the call down with it.
  }
}
