import type OpenAI from 'openai';
import { z } from 'zod/v4';
import { ProviderError } from '../../core/errors.js';
import type { FinishReason, Provider, Usage } from '../../core/types.js';
import { parseInput } from '../../core/validate.js';
import { createVendorProvider } from '../shared/create-vendor-provider.js';
import type { VendorCall } from '../shared/create-vendor-provider.js';
import { createLazyResource } from '../../core/create-lazy-resource.js';
import { loadOptionalPeer } from '../../core/load-optional-peer.js';
import { missingSdkError } from '../shared/missing-sdk-error.js';
import { sdkBackstopTimeoutMs, sdkRequestOptions } from '../shared/call-signal-fetch.js';
import { createErrorBodyCapture } from '../shared/create-error-body-capture.js';
import { createChatCompletionRequest } from './openai-chat-request.js';
import { readApiKey } from '../shared/read-api-key.js';
import { openAIModels } from './openai-models.js';
import { mapOpenAIError } from './map-openai-error.js';
import { convertToolHistory, toolCallIdRules } from '../shared/convert-tool-history.js';
import {
  createToolCallAssembler,
  toOpenAICompatibleMessages,
  toOpenAICompatibleToolChoice,
  toOpenAICompatibleTools,
  toolCallsFromOpenAICompatible,
} from '../shared/openai-compatible-tools.js';
import { openAIContextWindow } from './openai-context-windows.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * Options for {@link createOpenAIProvider}.
 *
 * @example
 * ```ts
 * const options: OpenAIProviderOptions = { apiKey: process.env.OPENAI_API_KEY, model: 'gpt-4o-mini' };
 * ```
 */
export interface OpenAIProviderOptions {
  /**
   * The API key. When not given (or empty), the `OPENAI_API_KEY` environment variable is read at
   * construction, as openai-node does. Without either, every call fails with kind `auth`
   * (construction never fails).
   * @default process.env.OPENAI_API_KEY
   */
  readonly apiKey?: string;
  /** Any OpenAI-compatible server (Azure-style proxies, vLLM, the Hugging Face router, the fake server). @default 'https://api.openai.com/v1' */
  readonly baseURL?: string;
  /** @default 'gpt-4.1-mini' (`openAIModels.default`; the seeds' `gpt-4o-mini` is `openAIModels.seed`) */
  readonly model?: string;
  /** The default model's context window in tokens. @default from a per-model table; 8192 for unknown models */
  readonly contextWindow?: number;
  /** Sent when a request has no `maxOutputTokens`. @default 1024 */
  readonly defaultMaxOutputTokens?: number;
  /**
   * How the output limit is sent. OpenAI's reasoning models accept only `max_completion_tokens`;
   * some older OpenAI-compatible servers accept only `max_tokens`.
   * @default 'max_completion_tokens'
   */
  readonly maxTokensParameter?: 'max_completion_tokens' | 'max_tokens';
  /** Per-call timeout; for streams, the wait for the response to start. @default 60000 */
  readonly timeoutMs?: number;
  /** A stream that sends nothing for this long fails with kind `timeout`. @default 30000 */
  readonly idleTimeoutMs?: number;
  /** The fetch every request goes through (proxies, tests): the non-streamed requests crmkit sends itself and the SDK's. @default globalThis.fetch, read per call */
  readonly fetch?: typeof globalThis.fetch;
  /**
   * An SDK client you already built; `apiKey`, `baseURL` and `fetch` are then ignored, and every
   * call goes through it (without one, a non-streamed call is sent without the SDK, see
   * docs/providers.md). Retries are still switched off per request.
   */
  readonly client?: OpenAI;
  /** Provider id in attempts, events, budgets and rate-limit keys. @default 'openai' */
  readonly id?: string;
}

const optionsSchema = lazyObject(() => z.object({
  apiKey: z.string().optional(),
  baseURL: z.url({ message: 'Expected `baseURL` to be an absolute URL such as https://api.openai.com/v1' }).optional(),
  model: z.string().min(1, 'Expected `model` to be a non-empty model name').optional(),
  contextWindow: z.number().int().positive('Expected `contextWindow` to be a positive integer').optional(),
  defaultMaxOutputTokens: z.number().int().positive('Expected `defaultMaxOutputTokens` to be a positive integer').optional(),
  maxTokensParameter: z.enum(['max_completion_tokens', 'max_tokens']).optional(),
  timeoutMs: z.number().int().nonnegative('Expected `timeoutMs` to be a non-negative integer (0 disables it)').optional(),
  idleTimeoutMs: z.number().int().nonnegative('Expected `idleTimeoutMs` to be a non-negative integer (0 disables it)').optional(),
  fetch: z.custom<typeof globalThis.fetch>((value) => typeof value === 'function', 'Expected `fetch` to be a function').optional(),
  client: z.custom<OpenAI>((value) => typeof value === 'object' && value !== null && 'chat' in value, 'Expected `client` to be an OpenAI client').optional(),
  id: z.string().min(1, 'Expected `id` to be a non-empty string').optional(),
}));

/** Defaults in one place; documented on {@link OpenAIProviderOptions}. */
const defaults = {
  baseURL: 'https://api.openai.com/v1',
  model: openAIModels.default,
  defaultMaxOutputTokens: 1024,
  maxTokensParameter: 'max_completion_tokens',
  timeoutMs: 60_000,
  idleTimeoutMs: 30_000,
  id: 'openai',
} as const;

const finishReasons: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content_filter',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
};

/** Maps an OpenAI `finish_reason`. */
export function mapOpenAIFinishReason(reason: string | null | undefined): FinishReason {
  return (reason && finishReasons[reason]) || 'other';
}

/** Maps OpenAI's `usage` object, with its cached-input and reasoning details when reported. */
export function mapOpenAIUsage(
  usage:
    | {
        prompt_tokens?: number;
        completion_tokens?: number;
        total_tokens?: number;
        prompt_tokens_details?: { cached_tokens?: number | null } | null;
        completion_tokens_details?: { reasoning_tokens?: number | null } | null;
      }
    | null
    | undefined,
): Usage | undefined {
  if (!usage) return undefined;
  const inputTokens = usage.prompt_tokens ?? 0;
  const outputTokens = usage.completion_tokens ?? 0;
  const mapped: { -readonly [KEY in keyof Usage]: Usage[KEY] } = { inputTokens, outputTokens, totalTokens: usage.total_tokens ?? inputTokens + outputTokens };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (cached) mapped.cachedInputTokens = cached;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning) mapped.reasoningTokens = reasoning;
  return mapped;
}

/**
 * A {@link Provider} over the official `openai` SDK (chat completions). Works with any
 * OpenAI-compatible server through `baseURL`. The SDK is loaded on the first call; its retries
 * are off (`maxRetries: 0`) because retrying is the job of crmkit's wrappers. Structured output
 * uses `response_format: json_schema` (strict when the schema allows it) and is validated with
 * the request's zod schema. Streams ask for usage in their final chunk.
 *
 * @example
 * ```ts
 * import { createOpenAIProvider } from 'crmkit/providers/openai';
 *
 * const openai = createOpenAIProvider({ apiKey: process.env.OPENAI_API_KEY, model: 'gpt-4o-mini' });
 * const { text, usage } = await openai.generate({ messages: [{ role: 'user', content: 'Say hi' }] });
 *
 * for await (const delta of openai.stream({ messages: [{ role: 'user', content: 'Count to 3' }] })) {
 *   process.stdout.write(delta);
 * }
 * ```
 */
export function createOpenAIProvider(options: OpenAIProviderOptions = {}): Provider {
  const config = parseInput(optionsSchema, options, 'createOpenAIProvider options');
  const providerId = config.id ?? defaults.id;
  const model = config.model ?? defaults.model;
  const maxTokensParameter = config.maxTokensParameter ?? defaults.maxTokensParameter;
  const apiKey = readApiKey(config.apiKey, 'OPENAI_API_KEY');

  // The SDK keeps only an error body's `error` field; compatible servers put theirs elsewhere.
  const errorBodies = createErrorBodyCapture(config.fetch);

  // Created on first call (getClient has checked the key by then), so a provider built at
  // startup loads no SDK until it is used.
  const sdk = createLazyResource({
    create: async () => {
      const { default: OpenAIClient } = await loadOptionalPeer({ packageName: 'openai', load: () => import('openai'), missing: missingSdkError(providerId) });
      return new OpenAIClient({
        apiKey: apiKey as string,
        baseURL: config.baseURL ?? defaults.baseURL,
        maxRetries: 0,
        timeout: sdkBackstopTimeoutMs,
        fetch: errorBodies.fetch,
        // The SDK reads OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment; pin them to "unset".
        organization: null,
        project: null,
      });
    },
  });

  const getClient = (): Promise<OpenAI> => {
    if (config.client) return Promise.resolve(config.client);
    if (!apiKey) {
      return Promise.reject(
        new ProviderError('No OpenAI API key: set the OPENAI_API_KEY environment variable or pass `apiKey` to createOpenAIProvider', {
          kind: 'auth',
          providerId,
          model,
        }),
      );
    }
    return sdk.get();
  };

  // Built by assignment, not by spreading optional parts: this runs on every call.
  const body = (call: VendorCall): OpenAI.ChatCompletionCreateParamsNonStreaming => {
    const { request, jsonSchema } = call;
    const params: OpenAI.ChatCompletionCreateParamsNonStreaming = {
      model: call.model,
      messages: toOpenAICompatibleMessages(convertToolHistory(request.messages, toolCallIdRules.openai)) as OpenAI.ChatCompletionMessageParam[],
      stream: false,
    };
    if (request.tools && request.tools.length > 0) {
      params.tools = toOpenAICompatibleTools(request.tools);
      if (request.toolChoice !== undefined) params.tool_choice = toOpenAICompatibleToolChoice(request.toolChoice);
    }
    params[maxTokensParameter] = call.maxOutputTokens;
    if (request.temperature !== undefined) params.temperature = request.temperature;
    if (request.topP !== undefined) params.top_p = request.topP;
    if (request.stop !== undefined) params.stop = [...request.stop];
    if (jsonSchema) {
      params.response_format = { type: 'json_schema', json_schema: { name: jsonSchema.name, schema: jsonSchema.schema, strict: jsonSchema.strict } };
    }
    return params;
  };

  // A non-streamed call on a client crmkit built is sent without the SDK (see openai-chat-request.ts);
  // a host's own client, and every stream, go through the SDK.
  const sendChatCompletion = !config.client && apiKey ? createChatCompletionRequest({ apiKey, baseURL: config.baseURL ?? defaults.baseURL, fetch: config.fetch, errorBodies }) : undefined;

  return createVendorProvider({
    vendor: 'OpenAI',
    providerId,
    model,
    contextWindow: config.contextWindow ?? openAIContextWindow(model),
    defaultMaxOutputTokens: config.defaultMaxOutputTokens ?? defaults.defaultMaxOutputTokens,
    timeoutMs: config.timeoutMs ?? defaults.timeoutMs,
    idleTimeoutMs: config.idleTimeoutMs ?? defaults.idleTimeoutMs,
    secrets: [apiKey],
    mapError: (error, context) => mapOpenAIError(error, context, 'OpenAI', errorBodies.bodyOf((error as { headers?: unknown } | null)?.headers)),

    async generate(call) {
      // Awaited on both paths: the SDK is loaded even when crmkit sends the request itself, so a
      // missing `openai` package still fails as `missing_dependency` and the SDK's own checks apply.
      const openai = await getClient();
      // The parsed body carries the request id; `.withResponse()` would cost a Promise.all per call.
      const data = sendChatCompletion ? await sendChatCompletion(body(call), call.signal) : await openai.chat.completions.create(body(call), sdkRequestOptions(call.signal, false));
      const choice = data.choices[0];
      return {
        text: choice?.message.content ?? '',
        finishReason: mapOpenAIFinishReason(choice?.finish_reason),
        usage: mapOpenAIUsage(data.usage),
        model: data.model || undefined,
        requestId: data._request_id ?? undefined,
        toolCalls: toolCallsFromOpenAICompatible(choice?.message.tool_calls as Parameters<typeof toolCallsFromOpenAICompatible>[0]),
      };
    },

    async *stream(call, hooks) {
      const openai = await getClient();
      const { data, request_id } = await openai.chat.completions
        .create(
          { ...body(call), stream: true, stream_options: { include_usage: true } },
          sdkRequestOptions(call.signal, false),
        )
        .withResponse();
      hooks.started(request_id ?? undefined);
      let finishReason: FinishReason | undefined;
      let usage: Usage | undefined;
      let answeredModel: string | undefined;
      const toolCalls = createToolCallAssembler();
      for await (const chunk of data) {
        answeredModel ||= chunk.model || undefined;
        usage = mapOpenAIUsage(chunk.usage) ?? usage;
        const choice = chunk.choices[0];
        if (choice?.finish_reason) finishReason = mapOpenAIFinishReason(choice.finish_reason);
        const deltas = toolCalls.push(choice?.delta?.tool_calls);
        for (const delta of deltas) yield delta;
        if (deltas.length === 0 || choice?.delta?.content) yield choice?.delta?.content || null;
      }
      return { finishReason, usage, model: answeredModel, toolCalls: toolCalls.finish() };
    },
  });
}
