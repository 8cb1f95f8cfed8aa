import { ProviderError, ValidationError } from '../../core/errors.js';
import { crmkitAttributes, genAi } from '../../core/telemetry/genai-attributes.js';
import { resolveTelemetry, type TelemetryHandle, type TelemetryRuntime } from '../../core/telemetry/load-telemetry.js';
import type { TelemetryAttributeValue, TelemetryOption, TelemetrySpan } from '../../core/telemetry/telemetry-options.js';
import type { ChatMessage, ChatRequest, ChatResult, ChatStream, Provider } from '../../core/types.js';
import { completionOf, wrapProvider } from '../wrap-provider.js';

/**
 * Options of {@link withTelemetry}.
 *
 * @example
 * ```ts
 * const options: WithTelemetryOptions = { telemetry: true };
 * ```
 */
export interface WithTelemetryOptions {
  /** `true` for the host's global tracer and meter providers, or settings. Off by default. */
  readonly telemetry?: TelemetryOption;
}

/** Placeholders `withPiiRedaction` puts where personal data was: counted, never read back. */
const piiPlaceholder = /\[(?:EMAIL|PHONE|CARD|IBAN|SECRET)_\d+\]/g;


const placeholderStarts = ['[EMAIL_', '[PHONE_', '[CARD_', '[IBAN_', '[SECRET_'];

function countPlaceholders(messages: readonly ChatMessage[]): number {
  let seen: Set<string> | undefined;
  for (const message of messages) {
    const content = message.content;
    // Plain substring checks first: prompts are long and almost never hold a placeholder.
    if (typeof content !== 'string' || !placeholderStarts.some((start) => content.includes(start))) continue;
    for (const match of content.matchAll(piiPlaceholder)) (seen ??= new Set()).add(match[0]);
  }
  return seen?.size ?? 0;
}

const contentOf = (runtime: TelemetryRuntime, text: string): string => (runtime.redact as (text: string) => string)(text);

/** Providers that already record model spans (so the assistant does not add a second layer). */
const tracedProviders = new WeakSet<Provider>();

/**
 * Marks `provider` as recording its own model spans and returns it.
 * @internal
 */
export function markTraced<P extends Provider>(provider: P): P {
  tracedProviders.add(provider);
  return provider;
}

/**
 * True when `provider` records its own model spans: made by `withTelemetry`, or a chain built
 * with `telemetry` on.
 * @internal
 */
export function isTraced(provider: Provider): boolean {
  return tracedProviders.has(provider);
}

/**
 * Wraps a {@link Provider} so that every call is one OpenTelemetry span named as the GenAI
 * semantic conventions say (`chat {model}`, kind CLIENT, a child of the active span) with
 * `gen_ai.*` request, response and usage attributes, `error.type` on failure, crmkit's own
 * (`crmkit.attempt`, `crmkit.circuit.state`, `crmkit.cost_micros`, `crmkit.degraded`,
 * `crmkit.pii.redacted`…), and the `gen_ai.client.token.usage` and
 * `gen_ai.client.operation.duration` histograms. A stream's span ends when the stream ends,
 * fails or is cancelled. With telemetry off it returns `provider` itself: no cost at all.
 *
 * Put it inside `withRetry` for a span per try (what `createProviderChain({ telemetry })` does).
 * Content is recorded only with `recordContent`, through `redact`; never an API key.
 *
 * @example
 * ```ts
 * import { withRetry, withTelemetry } from 'crmkit';
 *
 * const traced = withRetry(withTelemetry(openai, { telemetry: true }));
 * await traced.generate({ messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export function withTelemetry(provider: Provider, options: WithTelemetryOptions = {}): Provider {
  const handle = resolveTelemetry(options.telemetry, 'withTelemetry options');
  return handle ? instrumentProvider(provider, handle) : provider;
}

/**
 * {@link withTelemetry} on an already resolved handle, so a chain shares one runtime. Checks that
 * `recordContent` comes with a `redact` function, then starts loading `@opentelemetry/api`.
 * @internal
 */
export function instrumentProvider(provider: Provider, handle: TelemetryHandle): Provider {
  if (handle.settings.recordContent === true && typeof handle.settings.redact !== 'function') {
    throw new ValidationError('telemetry option', [
      { path: 'telemetry.redact', message: 'recordContent needs `redact` here, e.g. `redact: (text) => redactPii(text).text` (the assistant uses crmkit\'s PII redactor by default)' },
    ]);
  }
  handle.load().catch(() => undefined); // warm up; a missing package is reported by the first call
  const circuit = (provider as { circuit?: { readonly state: string } }).circuit;

  const begin = (runtime: TelemetryRuntime, request: ChatRequest<unknown>): TelemetrySpan => {
    // withRetry announces each try (an `attempt` event) right before calling us, synchronously.
    const announced = handle.announcedAttempt;
    handle.announcedAttempt = undefined;
    const model = request.model ?? provider.model;
    const metadata = request.metadata;
    const identity = runtime.recordIdentity && metadata;
    const span = runtime.startSpan(`chat ${model}`, 'client', {
      [genAi.operationName]: 'chat',
      [genAi.providerName]: provider.id,
      [genAi.requestModel]: model,
      [genAi.requestMaxTokens]: request.maxOutputTokens,
      [genAi.requestTemperature]: request.temperature,
      [genAi.requestTopP]: request.topP,
      [genAi.requestStopSequences]: request.stop as string[] | undefined,
      [genAi.outputType]: request.schema ? 'json' : undefined,
      [crmkitAttributes.attempt]: announced?.provider === provider.id ? announced.attempt : 1,
      [crmkitAttributes.circuitState]: circuit?.state,
      [crmkitAttributes.tenantId]: identity ? metadata.tenantId : undefined,
      [crmkitAttributes.userId]: identity ? metadata.userId : undefined,
      [genAi.conversationId]: identity ? metadata.sessionId : undefined,
    });
    const redacted = countPlaceholders(request.messages);
    if (redacted > 0) span.setAttribute(crmkitAttributes.piiRedacted, redacted);
    if (runtime.recordContent) {
      const messages = request.messages.map((message) => ({ role: message.role, parts: [{ type: 'text', content: contentOf(runtime, message.content) }] }));
      span.setAttribute(genAi.inputMessages, JSON.stringify(messages));
    }
    return span;
  };

  // Metric attributes per (request model, response model, error type), built once: recorded on every call.
  const metricAttributeCache = new Map<string, Readonly<Record<string, string>>>();
  const metricAttributes = (request: ChatRequest<unknown>, responseModel: string | undefined, errorType: string | undefined, tokenType?: 'input' | 'output'): Readonly<Record<string, string>> => {
    const requestModel = request.model ?? provider.model;
    const key = `${requestModel}\u0000${responseModel ?? ''}\u0000${errorType ?? ''}\u0000${tokenType ?? ''}`;
    let attributes = metricAttributeCache.get(key);
    if (!attributes) {
      const built: Record<string, string> = { [genAi.operationName]: 'chat', [genAi.providerName]: provider.id, [genAi.requestModel]: requestModel };
      if (responseModel) built[genAi.responseModel] = responseModel;
      if (errorType) built[genAi.errorType] = errorType;
      if (tokenType) built[genAi.tokenType] = tokenType;
      attributes = built;
      if (metricAttributeCache.size < 256) metricAttributeCache.set(key, attributes);
    }
    return attributes;
  };

  const succeed = (runtime: TelemetryRuntime, span: TelemetrySpan, request: ChatRequest<unknown>, result: Omit<ChatResult<unknown>, 'latencyMs' | 'object'>, startedAt: number): void => {
    const attributes: Record<string, TelemetryAttributeValue> = {
      [genAi.responseModel]: result.model,
      [genAi.responseFinishReasons]: [result.finishReason],
      [genAi.usageInputTokens]: result.usage.inputTokens,
      [genAi.usageOutputTokens]: result.usage.outputTokens,
    };
    if (result.usage.cachedInputTokens !== undefined) attributes[genAi.usageCacheReadInputTokens] = result.usage.cachedInputTokens;
    if (result.usage.approximate) attributes[crmkitAttributes.usageApproximate] = true;
    if (result.requestId) attributes[genAi.responseId] = result.requestId;
    if (result.costMicros !== undefined) attributes[crmkitAttributes.costMicros] = result.costMicros;
    if (result.provider !== provider.id) attributes[crmkitAttributes.provider] = result.provider;
    if (result.degraded) {
      attributes[crmkitAttributes.degraded] = true;
      if (result.degradedReason) attributes[crmkitAttributes.degradedReason] = result.degradedReason;
    }
    if (runtime.recordContent) {
      attributes[genAi.outputMessages] = JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: contentOf(runtime, result.text) }], finish_reason: result.finishReason }]);
    }
    span.setAttributes(attributes);
    runtime.operationDuration.record((performance.now() - startedAt) / 1_000, metricAttributes(request, result.model, undefined));
    if (!result.degraded && result.usage.inputTokens + result.usage.outputTokens > 0) {
      runtime.tokenUsage.record(result.usage.inputTokens, metricAttributes(request, result.model, undefined, 'input'));
      runtime.tokenUsage.record(result.usage.outputTokens, metricAttributes(request, result.model, undefined, 'output'));
    }
  };

  const failed = (runtime: TelemetryRuntime, span: TelemetrySpan, request: ChatRequest<unknown>, error: unknown, startedAt: number): void => {
    const kind = ProviderError.isInstance(error) ? error.kind : error instanceof Error ? error.name : 'error';
    runtime.fail(span, kind);
    if (ProviderError.isInstance(error)) {
      if (error.status !== undefined) span.setAttribute(genAi.httpStatus, error.status);
      if (error.partialText) span.setAttribute('crmkit.stream.partial_chars', error.partialText.length);
    }
    runtime.operationDuration.record((performance.now() - startedAt) / 1_000, metricAttributes(request, undefined, kind));
  };

  const traced = <OBJECT>(runtime: TelemetryRuntime, request: ChatRequest<OBJECT>, start: () => ChatStream<OBJECT>): ChatStream<OBJECT> => {
    const startedAt = performance.now();
    const span = begin(runtime, request as ChatRequest<unknown>);
    let inner: ChatStream<OBJECT>;
    try {
      inner = runtime.withSpan(span, start);
    } catch (error) {
      // A provider that refuses the request synchronously (a ValidationError): the span still ends.
      failed(runtime, span, request as ChatRequest<unknown>, error, startedAt);
      span.end();
      throw error;
    }
    inner.result.then(
      (result) => {
        succeed(runtime, span, request as ChatRequest<unknown>, result, startedAt);
        span.setAttribute(crmkitAttributes.streamOutcome, 'completed');
        span.end();
      },
      (error: unknown) => {
        failed(runtime, span, request as ChatRequest<unknown>, error, startedAt);
        span.setAttribute(crmkitAttributes.streamOutcome, ProviderError.isInstance(error) && error.kind === 'aborted' ? 'cancelled' : 'failed');
        span.end();
      },
    );
    return inner;
  };

  return markTraced(
    wrapProvider(provider, {
      async wrapGenerate({ request, doGenerate }) {
        const runtime = handle.runtime ?? (await handle.load());
        const startedAt = performance.now();
        const span = begin(runtime, request as ChatRequest<unknown>);
        try {
          const result = await runtime.withSpan(span, () => doGenerate());
          succeed(runtime, span, request as ChatRequest<unknown>, result, startedAt);
          return result;
        } catch (error) {
          failed(runtime, span, request as ChatRequest<unknown>, error, startedAt);
          throw error;
        } finally {
          span.end();
        }
      },

      wrapStream: ({ request, doStream, createStream }) => {
        if (handle.runtime) return traced(handle.runtime, request, () => doStream());
        // First call before @opentelemetry/api finished loading: load it inside the stream.
        return createStream(async function* ({ doStream: start }) {
          const inner = traced(await handle.load(), request, () => start());
          for await (const delta of inner) yield delta;
          return completionOf(await inner.result);
        });
      },
    }),
  );
}
