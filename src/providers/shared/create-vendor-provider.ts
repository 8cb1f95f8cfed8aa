import { ProviderError, copyProviderError } from '../../core/errors.js';
import { createApproximateTokenCounter } from '../../core/token-counter.js';
import type { ToolCall, ToolCallDelta } from '../../core/tools.js';
import type { CallOptions, ChatRequest, ChatResult, ChatStream, FinishReason, Provider, Usage } from '../../core/types.js';
import { validateChatRequest } from '../../core/validate-chat-request.js';
import { createChatStream } from '../../core/create-chat-stream.js';
import { createCallDeadline } from './create-call-deadline.js';
import { createIdleWatchdog } from './create-idle-watchdog.js';
import { jsonSchemaFromZod } from './json-schema-from-zod.js';
import { parseStructuredOutput } from './parse-structured-output.js';
import { redactProviderError } from './vendor-error-details.js';
import type { VendorErrorContext } from './vendor-error-details.js';

/** A validated request, resolved against the provider's defaults, as a vendor adapter sees it. */
export interface VendorCall {
  readonly request: ChatRequest<unknown>;
  readonly model: string;
  readonly maxOutputTokens: number;
  /** Present when the request has a schema. */
  readonly jsonSchema?: { readonly name: string; readonly schema: Record<string, unknown>; readonly strict: boolean };
  readonly signal: AbortSignal;
}

/** What a vendor adapter returns from a non-streamed call. */
export interface VendorReply {
  readonly text: string;
  readonly finishReason: FinishReason;
  readonly usage?: Usage;
  readonly model?: string;
  readonly requestId?: string;
  /** The tools the model called, when it called any. */
  readonly toolCalls?: readonly ToolCall[];
}

/** What a vendor adapter's stream returns once the vendor's stream has ended. */
export interface VendorStreamEnd {
  /** Absent when the stream ended without its terminal event: the engine reports `truncated_stream`. */
  readonly finishReason?: FinishReason;
  readonly usage?: Usage;
  readonly model?: string;
  /** The complete tool calls, assembled from the streamed deltas. */
  readonly toolCalls?: readonly ToolCall[];
}

/** Hooks the engine gives a vendor adapter's stream. */
export interface VendorStreamHooks {
  /** Call once the response headers have arrived (stops the per-call timeout). */
  started(requestId: string | undefined): void;
}

/**
 * The vendor-specific half of a provider; {@link createVendorProvider} supplies the rest
 * (validation, deadlines, idle watchdog, structured output, usage fallback, result assembly).
 */
export interface VendorAdapter {
  /** Human name for messages: `OpenAI`, `Anthropic`, `Hugging Face`. */
  readonly vendor: string;
  readonly providerId: string;
  readonly model: string;
  readonly contextWindow: number;
  readonly defaultMaxOutputTokens: number;
  readonly timeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Exact secrets (the API key) to scrub, with their fragments, from every error the provider throws. */
  readonly secrets: readonly (string | undefined)[];
  generate(call: VendorCall): Promise<VendorReply>;
  /** Yields text deltas, tool-call deltas, and `null` for chunks without either (they still feed the idle watchdog). */
  stream(call: VendorCall, hooks: VendorStreamHooks): AsyncGenerator<string | ToolCallDelta | null, VendorStreamEnd, void>;
  /** Maps anything the SDK threw into a ProviderError. */
  mapError(error: unknown, context: VendorErrorContext): ProviderError;
}

const approximateCounter = createApproximateTokenCounter();

/**
 * Builds a {@link Provider} from a {@link VendorAdapter}. Internal to the vendor providers.
 *
 * @example
 * ```ts
 * export function createAcmeProvider(options: AcmeProviderOptions): Provider {
 *   return createVendorProvider(createAcmeAdapter(options));
 * }
 * ```
 */
export function createVendorProvider(adapter: VendorAdapter): Provider {
  const subjects = { generate: `${adapter.vendor} generate request`, stream: `${adapter.vendor} stream request` } as const;

  const prepare = (request: ChatRequest<unknown>, method: 'generate' | 'stream'): Omit<VendorCall, 'signal'> => {
    validateChatRequest(request, subjects[method]);
    const schema = request.schema;
    return {
      request,
      model: request.model ?? adapter.model,
      maxOutputTokens: request.maxOutputTokens ?? adapter.defaultMaxOutputTokens,
      jsonSchema: schema ? { name: request.schemaName ?? 'response', ...jsonSchemaFromZod(schema) } : undefined,
    };
  };

  const errorContext = (signal: AbortSignal, model: string): VendorErrorContext => ({
    providerId: adapter.providerId,
    model,
    signal,
    secrets: adapter.secrets,
  });

  const usageOf = (call: Omit<VendorCall, 'signal'>, text: string, usage: Usage | undefined): Usage => {
    if (usage) return usage;
    const inputTokens = approximateCounter.countMessages(call.request.messages, call.model).tokens;
    const outputTokens = approximateCounter.countText(text, call.model).tokens;
    return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, approximate: true };
  };

  const objectOf = <OBJECT>(request: ChatRequest<OBJECT>, text: string, model: string, requestId: string | undefined): OBJECT =>
    request.schema
      ? parseStructuredOutput({ text, schema: request.schema, providerId: adapter.providerId, model, requestId })
      : (undefined as OBJECT);

  return {
    id: adapter.providerId,
    model: adapter.model,
    contextWindow: adapter.contextWindow,
    honorsDeadline: true,

    async generate<OBJECT = undefined>(request: ChatRequest<OBJECT>, options: CallOptions = {}): Promise<ChatResult<OBJECT>> {
      const prepared = prepare(request as ChatRequest<unknown>, 'generate');
      const startedAt = performance.now();
      const deadline = createCallDeadline({
        signal: options.signal,
        timeoutMs: options.timeoutMs ?? adapter.timeoutMs,
        deadline: options.deadline,
        providerId: adapter.providerId,
        model: prepared.model,
      });
      let reply: VendorReply;
      try {
        if (deadline.signal.aborted) throw deadline.signal.reason;
        reply = await adapter.generate({ ...prepared, signal: deadline.signal });
      } catch (error) {
        throw redactProviderError(adapter.mapError(error, errorContext(deadline.signal, prepared.model)), adapter.secrets);
      } finally {
        deadline.dispose();
      }
      const model = reply.model ?? prepared.model;
      const object = objectOf(request, reply.text, model, reply.requestId);
      const latencyMs = Math.max(0, performance.now() - startedAt);
      return {
        text: reply.text,
        object,
        finishReason: reply.finishReason,
        usage: usageOf(prepared, reply.text, reply.usage),
        provider: adapter.providerId,
        model,
        latencyMs,
        degraded: false,
        attempts: [{ provider: adapter.providerId, model, ok: true, durationMs: latencyMs }],
        requestId: reply.requestId,
        ...(reply.toolCalls && reply.toolCalls.length > 0 ? { toolCalls: reply.toolCalls } : {}),
      };
    },

    stream<OBJECT = undefined>(request: ChatRequest<OBJECT>, options: CallOptions = {}): ChatStream<OBJECT> {
      const prepared = prepare(request as ChatRequest<unknown>, 'stream');
      const startedAt = performance.now();
      return createChatStream<OBJECT>(
        async function* produce(signal) {
          const deadline = createCallDeadline({
            signal,
            timeoutMs: options.timeoutMs ?? adapter.timeoutMs,
            deadline: options.deadline,
            providerId: adapter.providerId,
            model: prepared.model,
          });
          const watchdog = createIdleWatchdog({
            idleTimeoutMs: options.idleTimeoutMs ?? adapter.idleTimeoutMs,
            onIdle: (error) => deadline.fail(error),
            providerId: adapter.providerId,
            model: prepared.model,
          });
          let requestId: string | undefined;
          let text = '';
          let started = false;
          const fail = (error: unknown): ProviderError => {
            let mapped = redactProviderError(adapter.mapError(error, errorContext(deadline.signal, prepared.model)), adapter.secrets);
            // A connection lost after the answer began is a cut answer, not an unreachable vendor.
            if (started && mapped.kind === 'network') mapped = truncatedStream(mapped, 'the connection closed mid-stream');
            return mapped.requestId !== undefined || requestId === undefined ? mapped : copyProviderError(mapped, { requestId });
          };
          let end: VendorStreamEnd;
          try {
            if (deadline.signal.aborted) throw deadline.signal.reason;
            const vendorStream = adapter.stream(
              { ...prepared, signal: deadline.signal },
              {
                started(id) {
                  started = true;
                  requestId = id;
                  deadline.clearTimeout();
                  watchdog.touch();
                },
              },
            );
            for (;;) {
              const step = await vendorStream.next();
              // SDK streams end quietly when their signal fires; a timeout must not pass for an end.
              if (deadline.signal.aborted) throw deadline.signal.reason;
              if (step.done) {
                end = step.value;
                break;
              }
              watchdog.touch();
              if (typeof step.value === 'string') {
                if (step.value.length > 0) {
                  text += step.value;
                  yield step.value;
                }
              } else if (step.value) {
                yield step.value;
              }
            }
          } catch (error) {
            throw fail(error);
          } finally {
            watchdog.dispose();
            deadline.dispose();
          }
          const model = end.model ?? prepared.model;
          if (end.finishReason === undefined) {
            throw new ProviderError(`The ${adapter.vendor} stream ended before its final event: the answer is incomplete`, {
              kind: 'truncated_stream',
              providerId: adapter.providerId,
              model,
              requestId,
            });
          }
          const object = objectOf(request, text, model, requestId);
          const durationMs = Math.max(0, performance.now() - startedAt);
          return {
            finishReason: end.finishReason,
            usage: usageOf(prepared, text, end.usage),
            object,
            provider: adapter.providerId,
            model,
            requestId,
            attempts: [{ provider: adapter.providerId, model, ok: true, durationMs }],
            ...(end.toolCalls && end.toolCalls.length > 0 ? { toolCalls: end.toolCalls } : {}),
          };
        },
        { signal: options.signal, providerId: adapter.providerId, model: prepared.model },
      );
    },
  };
}

function truncatedStream(error: ProviderError, why: string): ProviderError {
  return new ProviderError(`The ${error.providerId ?? 'provider'} stream was cut short: ${why}`, {
    kind: 'truncated_stream',
    providerId: error.providerId,
    model: error.model,
    requestId: error.requestId,
    cause: error.cause,
  });
}
