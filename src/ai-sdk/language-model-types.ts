/**
 * The parts of the AI SDK's language-model specification (`@ai-sdk/provider`, versions v2 to v4)
 * crmkit reads or writes. Structural copies, so `crmkit/ai-sdk` loads no AI SDK package at
 * runtime and type-checks without one; a real `LanguageModel` from any `@ai-sdk/*` provider is
 * assignable to {@link AiSdkLanguageModel}.
 *
 * @internal
 */

/** A prompt message as the AI SDK passes it to a model. */
export type AiSdkPromptMessage =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user' | 'assistant' | 'tool'; readonly content: readonly { readonly type: string; readonly text?: string }[] };

/** Call options (the subset crmkit maps). */
export interface AiSdkCallOptions {
  readonly prompt: readonly AiSdkPromptMessage[];
  readonly maxOutputTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly stopSequences?: readonly string[];
  readonly responseFormat?: { readonly type: 'text' } | { readonly type: 'json'; readonly schema?: unknown; readonly name?: string; readonly description?: string };
  readonly tools?: readonly unknown[];
  readonly abortSignal?: AbortSignal;
}

/** v3/v4 usage (objects) or v2 usage (numbers). */
export type AiSdkUsage =
  | {
      readonly inputTokens: { readonly total: number | undefined; readonly noCache?: number | undefined; readonly cacheRead: number | undefined; readonly cacheWrite: number | undefined };
      readonly outputTokens: { readonly total: number | undefined; readonly text?: number | undefined; readonly reasoning: number | undefined };
    }
  | { readonly inputTokens: number | undefined; readonly outputTokens: number | undefined; readonly reasoningTokens?: number | undefined; readonly cachedInputTokens?: number | undefined };

/** v3/v4 finish reason (object) or v2 (string). */
export type AiSdkFinishReason = { readonly unified: string; readonly raw: string | undefined } | string;

/** The result of `doGenerate`. */
export interface AiSdkGenerateResult {
  readonly content: readonly { readonly type: string; readonly text?: string }[];
  readonly finishReason: AiSdkFinishReason;
  readonly usage: AiSdkUsage;
  readonly response?: { readonly id?: string; readonly modelId?: string };
}

/** One part of a `doStream` stream (the ones crmkit reads). */
export type AiSdkStreamPart =
  | { readonly type: 'text-delta'; readonly delta?: string; readonly textDelta?: string }
  | { readonly type: 'finish'; readonly usage: AiSdkUsage; readonly finishReason: AiSdkFinishReason }
  | { readonly type: 'error'; readonly error: unknown }
  | { readonly type: 'response-metadata'; readonly id?: string; readonly modelId?: string }
  | { readonly type: string };

/**
 * An AI SDK language model (`LanguageModelV4`, V3 or V2): what `openai('gpt-4.1-mini')`,
 * `anthropic(…)`, `google(…)`, `bedrock(…)`, `ollama(…)` and every other `@ai-sdk/*` provider
 * return.
 *
 * @example
 * ```ts
 * import { createOpenAI } from '@ai-sdk/openai';
 * import type { AiSdkLanguageModel } from 'crmkit/ai-sdk';
 *
 * const model: AiSdkLanguageModel = createOpenAI({ apiKey: process.env.OPENAI_API_KEY }).chat('gpt-4.1-mini');
 * ```
 */
export interface AiSdkLanguageModel {
  readonly specificationVersion: 'v2' | 'v3' | 'v4';
  readonly provider: string;
  readonly modelId: string;
  doGenerate(options: never): PromiseLike<unknown>;
  doStream(options: never): PromiseLike<unknown>;
}
