import { z } from 'zod/v4';
import { ProviderError, sanitizeCause } from '../core/errors.js';
import type { FinishReason, Provider, Usage } from '../core/types.js';
import { parseInput } from '../core/validate.js';
import { createVendorProvider, type VendorCall } from '../providers/shared/create-vendor-provider.js';
import { kindFromStatus } from '../providers/shared/kind-from-status.js';
import { parseRetryAfter } from '../providers/shared/parse-retry-after.js';
import { transportError, vendorHttpError, type VendorErrorContext } from '../providers/shared/vendor-error-details.js';
import type { AiSdkCallOptions, AiSdkFinishReason, AiSdkGenerateResult, AiSdkLanguageModel, AiSdkStreamPart, AiSdkUsage } from './language-model-types.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Options of {@link createAiSdkProvider}.
 *
 * @example
 * ```ts
 * import { createOpenAI } from '@ai-sdk/openai';
 *
 * const options: AiSdkProviderOptions = { model: createOpenAI({ apiKey: process.env.OPENAI_API_KEY }).chat('gpt-4.1-mini'), id: 'openai' };
 * ```
 */
export interface AiSdkProviderOptions {
  /** Any AI SDK language model (specification v2, v3 or v4). */
  readonly model: AiSdkLanguageModel;
  /** Provider id in attempts, events, budgets and rate-limit keys. @default the model's provider name before the first dot (`openai.chat` → `openai`) */
  readonly id?: string;
  /** The model's context window in tokens. @default 8192 */
  readonly contextWindow?: number;
  /** Sent when a request has no `maxOutputTokens`. @default 1024 */
  readonly defaultMaxOutputTokens?: number;
  /** Per-call timeout; for streams, the wait for the first part. @default 60000 */
  readonly timeoutMs?: number;
  /** A stream that sends nothing for this long fails with kind `timeout`. @default 30000 */
  readonly idleTimeoutMs?: number;
}

const optionsSchema = lazyObject(() => z.object({
  model: z.custom<AiSdkLanguageModel>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as AiSdkLanguageModel).doGenerate === 'function' &&
      typeof (value as AiSdkLanguageModel).doStream === 'function' &&
      ['v2', 'v3', 'v4'].includes(String((value as AiSdkLanguageModel).specificationVersion)),
    'Expected `model` to be an AI SDK language model (specification v2, v3 or v4), e.g. openai.chat("gpt-4.1-mini") from @ai-sdk/openai',
  ),
  id: z.string().min(1, 'Expected `id` to be a non-empty string').optional(),
  contextWindow: z.number().int().positive('Expected `contextWindow` to be a positive integer').optional(),
  defaultMaxOutputTokens: z.number().int().positive('Expected `defaultMaxOutputTokens` to be a positive integer').optional(),
  timeoutMs: z.number().int().nonnegative('Expected `timeoutMs` to be a non-negative integer (0 disables it)').optional(),
  idleTimeoutMs: z.number().int().nonnegative('Expected `idleTimeoutMs` to be a non-negative integer (0 disables it)').optional(),
}));

/** Defaults in one place; documented on {@link AiSdkProviderOptions}. */
const defaults = { contextWindow: 8_192, defaultMaxOutputTokens: 1_024, timeoutMs: 60_000, idleTimeoutMs: 30_000 } as const;

/**
 * Runs any AI SDK language model (Google, Mistral, Bedrock, Azure, Ollama… every `@ai-sdk/*`
 * provider) as a crmkit {@link Provider}, so it can sit in a fallback chain and under crmkit's
 * retry, circuit breaker, rate limits and budgets. Text, streams and usage (with cache and
 * reasoning details) are mapped; failures become `ProviderError`s of crmkit's kinds (the HTTP
 * status of the AI SDK's `APICallError`, its `Retry-After`, connection failures as `network`,
 * aborts and timeouts as crmkit's own), so every wrapper decides as it does for the built-in
 * vendors. The AI SDK's own retries are not involved: crmkit calls `doGenerate` / `doStream`
 * once per attempt. Tool calls are not mapped yet (text only).
 *
 * @example
 * ```ts
 * import { createAnthropic } from '@ai-sdk/anthropic';
 * import { createFallbackChain } from 'crmkit';
 * import { createOpenAIProvider } from 'crmkit/providers/openai';
 * import { createAiSdkProvider } from 'crmkit/ai-sdk';
 *
 * const claude = createAiSdkProvider({ model: createAnthropic()('claude-haiku-4-5'), id: 'anthropic', contextWindow: 200_000 });
 * const chain = createFallbackChain([createOpenAIProvider(), claude]);
 * ```
 */
export function createAiSdkProvider(options: AiSdkProviderOptions): Provider {
  const config = parseInput(optionsSchema, options, 'createAiSdkProvider options');
  const model = config.model;
  const providerId = config.id ?? (model.provider.split('.')[0] || model.provider);
  const doGenerate = (callOptions: AiSdkCallOptions): PromiseLike<AiSdkGenerateResult> => (model.doGenerate as (options: AiSdkCallOptions) => PromiseLike<AiSdkGenerateResult>)(callOptions);
  const doStream = (callOptions: AiSdkCallOptions): PromiseLike<{ stream: ReadableStream<AiSdkStreamPart> }> =>
    (model.doStream as (options: AiSdkCallOptions) => PromiseLike<{ stream: ReadableStream<AiSdkStreamPart> }>)(callOptions);

  return createVendorProvider({
    vendor: `AI SDK model ${model.provider}/${model.modelId}`,
    providerId,
    model: model.modelId,
    contextWindow: config.contextWindow ?? defaults.contextWindow,
    defaultMaxOutputTokens: config.defaultMaxOutputTokens ?? defaults.defaultMaxOutputTokens,
    timeoutMs: config.timeoutMs ?? defaults.timeoutMs,
    idleTimeoutMs: config.idleTimeoutMs ?? defaults.idleTimeoutMs,
    secrets: [],
    async generate(call) {
      const result = await doGenerate(callOptionsOf(call));
      const text = result.content.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
      return { text, finishReason: finishReasonOf(result.finishReason), usage: usageOf(result.usage), model: result.response?.modelId, requestId: result.response?.id };
    },
    async *stream(call, hooks) {
      const { stream } = await doStream(callOptionsOf(call));
      hooks.started(undefined);
      const reader = stream.getReader();
      let end: { finishReason?: FinishReason; usage?: Usage; model?: string } = {};
      let answeredModel: string | undefined;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (value.type === 'text-delta') {
            const part = value as { delta?: string; textDelta?: string };
            yield part.delta ?? part.textDelta ?? '';
          } else if (value.type === 'error') {
            throw (value as { error: unknown }).error;
          } else if (value.type === 'finish') {
            const part = value as { usage: AiSdkUsage; finishReason: AiSdkFinishReason };
            end = { finishReason: finishReasonOf(part.finishReason), usage: usageOf(part.usage) };
            yield null;
          } else {
            if (value.type === 'response-metadata') answeredModel = (value as { modelId?: string }).modelId ?? answeredModel;
            yield null;
          }
        }
      } finally {
        reader.releaseLock();
      }
      return { ...end, model: answeredModel };
    },
    mapError: mapAiSdkError,
  });
}

function callOptionsOf(call: VendorCall): AiSdkCallOptions {
  const { request } = call;
  return {
    prompt: request.messages.map((message) => (message.role === 'system' ? { role: 'system', content: message.content } : { role: message.role, content: [{ type: 'text', text: message.content }] })),
    maxOutputTokens: call.maxOutputTokens,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.topP === undefined ? {} : { topP: request.topP }),
    ...(request.stop === undefined ? {} : { stopSequences: request.stop }),
    ...(call.jsonSchema ? { responseFormat: { type: 'json', schema: call.jsonSchema.schema, name: call.jsonSchema.name } } : {}),
    abortSignal: call.signal,
  };
}

const finishReasons: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content_filter',
  'tool-calls': 'tool_calls',
};

function finishReasonOf(reason: AiSdkFinishReason): FinishReason {
  const unified = typeof reason === 'string' ? reason : reason.unified;
  return finishReasons[unified] ?? 'other';
}

function usageOf(usage: AiSdkUsage): Usage {
  const mapped: { -readonly [KEY in keyof Usage]: Usage[KEY] } = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  if (typeof usage.inputTokens === 'object' && usage.inputTokens !== null) {
    const { inputTokens, outputTokens } = usage as Extract<AiSdkUsage, { inputTokens: object }>;
    mapped.inputTokens = inputTokens.total ?? 0;
    mapped.outputTokens = outputTokens.total ?? 0;
    if (inputTokens.cacheRead) mapped.cachedInputTokens = inputTokens.cacheRead;
    if (inputTokens.cacheWrite) mapped.cacheWriteTokens = inputTokens.cacheWrite;
    if (outputTokens.reasoning) mapped.reasoningTokens = outputTokens.reasoning;
  } else {
    const flat = usage as Extract<AiSdkUsage, { inputTokens: number | undefined }>;
    mapped.inputTokens = flat.inputTokens ?? 0;
    mapped.outputTokens = flat.outputTokens ?? 0;
    if (flat.cachedInputTokens) mapped.cachedInputTokens = flat.cachedInputTokens;
    if (flat.reasoningTokens) mapped.reasoningTokens = flat.reasoningTokens;
  }
  mapped.totalTokens = mapped.inputTokens + mapped.outputTokens;
  return mapped;
}

interface ApiCallErrorLike {
  readonly statusCode?: number;
  readonly responseHeaders?: Record<string, string>;
  readonly responseBody?: string;
  readonly isRetryable?: boolean;
  readonly message: string;
}

/** The AI SDK marks its errors with `Symbol.for('vercel.ai.error.AI_APICallError')`; the name is enough. */
function isApiCallError(error: unknown): error is ApiCallErrorLike & Error {
  return error instanceof Error && (error.name === 'AI_APICallError' || ('statusCode' in error && 'isRetryable' in error));
}

/** Body words the vendors use for failures their status does not tell apart. */
function kindOf(status: number | undefined, body: string): ReturnType<typeof kindFromStatus> {
  if (/insufficient_quota|billing|credit balance/i.test(body)) return 'quota_exhausted';
  if (/context_length|context window|too many tokens|maximum context/i.test(body)) return 'context_length';
  if (/content_filter|content_policy|safety/i.test(body)) return 'content_filter';
  if (/overloaded/i.test(body)) return 'overloaded';
  return status === undefined ? 'server' : kindFromStatus(status);
}

/** Maps what an AI SDK model threw into a crmkit ProviderError. */
function mapAiSdkError(error: unknown, context: VendorErrorContext): ProviderError {
  const vendor = `AI SDK model ${context.providerId}`;
  const transport = transportError(error, vendor, context) ?? transportError((error as { cause?: unknown } | undefined)?.cause, vendor, context);
  if (transport) return transport;
  // The AI SDK reports "Cannot connect to API" as an APICallError without a status.
  if (isApiCallError(error) && error.statusCode === undefined && error.responseBody === undefined) {
    return new ProviderError(`Could not reach ${vendor}`, { kind: 'network', providerId: context.providerId, model: context.model, cause: sanitizeCause(error, context.secrets) });
  }
  if (isApiCallError(error)) {
    const body = error.responseBody ?? '';
    const kind = kindOf(error.statusCode, `${body} ${error.message}`);
    return vendorHttpError(
      {
        vendor,
        kind,
        status: error.statusCode,
        vendorMessage: error.message,
        retryAfterMs: kind === 'rate_limited' || kind === 'overloaded' || kind === 'server' ? parseRetryAfter(error.responseHeaders) : undefined,
      },
      context,
      error,
    );
  }
  return new ProviderError(`${vendor} failed: ${error instanceof Error ? error.name : typeof error}`, {
    kind: kindOf(undefined, error instanceof Error ? error.message : ''),
    providerId: context.providerId,
    model: context.model,
    cause: sanitizeCause(error, context.secrets),
  });
}
