import type { FallbackContext } from './crm-data-context.js';
import type { Attempt } from './errors.js';
import type { HostSchema } from './host-schema.js';
import type { ChatStreamEvent, ToolCall, ToolChoice, ToolSpec } from './tools.js';

// Attempt is declared in errors.ts, next to the errors that carry it, so errors.ts need not import
// this file (no type-level cycle); it stays importable from here.
export type { Attempt } from './errors.js';

/**
 * Who wrote a message.
 *
 * @example
 * ```ts
 * const role: ChatRole = 'assistant';
 * ```
 */
export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

/**
 * One message of a conversation.
 *
 * @example
 * ```ts
 * const message: ChatMessage = { role: 'user', content: 'Where is my order #54321?' };
 * const call: ChatMessage = { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'lookup_order', arguments: { orderId: '54321' } }] };
 * const result: ChatMessage = { role: 'tool', toolCallId: 'call_1', toolName: 'lookup_order', content: '{"status":"in_transit"}' };
 * ```
 */
export interface ChatMessage {
  readonly role: ChatRole;
  /** The text; for a `tool` message, the tool's output (crmkit's tool loop wraps it as untrusted). */
  readonly content: string;
  /** Assistant messages only: the tools the model called in this turn (parallel calls share a turn). */
  readonly toolCalls?: readonly ToolCall[];
  /** Tool messages only (required there): the id of the call this result answers. */
  readonly toolCallId?: string;
  /** Tool messages only (required there): the called tool's name. */
  readonly toolName?: string;
  /** Tool messages only: the tool failed (or did not run) and `content` says why. */
  readonly isError?: boolean;
}

/**
 * Who a call is for. Budgets, rate limits, usage records and events are keyed by it.
 * Never put secrets or message content here: it appears in events.
 *
 * @example
 * ```ts
 * const metadata: RequestMetadata = { tenantId: 'acme', userId: 'agent-7', sessionId: 's-1' };
 * ```
 */
export interface RequestMetadata {
  readonly tenantId?: string;
  readonly userId?: string;
  readonly sessionId?: string;
  /** Free-form labels for the host's own bookkeeping (feature, route, experiment…). */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * What to ask a model. `OBJECT` is the type of the structured output when `schema` is given.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 *
 * const request: ChatRequest<{ intent: string }> = {
 *   messages: [{ role: 'user', content: 'I want my money back' }],
 *   maxOutputTokens: 200,
 *   schema: z.object({ intent: z.string() }),
 * };
 * ```
 */
export interface ChatRequest<OBJECT = undefined> {
  readonly messages: readonly ChatMessage[];
  /** Overrides the provider's default model for this call. */
  readonly model?: string;
  /** Upper bound on generated tokens. Providers apply their own default when absent. */
  readonly maxOutputTokens?: number;
  /** 0–2. */
  readonly temperature?: number;
  /** 0–1, nucleus sampling. */
  readonly topP?: number;
  /** Up to 4 stop sequences. */
  readonly stop?: readonly string[];
  /**
   * Structured output: the model is asked for JSON matching this schema and the result's
   * `object` holds the validated value. A schema from the host's zod, 3.25+ or 4.
   */
  readonly schema?: HostSchema<OBJECT>;
  /** Name for the schema, sent to vendors that support named JSON schemas. */
  readonly schemaName?: string;
  /** Tools the model may call; its calls come back in `ChatResult.toolCalls`. Names must be unique. */
  readonly tools?: readonly ToolSpec[];
  /** @default 'auto' when `tools` are given */
  readonly toolChoice?: ToolChoice;
  readonly metadata?: RequestMetadata;
  /**
   * Typed facts the prompt was rendered from, for a degraded (rule-based) link to answer from
   * instead of re-parsing prompt text. Model providers never send it.
   */
  readonly fallbackContext?: FallbackContext;
  /**
   * Id of the fallback-chain link to try first for this call (case-insensitive); the rest of the
   * chain follows in its usual order. `auto` or absent keeps the chain's order. A single
   * provider ignores it.
   */
  readonly preferredProvider?: string;
}

/**
 * Why generation stopped.
 *
 * @example
 * ```ts
 * const { finishReason } = await provider.generate(request);
 * if (finishReason === 'length') console.warn('the reply was cut at maxOutputTokens');
 * ```
 */
export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'other';

/**
 * Tokens used by one call.
 *
 * @example
 * ```ts
 * const usage: Usage = { inputTokens: 120, outputTokens: 80, totalTokens: 200 };
 * ```
 */
export interface Usage {
  /** Every input token, cached or not (OpenAI `prompt_tokens`; Anthropic input + cache write + cache read). */
  readonly inputTokens: number;
  /** Every output token, reasoning included. */
  readonly outputTokens: number;
  readonly totalTokens: number;
  /** Of `inputTokens`, those read from the vendor's prompt cache (OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`); billed at the cached-input price. */
  readonly cachedInputTokens?: number;
  /** Of `inputTokens`, those written to the prompt cache (Anthropic `cache_creation_input_tokens`); billed at the cache-write price. */
  readonly cacheWriteTokens?: number;
  /** Of `outputTokens`, the model's hidden reasoning (OpenAI `reasoning_tokens`); billed at the reasoning price, the output price by default. */
  readonly reasoningTokens?: number;
  /** True when the counts are crmkit's estimate rather than the vendor's report. */
  readonly approximate?: boolean;
}

/**
 * What a successful call returns.
 *
 * @example
 * ```ts
 * const result = await provider.generate({ messages: [{ role: 'user', content: 'Hi' }] });
 * console.log(result.text, result.usage.totalTokens, result.provider, result.degraded);
 * ```
 */
export interface ChatResult<OBJECT = undefined> {
  /** The generated text (the raw JSON when a schema was given). */
  readonly text: string;
  /** The validated structured output when the request had a `schema`; otherwise `undefined`. */
  readonly object: OBJECT;
  readonly finishReason: FinishReason;
  readonly usage: Usage;
  /** Cost in integer micro-dollars (1 USD = 1,000,000), when a price is known. */
  readonly costMicros?: number;
  /** Id of the provider that answered, e.g. `openai` or `rules`. */
  readonly provider: string;
  /** The model that answered. */
  readonly model: string;
  /** Wall-clock time of the whole call, including retries and failovers. */
  readonly latencyMs: number;
  /** True when the answer came from a fallback path (rule-based responder, template). */
  readonly degraded: boolean;
  /** Why the answer is degraded, when it is. */
  readonly degradedReason?: string;
  /** Every attempt that led to this answer, the successful one last. */
  readonly attempts: readonly Attempt[];
  /** The vendor's request id, for support tickets. */
  readonly requestId?: string;
  /** The tools the model called (several when it called them in parallel); absent when none. */
  readonly toolCalls?: readonly ToolCall[];
}

/**
 * Per-call options accepted by every {@link Provider} method.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * await provider.generate(request, { signal: controller.signal, timeoutMs: 30_000 });
 * ```
 */
export interface CallOptions {
  /** Cancels the call; the promise rejects with a `ProviderError` of kind `aborted`. */
  readonly signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds; rejects with kind `timeout`. */
  readonly timeoutMs?: number;
  /** For streams: fail with kind `timeout` when no chunk arrives for this long. */
  readonly idleTimeoutMs?: number;
  /**
   * Absolute time, on the `performance.now()` clock, by which the call must settle; past it the
   * call fails with kind `timeout`. For streams it bounds the wait for the response to start (the
   * idle timeout covers the rest). Unlike `timeoutMs` it spans retries and wrappers: each layer
   * passes it down unchanged, so one timer at the bottom enforces it. Providers that honour it
   * say so with {@link Provider.honorsDeadline}.
   *
   * @example
   * ```ts
   * // Whatever retries happen inside, settle within 5 s from now.
   * await provider.generate(request, { deadline: performance.now() + 5_000 });
   * ```
   */
  readonly deadline?: number;
  /**
   * Set by a fallback chain when another model link remains after this provider. `withRetry`'s
   * default (`inPlace: 'auto'`) then gives a transient failure up at once, so the chain fails
   * over, instead of retrying in place; it still retries when the server asks for a short wait.
   *
   * @example
   * ```ts
   * await resilientOpenAI.generate(request, { failover: true }); // a 503 throws at once
   * ```
   */
  readonly failover?: boolean;
}

/**
 * A streamed answer: iterate it for text deltas; the promises settle when the stream ends.
 * If the stream fails, iteration throws a `ProviderError` and the promises reject with it
 * (they never cause an unhandled rejection when left unobserved).
 *
 * @example
 * ```ts
 * const stream = provider.stream({ messages: [{ role: 'user', content: 'Hello' }] });
 * for await (const delta of stream) process.stdout.write(delta);
 * const { usage, finishReason } = await stream.result;
 * ```
 */
export interface ChatStream<OBJECT = undefined> extends AsyncIterable<string> {
  /** The full text once the stream has ended. */
  readonly text: Promise<string>;
  readonly usage: Promise<Usage>;
  readonly finishReason: Promise<FinishReason>;
  /** Everything a `generate` call would have returned. */
  readonly result: Promise<ChatResult<OBJECT>>;
  /** The complete tool calls, once the stream has ended (empty when the model called none). */
  readonly toolCalls: Promise<readonly ToolCall[]>;
  /**
   * Text deltas, tool-call deltas as they arrive, then each complete tool call. Iterating it, like
   * iterating the stream itself, sees every event from the start.
   */
  readonly events: AsyncIterable<ChatStreamEvent>;
  /** Stops the stream and releases its connection. */
  abort(reason?: unknown): void;
}

/**
 * The one contract every model source implements: the vendor providers, every wrapper (retry,
 * circuit breaker, rate limit, budget), the fallback chain and the rule-based responder. Because
 * wrappers are Providers too, they compose like an onion.
 *
 * @example
 * ```ts
 * import { createMockProvider } from 'crmkit/testing';
 *
 * const provider: Provider = createMockProvider({ reply: 'Hello!' });
 * const { text } = await provider.generate({ messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export interface Provider {
  /** Stable id used in attempts, events, budgets and rate-limit keys, e.g. `openai`. */
  readonly id: string;
  /** The default model. */
  readonly model: string;
  /** The default model's context window in tokens. */
  readonly contextWindow: number;
  /**
   * True when the provider itself fails a call with kind `timeout` once
   * {@link CallOptions.deadline} passes. A fallback chain arms its own deadline timer only for
   * links that do not. Wrappers report their inner provider's value.
   * @default undefined (not honoured)
   */
  readonly honorsDeadline?: boolean;
  generate<OBJECT = undefined>(request: ChatRequest<OBJECT>, options?: CallOptions): Promise<ChatResult<OBJECT>>;
  stream<OBJECT = undefined>(request: ChatRequest<OBJECT>, options?: CallOptions): ChatStream<OBJECT>;
}
