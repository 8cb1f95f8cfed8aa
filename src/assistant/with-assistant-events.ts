import { ProviderError } from '../core/errors.js';
import type { ChatResult, Provider } from '../core/types.js';
import { emitResilienceEvent, type ResilienceEventListener } from '../providers/resilience/resilience-event.js';

/**
 * The assistant's view of its model stack for `createCrmAssistant({ onEvent })`: one `success`
 * event per answered model call (which provider answered, after how many attempts, degraded or
 * not) and one `failure` event per call that failed (its error kind and status), which is when the
 * assistant answers from rules instead. Events carry the request's metadata, never content.
 * Per-attempt events (retries, fallbacks, circuits) come from the chain itself: pass the same
 * listener to `createProviderChain` / `createProviderChainFromEnv`.
 *
 * @internal
 */
export function withAssistantEvents(provider: Provider, onEvent: ResilienceEventListener): Provider {
  const started = (): number => performance.now();
  type Metadata = Parameters<Provider['generate']>[0]['metadata'];
  const success = (result: ChatResult<unknown>, since: number, metadata: Metadata): void =>
    emitResilienceEvent(onEvent, {
      type: 'success',
      provider: result.provider,
      model: result.model,
      metadata,
      attempts: result.attempts.length,
      latencyMs: performance.now() - since,
      degraded: result.degraded,
    });
  const failure = (error: unknown, model: string | undefined, metadata: Metadata): void => {
    const providerError = ProviderError.isInstance(error) ? error : undefined;
    emitResilienceEvent(onEvent, {
      type: 'failure',
      provider: providerError?.providerId ?? provider.id,
      model: providerError?.model ?? model ?? provider.model,
      metadata,
      attempts: Math.max(1, providerError?.attempts.length ?? 0),
      kind: providerError?.kind ?? 'server',
      ...(providerError?.status === undefined ? {} : { status: providerError.status }),
    });
  };
  return {
    id: provider.id,
    model: provider.model,
    contextWindow: provider.contextWindow,
    honorsDeadline: provider.honorsDeadline,
    async generate(request, options) {
      const since = started();
      try {
        const result = await provider.generate(request, options);
        success(result, since, request.metadata);
        return result;
      } catch (error) {
        failure(error, request.model, request.metadata);
        throw error;
      }
    },
    stream(request, options) {
      const since = started();
      const stream = provider.stream(request, options);
      stream.result.then(
        (result) => success(result, since, request.metadata),
        (error: unknown) => failure(error, request.model, request.metadata),
      );
      return stream;
    },
  };
}
