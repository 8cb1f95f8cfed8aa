import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod/v4';
import { ProviderError } from '../../core/errors.js';
import type { FinishReason, Provider, Usage } from '../../core/types.js';
import { parseInput } from '../../core/validate.js';
import { followCallSignal, sdkBackstopTimeoutMs, sdkRequestOptions } from '../shared/call-signal-fetch.js';
import { createVendorProvider } from '../shared/create-vendor-provider.js';
import type { VendorCall } from '../shared/create-vendor-provider.js';
import { createLazyResource } from '../../core/create-lazy-resource.js';
import { loadOptionalPeer } from '../../core/load-optional-peer.js';
import { missingSdkError } from '../shared/missing-sdk-error.js';
import { readApiKey } from '../shared/read-api-key.js';
import { anthropicModels } from './anthropic-models.js';
import { withStructuredOutputInstructions } from '../shared/structured-output-instructions.js';
import { anthropicContextWindow } from './anthropic-context-windows.js';
import { mapAnthropicError } from './map-anthropic-error.js';
import { createAnthropicToolCallAssembler, toAnthropicMessages, toAnthropicToolChoice, toAnthropicTools, toolCallsFromAnthropic } from './anthropic-tools.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * Options for {@link createAnthropicProvider}.
 *
 * @example
 * ```ts
 * const options: AnthropicProviderOptions = { apiKey: process.env.ANTHROPIC_API_KEY, model: 'claude-3-haiku-20240307' };
 * ```
 */
export interface AnthropicProviderOptions {
  /**
   * The API key. When not given (or empty), the `ANTHROPIC_API_KEY` environment variable is read
   * at construction, as the Anthropic SDK does. Without either, every call fails with kind `auth`
   * (construction never fails).
   * @default process.env.ANTHROPIC_API_KEY
   */
  readonly apiKey?: string;
  /** @default 'https://api.anthropic.com' */
  readonly baseURL?: string;
  /** @default 'claude-haiku-4-5' (`anthropicModels.default`; seed 002's Claude 3 Haiku is `anthropicModels.seed`) */
  readonly model?: string;
  /** The default model's context window in tokens. @default 200000 */
  readonly contextWindow?: number;
  /** Sent when a request has no `maxOutputTokens` (Anthropic requires one). @default 1024 */
  readonly defaultMaxOutputTokens?: number;
  /** Per-call timeout; for streams, the wait for the response to start. @default 60000 */
  readonly timeoutMs?: number;
  /** A stream that sends nothing for this long fails with kind `timeout`. @default 30000 */
  readonly idleTimeoutMs?: number;
  /** The fetch the SDK uses (proxies, tests). @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
  /** An SDK client you already built; `apiKey`, `baseURL` and `fetch` are then ignored. Retries are still switched off per request. */
  readonly client?: Anthropic;
  /** Provider id in attempts, events, budgets and rate-limit keys. @default 'anthropic' */
  readonly id?: string;
}

const optionsSchema = lazyObject(() => z.object({
  apiKey: z.string().optional(),
  baseURL: z.url({ message: 'Expected `baseURL` to be an absolute URL such as https://api.anthropic.com' }).optional(),
  model: z.string().min(1, 'Expected `model` to be a non-empty model name').optional(),
  contextWindow: z.number().int().positive('Expected `contextWindow` to be a positive integer').optional(),
  defaultMaxOutputTokens: z.number().int().positive('Expected `defaultMaxOutputTokens` to be a positive integer').optional(),
  timeoutMs: z.number().int().nonnegative('Expected `timeoutMs` to be a non-negative integer (0 disables it)').optional(),
  idleTimeoutMs: z.number().int().nonnegative('Expected `idleTimeoutMs` to be a non-negative integer (0 disables it)').optional(),
  fetch: z.custom<typeof globalThis.fetch>((value) => typeof value === 'function', 'Expected `fetch` to be a function').optional(),
  client: z.custom<Anthropic>((value) => typeof value === 'object' && value !== null && 'messages' in value, 'Expected `client` to be an Anthropic client').optional(),
  id: z.string().min(1, 'Expected `id` to be a non-empty string').optional(),
}));

/** Defaults in one place; documented on {@link AnthropicProviderOptions}. */
const defaults = {
  baseURL: 'https://api.anthropic.com',
  model: anthropicModels.default,
  defaultMaxOutputTokens: 1024,
  timeoutMs: 60_000,
  idleTimeoutMs: 30_000,
  id: 'anthropic',
} as const;

const stopReasons: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** Maps an Anthropic `stop_reason`. */
export function mapAnthropicStopReason(reason: string | null | undefined): FinishReason {
  return (reason && stopReasons[reason]) || 'other';
}

interface AnthropicUsageLike {
  readonly input_tokens?: number | null;
  readonly output_tokens?: number | null;
  readonly cache_creation_input_tokens?: number | null;
  readonly cache_read_input_tokens?: number | null;
}

/** Input tokens as billed: fresh, cache writes and cache reads together. */
function inputTokensOf(usage: AnthropicUsageLike): number {
  return (usage.input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
}

/** crmkit's usage from Anthropic's, the cache reads and writes kept apart (they bill differently). */
export function mapAnthropicUsage(usage: AnthropicUsageLike, outputTokens: number): Usage {
  const inputTokens = inputTokensOf(usage);
  const mapped: { -readonly [KEY in keyof Usage]: Usage[KEY] } = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (usage.cache_read_input_tokens) mapped.cachedInputTokens = usage.cache_read_input_tokens;
  if (usage.cache_creation_input_tokens) mapped.cacheWriteTokens = usage.cache_creation_input_tokens;
  return mapped;
}

/**
 * A {@link Provider} over the official `@anthropic-ai/sdk` (messages API). System messages become
 * the separate `system` field; stop reasons map to crmkit's finish reasons (`end_turn` → `stop`,
 * `max_tokens` → `length`, `refusal` → `content_filter`, `tool_use` → `tool_calls`). Temperatures
 * above Anthropic's maximum of 1 are clamped to 1, so one request can go to any vendor in a
 * fallback chain. Structured output is requested by instructions and validated with the zod
 * schema. The SDK is loaded on the first call; its retries are off (`maxRetries: 0`).
 *
 * @example
 * ```ts
 * import { createAnthropicProvider } from 'crmkit/providers/anthropic';
 *
 * const claude = createAnthropicProvider({ apiKey: process.env.ANTHROPIC_API_KEY });
 * const { text } = await claude.generate({
 *   messages: [
 *     { role: 'system', content: 'You are a concise support agent.' },
 *     { role: 'user', content: 'Where is order #54321?' },
 *   ],
 * });
 * ```
 */
export function createAnthropicProvider(options: AnthropicProviderOptions = {}): Provider {
  const config = parseInput(optionsSchema, options, 'createAnthropicProvider options');
  const providerId = config.id ?? defaults.id;
  const model = config.model ?? defaults.model;
  const apiKey = readApiKey(config.apiKey, 'ANTHROPIC_API_KEY');

  // Created on first call (getClient has checked the key by then), so a provider built at
  // startup loads no SDK until it is used.
  const sdk = createLazyResource({
    create: async () => {
      const { default: AnthropicClient } = await loadOptionalPeer({ packageName: '@anthropic-ai/sdk', load: () => import('@anthropic-ai/sdk'), missing: missingSdkError(providerId) });
      return new AnthropicClient({
        apiKey: apiKey as string,
        baseURL: config.baseURL ?? defaults.baseURL,
        maxRetries: 0,
        timeout: sdkBackstopTimeoutMs,
        fetch: followCallSignal(config.fetch),
      });
    },
  });

  const getClient = (): Promise<Anthropic> => {
    if (config.client) return Promise.resolve(config.client);
    if (!apiKey) {
      return Promise.reject(
        new ProviderError('No Anthropic API key: set the ANTHROPIC_API_KEY environment variable or pass `apiKey` to createAnthropicProvider', {
          kind: 'auth',
          providerId,
          model,
        }),
      );
    }
    return sdk.get();
  };

  const body = (call: VendorCall) => {
    const messages = call.jsonSchema ? withStructuredOutputInstructions(call.request.messages, call.jsonSchema.schema) : call.request.messages;
    return {
      model: call.model,
      max_tokens: call.maxOutputTokens,
      ...toAnthropicMessages(messages),
      ...(call.request.temperature === undefined ? {} : { temperature: Math.min(1, call.request.temperature) }),
      // Claude 4.5 models refuse temperature and top_p together; temperature wins when both are set.
      ...(call.request.topP === undefined || call.request.temperature !== undefined ? {} : { top_p: call.request.topP }),
      ...(call.request.stop === undefined ? {} : { stop_sequences: [...call.request.stop] }),
      ...(call.request.tools && call.request.tools.length > 0
        ? { tools: toAnthropicTools(call.request.tools), ...(call.request.toolChoice === undefined ? {} : { tool_choice: toAnthropicToolChoice(call.request.toolChoice) }) }
        : {}),
    };
  };

  // A client crmkit built runs on crmkit's fetch: a non-streamed call's signal goes past the SDK (see call-signal-fetch.ts).
  const ownFetch = !config.client;

  return createVendorProvider({
    vendor: 'Anthropic',
    providerId,
    model,
    contextWindow: config.contextWindow ?? anthropicContextWindow(model),
    defaultMaxOutputTokens: config.defaultMaxOutputTokens ?? defaults.defaultMaxOutputTokens,
    timeoutMs: config.timeoutMs ?? defaults.timeoutMs,
    idleTimeoutMs: config.idleTimeoutMs ?? defaults.idleTimeoutMs,
    secrets: [apiKey],
    mapError: mapAnthropicError,

    async generate(call) {
      const anthropic = await getClient();
      const { data, request_id } = await anthropic.messages
        .create({ ...body(call), stream: false } as Anthropic.MessageCreateParamsNonStreaming, sdkRequestOptions(call.signal, ownFetch))
        .withResponse();
      const text = data.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
      const usage = mapAnthropicUsage(data.usage, data.usage.output_tokens);
      return {
        text,
        finishReason: mapAnthropicStopReason(data.stop_reason),
        usage,
        model: data.model || undefined,
        requestId: request_id ?? undefined,
        toolCalls: toolCallsFromAnthropic(data.content),
      };
    },

    async *stream(call, hooks) {
      const anthropic = await getClient();
      const { data, request_id } = await anthropic.messages
        .create({ ...body(call), stream: true } as Anthropic.MessageCreateParamsStreaming, sdkRequestOptions(call.signal, false))
        .withResponse();
      hooks.started(request_id ?? undefined);
      let stopReason: string | null | undefined;
      let stopped = false;
      let inputUsage: AnthropicUsageLike = {};
      let outputTokens = 0;
      let answeredModel: string | undefined;
      const toolCalls = createAnthropicToolCallAssembler();
      for await (const event of data) {
        switch (event.type) {
          case 'message_start':
            answeredModel = event.message.model || undefined;
            inputUsage = event.message.usage;
            outputTokens = event.message.usage.output_tokens ?? 0;
            yield null;
            break;
          case 'content_block_start':
            yield toolCalls.start(event.index, event.content_block) ?? null;
            break;
          case 'content_block_delta':
            if (event.delta.type === 'input_json_delta') yield toolCalls.delta(event.index, event.delta.partial_json) ?? null;
            else yield event.delta.type === 'text_delta' ? event.delta.text : null;
            break;
          case 'message_delta':
            stopReason = event.delta.stop_reason;
            outputTokens = event.usage.output_tokens ?? outputTokens;
            if (event.usage.input_tokens != null) inputUsage = event.usage as AnthropicUsageLike;
            yield null;
            break;
          case 'message_stop':
            stopped = true;
            break;
          default:
            yield null;
        }
      }
      return {
        // Only `message_stop` proves the answer is whole; without it the engine reports truncation.
        finishReason: stopped ? mapAnthropicStopReason(stopReason) : undefined,
        usage: mapAnthropicUsage(inputUsage, outputTokens),
        model: answeredModel,
        toolCalls: toolCalls.finish(),
      };
    },
  });
}
