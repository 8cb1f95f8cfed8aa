import type { InferenceClient } from '@huggingface/inference';
import { z } from 'zod/v4';

type ChatCompletionArgs = Parameters<InferenceClient['chatCompletion']>[0];
import { ProviderError } from '../../core/errors.js';
import type { FinishReason, Provider, Usage } from '../../core/types.js';
import { parseInput } from '../../core/validate.js';
import { createVendorProvider } from '../shared/create-vendor-provider.js';
import { convertToolHistory, toolCallIdRules } from '../shared/convert-tool-history.js';
import {
  createToolCallAssembler,
  toOpenAICompatibleMessages,
  toOpenAICompatibleToolChoice,
  toOpenAICompatibleTools,
  toolCallsFromOpenAICompatible,
  type OpenAICompatibleToolCallChunk,
} from '../shared/openai-compatible-tools.js';
import type { VendorCall } from '../shared/create-vendor-provider.js';
import { createLazyResource } from '../../core/create-lazy-resource.js';
import { loadOptionalPeer } from '../../core/load-optional-peer.js';
import { missingSdkError } from '../shared/missing-sdk-error.js';
import { readApiKey } from '../shared/read-api-key.js';
import { huggingFaceModels } from './huggingface-models.js';
import { withStructuredOutputInstructions } from '../shared/structured-output-instructions.js';
import { huggingFaceContextWindow } from './huggingface-context-windows.js';
import { mapHuggingFaceError } from './map-huggingface-error.js';
import type { CapturedResponse } from './map-huggingface-error.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * Options for {@link createHuggingFaceProvider}.
 *
 * @example
 * ```ts
 * const options: HuggingFaceProviderOptions = { apiKey: process.env.HF_TOKEN, model: 'mistralai/Mistral-7B-Instruct-v0.2' };
 * ```
 */
export interface HuggingFaceProviderOptions {
  /**
   * The Hugging Face token (`hf_…`). When not given (or empty), the `HF_TOKEN` environment
   * variable is read at construction, as the Hugging Face libraries do. Without either, every call
   * fails with kind `auth`.
   * @default process.env.HF_TOKEN
   */
  readonly apiKey?: string;
  /** The router's OpenAI-compatible base URL. @default 'https://router.huggingface.co/v1' */
  readonly baseURL?: string;
  /** A dedicated Inference Endpoint or TGI server; takes precedence over `baseURL`. */
  readonly endpointUrl?: string;
  /** @default 'meta-llama/Llama-3.1-8B-Instruct' (`huggingFaceModels.default`; seed 000's Mistral 7B is `huggingFaceModels.seed`) */
  readonly model?: string;
  /** The default model's context window in tokens. @default from a per-model table; 4096 for unknown models */
  readonly contextWindow?: number;
  /** Sent when a request has no `maxOutputTokens`. @default 500 (seed 000) */
  readonly defaultMaxOutputTokens?: number;
  /** Sent when a request has no `temperature`. @default 0.7 (seed 000) */
  readonly defaultTemperature?: number;
  /** Sent when a request has no `topP`. @default 0.9 (seed 000) */
  readonly defaultTopP?: number;
  /** Per-call timeout; for streams, the wait for the response to start. @default 30000 (seed 000) */
  readonly timeoutMs?: number;
  /** A stream that sends nothing for this long fails with kind `timeout`. @default 30000 */
  readonly idleTimeoutMs?: number;
  /** The fetch the SDK uses (proxies, tests). @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
  /** An `InferenceClient` you already built; `apiKey` is then ignored. crmkit still passes its own fetch, signal and `retry_on_error: false` per call. */
  readonly client?: InferenceClient;
  /** Provider id in attempts, events, budgets and rate-limit keys. @default 'huggingface' */
  readonly id?: string;
}

const optionsSchema = lazyObject(() => z.object({
  apiKey: z.string().optional(),
  baseURL: z.url({ message: 'Expected `baseURL` to be an absolute URL such as https://router.huggingface.co/v1' }).optional(),
  endpointUrl: z.url({ message: 'Expected `endpointUrl` to be an absolute URL of an Inference Endpoint' }).optional(),
  model: z.string().min(1, 'Expected `model` to be a non-empty model id such as mistralai/Mistral-7B-Instruct-v0.2').optional(),
  contextWindow: z.number().int().positive('Expected `contextWindow` to be a positive integer').optional(),
  defaultMaxOutputTokens: z.number().int().positive('Expected `defaultMaxOutputTokens` to be a positive integer').optional(),
  defaultTemperature: z.number().min(0).max(2, 'Expected `defaultTemperature` between 0 and 2').optional(),
  defaultTopP: z.number().gt(0).max(1, 'Expected `defaultTopP` in (0, 1]').optional(),
  timeoutMs: z.number().int().nonnegative('Expected `timeoutMs` to be a non-negative integer (0 disables it)').optional(),
  idleTimeoutMs: z.number().int().nonnegative('Expected `idleTimeoutMs` to be a non-negative integer (0 disables it)').optional(),
  fetch: z.custom<typeof globalThis.fetch>((value) => typeof value === 'function', 'Expected `fetch` to be a function').optional(),
  client: z.custom<InferenceClient>((value) => typeof value === 'object' && value !== null && 'chatCompletion' in value, 'Expected `client` to be an InferenceClient').optional(),
  id: z.string().min(1, 'Expected `id` to be a non-empty string').optional(),
}));

/** Defaults in one place; documented on {@link HuggingFaceProviderOptions}. */
const defaults = {
  baseURL: 'https://router.huggingface.co/v1',
  model: huggingFaceModels.default,
  defaultMaxOutputTokens: 500,
  defaultTemperature: 0.7,
  defaultTopP: 0.9,
  timeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  id: 'huggingface',
} as const;

const finishReasons: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  eos_token: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  content_filter: 'content_filter',
  tool_calls: 'tool_calls',
};

function mapFinishReason(reason: string | null | undefined): FinishReason {
  return (reason && finishReasons[reason]) || 'other';
}

function mapUsage(usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null | undefined): Usage | undefined {
  if (!usage || typeof usage.prompt_tokens !== 'number') return undefined;
  const outputTokens = usage.completion_tokens ?? 0;
  return { inputTokens: usage.prompt_tokens, outputTokens, totalTokens: usage.total_tokens ?? usage.prompt_tokens + outputTokens };
}

/**
 * A {@link Provider} over `@huggingface/inference` chat completion, through the Hugging Face
 * router (`baseURL`) or a dedicated Inference Endpoint (`endpointUrl`). Defaults follow seed 000:
 * Mistral-7B-Instruct-v0.2, `max_tokens` 500, temperature 0.7, top-p 0.9, 30 s timeout. The SDK's
 * retry of 503 answers is off (`retry_on_error: false`): a loading model surfaces at once as
 * `overloaded` with its `estimated_time` as `retryAfterMs`. Structured output is requested by
 * instructions and validated with the zod schema.
 *
 * @example
 * ```ts
 * import { createHuggingFaceProvider } from 'crmkit/providers/huggingface';
 *
 * const mistral = createHuggingFaceProvider({ apiKey: process.env.HF_TOKEN });
 * const { text } = await mistral.generate({ messages: [{ role: 'user', content: 'Who needs a follow-up today?' }] });
 * ```
 */
export function createHuggingFaceProvider(options: HuggingFaceProviderOptions = {}): Provider {
  const config = parseInput(optionsSchema, options, 'createHuggingFaceProvider options');
  const providerId = config.id ?? defaults.id;
  const model = config.model ?? defaults.model;
  const apiKey = readApiKey(config.apiKey, 'HF_TOKEN');
  const endpointUrl = config.endpointUrl ?? config.baseURL ?? defaults.baseURL;
  const baseFetch = config.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init));
  const captures = new WeakMap<AbortSignal, CapturedResponse>();

  // Created on first call (getClient has checked the key by then), so a provider built at
  // startup loads no SDK until it is used.
  const sdk = createLazyResource({
    create: async () => {
      const { InferenceClient: Client } = await loadOptionalPeer({
        packageName: '@huggingface/inference',
        load: () => import('@huggingface/inference'),
        missing: missingSdkError(providerId),
      });
      return new Client(apiKey as string);
    },
  });

  const getClient = (): Promise<InferenceClient> => {
    if (config.client) return Promise.resolve(config.client);
    if (!apiKey) {
      return Promise.reject(
        new ProviderError('No Hugging Face token: set the HF_TOKEN environment variable or pass `apiKey` to createHuggingFaceProvider', {
          kind: 'auth',
          providerId,
          model,
        }),
      );
    }
    return sdk.get();
  };

  /** The SDK's errors carry no headers; this fetch keeps them (and error bodies) for the mapper. */
  const capturingFetch = (capture: CapturedResponse, onResponse?: (response: Response) => void): typeof fetch =>
    (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const response = await baseFetch(input, init);
      capture.status = response.status;
      capture.headers = response.headers;
      if (!response.ok) capture.bodyText = await response.clone().text().catch(() => undefined);
      else onResponse?.(response);
      return response;
    }) as typeof fetch;

  const args = (call: VendorCall) => {
    const messages = call.jsonSchema ? withStructuredOutputInstructions(call.request.messages, call.jsonSchema.schema) : call.request.messages;
    return {
      endpointUrl,
      model: call.model,
      // The router takes OpenAI's format; its strictest backends (Mistral) want 9-character call ids.
      messages: toOpenAICompatibleMessages(convertToolHistory(messages, toolCallIdRules.huggingface)) as ChatCompletionArgs['messages'],
      max_tokens: call.maxOutputTokens,
      temperature: call.request.temperature ?? config.defaultTemperature ?? defaults.defaultTemperature,
      top_p: call.request.topP ?? config.defaultTopP ?? defaults.defaultTopP,
      ...(call.request.stop === undefined ? {} : { stop: [...call.request.stop] }),
      ...(call.request.tools && call.request.tools.length > 0
        ? {
            tools: toOpenAICompatibleTools(call.request.tools),
            ...(call.request.toolChoice === undefined ? {} : { tool_choice: toOpenAICompatibleToolChoice(call.request.toolChoice) as ChatCompletionArgs['tool_choice'] }),
          }
        : {}),
    };
  };

  return createVendorProvider({
    vendor: 'Hugging Face',
    providerId,
    model,
    contextWindow: config.contextWindow ?? huggingFaceContextWindow(model),
    defaultMaxOutputTokens: config.defaultMaxOutputTokens ?? defaults.defaultMaxOutputTokens,
    timeoutMs: config.timeoutMs ?? defaults.timeoutMs,
    idleTimeoutMs: config.idleTimeoutMs ?? defaults.idleTimeoutMs,
    secrets: [apiKey],
    mapError: (error, context) => mapHuggingFaceError(error, context, captures.get(context.signal) ?? {}),

    async generate(call) {
      const inference = await getClient();
      const capture: CapturedResponse = {};
      captures.set(call.signal, capture);
      const output = await inference.chatCompletion(args(call), {
        signal: call.signal,
        retry_on_error: false,
        fetch: capturingFetch(capture),
      });
      const choice = output.choices[0];
      return {
        text: choice?.message.content ?? '',
        finishReason: mapFinishReason(choice?.finish_reason),
        usage: mapUsage(output.usage),
        model: output.model || undefined,
        requestId: (capture.headers as Headers | undefined)?.get('x-request-id') ?? undefined,
        toolCalls: toolCallsFromOpenAICompatible(choice?.message.tool_calls),
      };
    },

    async *stream(call, hooks) {
      const inference = await getClient();
      const capture: CapturedResponse = {};
      captures.set(call.signal, capture);
      const chunks = inference.chatCompletionStream(
        { ...args(call), stream_options: { include_usage: true } },
        {
          signal: call.signal,
          retry_on_error: false,
          fetch: capturingFetch(capture, (response) => hooks.started(response.headers.get('x-request-id') ?? undefined)),
        },
      );
      let finishReason: FinishReason | undefined;
      let usage: Usage | undefined;
      let answeredModel: string | undefined;
      const toolCalls = createToolCallAssembler();
      for await (const chunk of chunks) {
        answeredModel ||= chunk.model || undefined;
        usage = mapUsage(chunk.usage) ?? usage;
        const choice = chunk.choices[0];
        if (choice?.finish_reason) finishReason = mapFinishReason(choice.finish_reason);
        const deltas = toolCalls.push(choice?.delta?.tool_calls as OpenAICompatibleToolCallChunk[] | undefined);
        for (const delta of deltas) yield delta;
        if (deltas.length === 0 || choice?.delta?.content) yield choice?.delta?.content || null;
      }
      return { finishReason, usage, model: answeredModel, toolCalls: toolCalls.finish() };
    },
  });
}
