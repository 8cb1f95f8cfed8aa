import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4FinishReason, LanguageModelV4StreamPart, LanguageModelV4Usage, SharedV4Warning } from '@ai-sdk/provider';
import { ValidationError } from '../core/errors.js';
import type { ChatMessage, ChatRequest, ChatResult, FinishReason, Provider, Usage } from '../core/types.js';

/**
 * Options of {@link toAiSdkModel}.
 *
 * @example
 * ```ts
 * const options: ToAiSdkModelOptions = { metadata: { tenantId: 'acme' } };
 * ```
 */
export interface ToAiSdkModelOptions {
  /** Sent with every call, so budgets and rate limits can key on tenant, user and session. */
  readonly metadata?: ChatRequest['metadata'];
}

/**
 * Turns a crmkit {@link Provider} — typically a fallback chain with retries, circuit breakers,
 * rate limits and budgets — into an AI SDK language model (specification v4), so an app on the
 * Vercel AI SDK swaps its model for a crmkit chain in one line and keeps `generateText`,
 * `streamText` and `useChat`. Text and streams are mapped both ways; usage carries crmkit's cache
 * and reasoning details; `providerMetadata.crmkit` says which provider answered, whether the
 * answer was degraded, its cost and how many attempts it took. Failures reach the AI SDK as the
 * crmkit `ProviderError` (its `kind` says what went wrong) after crmkit's own retries and
 * fallbacks; the AI SDK does not retry them again. Text only: a call with tools fails with a
 * `ValidationError` rather than silently dropping them, and JSON response formats get a warning
 * (pass a zod `schema` through crmkit directly for structured output).
 *
 * @example
 * ```ts
 * import { generateText } from 'ai';
 * import { createProviderChainFromEnv } from 'crmkit';
 * import { toAiSdkModel } from 'crmkit/ai-sdk';
 *
 * const model = toAiSdkModel(await createProviderChainFromEnv()); // was: openai('gpt-4.1-mini')
 * const { text, providerMetadata } = await generateText({ model, prompt: 'Where is my order #54321?' });
 * ```
 */
export function toAiSdkModel(provider: Provider, options: ToAiSdkModelOptions = {}): LanguageModelV4 {
  const requestOf = (callOptions: LanguageModelV4CallOptions): { request: ChatRequest; warnings: SharedV4Warning[] } => {
    const warnings: SharedV4Warning[] = [];
    if (callOptions.tools && callOptions.tools.length > 0) {
      throw new ValidationError('AI SDK call to a crmkit model', [{ path: 'tools', message: 'crmkit models answer with text only: call tools with a vendor model, or remove `tools`' }]);
    }
    if (callOptions.responseFormat?.type === 'json') warnings.push({ type: 'unsupported', feature: 'responseFormat', details: 'crmkit models answer with text; pass a zod schema through crmkit for structured output' });
    for (const feature of ['topK', 'presencePenalty', 'frequencyPenalty', 'seed'] as const) {
      if (callOptions[feature] !== undefined) warnings.push({ type: 'unsupported', feature });
    }
    const request: ChatRequest = {
      messages: messagesOf(callOptions.prompt),
      ...(callOptions.maxOutputTokens === undefined ? {} : { maxOutputTokens: callOptions.maxOutputTokens }),
      ...(callOptions.temperature === undefined ? {} : { temperature: callOptions.temperature }),
      ...(callOptions.topP === undefined ? {} : { topP: callOptions.topP }),
      ...(callOptions.stopSequences === undefined || callOptions.stopSequences.length === 0 ? {} : { stop: callOptions.stopSequences.slice(0, 4) }),
      ...(options.metadata ? { metadata: options.metadata } : {}),
    };
    return { request, warnings };
  };

  return {
    specificationVersion: 'v4',
    provider: `crmkit.${provider.id}`,
    modelId: provider.model,
    supportedUrls: {},
    async doGenerate(callOptions) {
      const { request, warnings } = requestOf(callOptions);
      const result = await provider.generate(request, { signal: callOptions.abortSignal });
      return {
        content: result.text ? [{ type: 'text', text: result.text }] : [],
        finishReason: finishReasonOf(result.finishReason),
        usage: usageOf(result.usage),
        providerMetadata: { crmkit: metadataOf(result) },
        response: { modelId: result.model, ...(result.requestId ? { id: result.requestId } : {}) },
        warnings,
      };
    },
    async doStream(callOptions) {
      const { request, warnings } = requestOf(callOptions);
      const chatStream = provider.stream(request, { signal: callOptions.abortSignal });
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async start(controller) {
          controller.enqueue({ type: 'stream-start', warnings });
          let started = false;
          try {
            for await (const delta of chatStream) {
              if (!started) {
                controller.enqueue({ type: 'text-start', id: 'text' });
                started = true;
              }
              if (delta) controller.enqueue({ type: 'text-delta', id: 'text', delta });
            }
            const result = await chatStream.result;
            if (started) controller.enqueue({ type: 'text-end', id: 'text' });
            controller.enqueue({ type: 'response-metadata', modelId: result.model, ...(result.requestId ? { id: result.requestId } : {}) });
            controller.enqueue({ type: 'finish', usage: usageOf(result.usage), finishReason: finishReasonOf(result.finishReason), providerMetadata: { crmkit: metadataOf(result) } });
          } catch (error) {
            controller.enqueue({ type: 'error', error });
          }
          controller.close();
        },
      });
      return { stream };
    },
  };
}

function messagesOf(prompt: LanguageModelV4CallOptions['prompt']): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const message of prompt) {
    if (message.role === 'system') {
      messages.push({ role: 'system', content: message.content });
      continue;
    }
    if (message.role === 'tool') {
      throw new ValidationError('AI SDK call to a crmkit model', [{ path: 'prompt', message: 'crmkit models answer with text only: tool results cannot be sent to them' }]);
    }
    const text = message.content
      .map((part) => {
        if (part.type === 'text') return part.text;
        if (part.type === 'reasoning') return '';
        throw new ValidationError('AI SDK call to a crmkit model', [{ path: 'prompt', message: `crmkit models take text only, not \`${part.type}\` parts` }]);
      })
      .join('');
    messages.push({ role: message.role, content: text });
  }
  return messages;
}

const finishReasons: Readonly<Record<FinishReason, LanguageModelV4FinishReason['unified']>> = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content-filter',
  tool_calls: 'tool-calls',
  other: 'other',
};

function finishReasonOf(reason: FinishReason): LanguageModelV4FinishReason {
  return { unified: finishReasons[reason] ?? 'other', raw: reason };
}

function usageOf(usage: Usage): LanguageModelV4Usage {
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const reasoning = usage.reasoningTokens ?? 0;
  return {
    inputTokens: { total: usage.inputTokens, noCache: usage.inputTokens - cacheRead - cacheWrite, cacheRead, cacheWrite },
    outputTokens: { total: usage.outputTokens, text: usage.outputTokens - reasoning, reasoning },
  };
}

function metadataOf(result: ChatResult<unknown>): { provider: string; model: string; degraded: boolean; attempts: number; costMicros: number | null } {
  return { provider: result.provider, model: result.model, degraded: result.degraded, attempts: result.attempts.length, costMicros: result.costMicros ?? null };
}
