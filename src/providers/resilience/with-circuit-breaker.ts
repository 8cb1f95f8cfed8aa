import type { ChatStream, Provider } from '../../core/types.js';
import { streamParts } from '../../core/create-chat-stream.js';
import { completionOf, wrapProvider } from '../wrap-provider.js';
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerSettings, type CircuitPermit } from './create-circuit-breaker.js';
import type { Clock } from '../../core/clock.js';
import type { ResilienceEventListener } from './resilience-event.js';

/**
 * Options for {@link withCircuitBreaker}: the breaker's settings, or a breaker the host already
 * has (to share one breaker between several wrappers of the same provider).
 *
 * @example
 * ```ts
 * const options: CircuitBreakerWrapperOptions = { failureThreshold: 3, cooldownMs: 10_000 };
 * ```
 */
export interface CircuitBreakerWrapperOptions extends CircuitBreakerSettings {
  readonly breaker?: CircuitBreaker;
  /** @default systemClock */
  readonly clock?: Clock;
  readonly onEvent?: ResilienceEventListener;
}

/**
 * A provider guarded by a circuit breaker, with the breaker exposed for health checks.
 *
 * @example
 * ```ts
 * const guarded: CircuitBreakerProvider = withCircuitBreaker(openai);
 * if (guarded.circuit.state === 'open') console.warn('OpenAI is failing; answers come from the fallback');
 * ```
 */
export interface CircuitBreakerProvider extends Provider {
  readonly circuit: CircuitBreaker;
}

/**
 * Guards a provider with a circuit breaker (see {@link createCircuitBreaker} for the rules).
 * While the circuit is open, calls fail instantly with kind `circuit_open` and never reach the
 * provider. A stream's outcome is reported when the stream ends. An abort by the caller tells
 * nothing about the provider and is not counted.
 *
 * @example
 * ```ts
 * import { withCircuitBreaker } from 'crmkit';
 *
 * const guarded = withCircuitBreaker(openai, { failureThreshold: 5, cooldownMs: 5_000, onEvent: console.log });
 * await guarded.generate({ messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export function withCircuitBreaker(provider: Provider, options: CircuitBreakerWrapperOptions = {}): CircuitBreakerProvider {
  const { breaker: shared, ...settings } = options;
  const circuit = shared ?? createCircuitBreaker({ ...settings, name: provider.id, model: provider.model });

  const report = (permit: CircuitPermit, error: unknown, signal: AbortSignal | undefined): void => {
    // When the caller's own signal fired (cancel, total deadline), the failure is not the provider's.
    if (signal?.aborted) permit.release();
    else permit.failure(error);
  };

  const wrapped = wrapProvider(provider, {
    async wrapGenerate({ options, doGenerate }) {
      const permit = circuit.acquire();
      try {
        const result = await doGenerate();
        permit.success();
        return result;
      } catch (error) {
        report(permit, error, options.signal);
        throw error;
      }
    },

    wrapStream: ({ createStream }) =>
      createStream(async function* ({ signal, doStream }) {
        const permit = circuit.acquire();
        try {
          const inner = doStream();
          yield* streamParts(inner as ChatStream<unknown>);
          const completion = completionOf(await inner.result);
          permit.success();
          return completion;
        } catch (error) {
          report(permit, error, signal);
          throw error;
        } finally {
          permit.release(); // no-op once reported; covers a consumer that stopped reading early
        }
      }),
  });
  return { ...wrapped, circuit };
}
