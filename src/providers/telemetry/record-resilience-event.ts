import { crmkitAttributes, genAi } from '../../core/telemetry/genai-attributes.js';
import type { TelemetryHandle } from '../../core/telemetry/load-telemetry.js';
import { emitResilienceEvent, type ResilienceEvent, type ResilienceEventListener } from '../resilience/resilience-event.js';

/**
 * A listener that turns the wrappers' {@link ResilienceEvent}s into span events on the active span
 * (retries and fallbacks on the operation's span, circuit changes and rate-limit waits on the
 * attempt's) and into counters, then passes each event on to the host's own `onEvent`.
 * Without telemetry it is the host's listener unchanged.
 *
 * @internal
 */
export function telemetryEventListener(handle: TelemetryHandle | undefined, listener: ResilienceEventListener | undefined): ResilienceEventListener | undefined {
  if (!handle) return listener;
  return (event) => {
    if (event.type === 'attempt') handle.announcedAttempt = { provider: event.provider, attempt: event.attempt };
    const runtime = handle.runtime;
    if (runtime) {
      try {
        recordEvent(runtime, event);
      } catch {
        // Telemetry is an observer: it never fails the call.
      }
    }
    emitResilienceEvent(listener, event);
  };
}

function recordEvent(runtime: NonNullable<TelemetryHandle['runtime']>, event: ResilienceEvent): void {
  const span = runtime.activeSpan();
  const provider = { [genAi.providerName]: event.provider };
  switch (event.type) {
    case 'retry':
      span?.addEvent('crmkit.retry', { [genAi.providerName]: event.provider, [genAi.requestModel]: event.model, [crmkitAttributes.attempt]: event.attempt, [genAi.errorType]: event.kind, 'crmkit.retry.delay_ms': Math.round(event.delayMs) });
      return;
    case 'fallback':
      runtime.counters.fallbacks.add(1, { ...provider, [genAi.errorType]: event.kind });
      span?.setAttribute(crmkitAttributes.fallbackReason, event.kind);
      span?.addEvent('crmkit.fallback', { [genAi.providerName]: event.provider, [genAi.errorType]: event.kind, 'crmkit.fallback.to': event.to });
      return;
    case 'circuit':
      if (event.to === 'open') runtime.counters.circuitOpens.add(1, provider);
      span?.setAttribute(crmkitAttributes.circuitState, event.to);
      span?.addEvent('crmkit.circuit', { [genAi.providerName]: event.provider, 'crmkit.circuit.from': event.from, 'crmkit.circuit.to': event.to });
      return;
    case 'rate_limited':
      runtime.counters.rateLimitWaits.add(1, { ...provider, 'crmkit.rate_limit.refused': event.refused });
      span?.setAttribute(crmkitAttributes.rateLimitWaitMs, Math.round(event.waitMs));
      span?.addEvent('crmkit.rate_limited', { [genAi.providerName]: event.provider, 'crmkit.rate_limit.refused': event.refused, [crmkitAttributes.rateLimitWaitMs]: Math.round(event.waitMs) });
      return;
    case 'stream_restarted':
      span?.addEvent('crmkit.stream_restarted', { [genAi.providerName]: event.provider, [genAi.errorType]: event.kind, 'crmkit.stream.discarded_chars': event.discardedChars });
      return;
    default:
      return;
  }
}
