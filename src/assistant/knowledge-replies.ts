import { z } from 'zod/v4';
import type { KnowledgeSource } from '../core/knowledge/knowledge-source.js';
import { parseInput } from '../core/validate.js';
import type { AssistantContext } from './assistant-context.js';
import { answerFromKnowledge, knowledgeAnswerSettingsSchema, type KnowledgeAnswer, type KnowledgeReplies, type KnowledgeAnswerSettings, type KnowledgeCitation, type NoAnswerReason } from './answer-from-knowledge.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * The assistant's `knowledge` option: the help center its chat sessions answer from.
 *
 * @example
 * ```ts
 * const knowledge: AssistantKnowledgeOptions = {
 *   source: createMemoryKnowledgeSource(),
 *   company: 'Acme',
 *   sessionTypes: ['company_assistant', 'customer_support'],
 *   noAnswerReply: "I couldn't find that in our help center.",
 * };
 * ```
 */
export interface AssistantKnowledgeOptions extends KnowledgeAnswerSettings {
  readonly source: KnowledgeSource;
  /**
   * Session types whose replies are grounded in the knowledge source (seed 001's website assistant
   * and seed 003's customer support). Other types keep their own prompts.
   * @default ['company_assistant', 'customer_support']
   */
  readonly sessionTypes?: readonly string[];
  /** Only articles with one of these tags. */
  readonly tags?: readonly string[];
}

/**
 * What a grounded chat reply adds to `send`'s result (and to `stream.knowledge`): whether the help
 * center answered, the citations behind `[n]` markers, or why it declined.
 *
 * @example
 * ```ts
 * const { knowledge } = await assistant.send({ tenantId: 'acme', userId: 'v1', message: 'How long do refunds take?', sessionType: 'company_assistant' });
 * for (const citation of knowledge?.citations ?? []) console.log(`[${citation.marker}] ${citation.title}: ${citation.url}`);
 * ```
 */
export interface GroundedReply {
  readonly answered: boolean;
  readonly citations: readonly KnowledgeCitation[];
  /** Set when the reply is the no-answer reply: why, and the escalation it suggests. */
  readonly noAnswer?: { readonly reason: NoAnswerReason; readonly escalation: string };
}

const optionsSchema = lazyObject(() => knowledgeAnswerSettingsSchema.extend({
  source: z.custom<KnowledgeSource>((value) => typeof (value as KnowledgeSource | undefined)?.search === 'function', 'Expected `knowledge.source` to be a KnowledgeSource (createMemoryKnowledgeSource, createPostgresKnowledgeSource…)'),
  sessionTypes: z.array(z.string().min(1)).default(['company_assistant', 'customer_support']),
  tags: z.array(z.string().min(1)).optional(),
}));

/** Checks the `knowledge` option once, when the assistant is built. @internal */
export function checkKnowledgeOptions(options: AssistantKnowledgeOptions): AssistantKnowledgeOptions & { readonly sessionTypes: readonly string[] } {
  const parsed = parseInput(optionsSchema, options, 'createCrmAssistant options.knowledge');
  return { ...options, sessionTypes: parsed.sessionTypes };
}

/** Builds the grounded reply step of `send` and `stream`. @internal */
export function createKnowledgeReplies(context: AssistantContext, options: AssistantKnowledgeOptions & { readonly sessionTypes: readonly string[] }): KnowledgeReplies {
  const types = new Set(options.sessionTypes);
  const { source, sessionTypes: _types, ...settings } = options;
  return {
    appliesTo: (sessionType) => types.has(sessionType),
    reply: (input) =>
      answerFromKnowledge({
        ...settings,
        knowledge: source,
        ...(context.llm && !input.withoutModel ? { provider: context.llm } : {}),
        tenantId: input.tenantId,
        userId: input.userId,
        ...(input.sessionId ? { sessionId: input.sessionId } : {}),
        question: input.message,
        history: input.history,
        tokenCounter: context.tokenCounter,
        onError: (error, where) => context.reportError(error, where === 'knowledge' ? 'store' : 'model'),
        ...(input.signal ? { signal: input.signal } : {}),
      }),
  };
}

/** The part of a {@link KnowledgeAnswer} a chat reply reports. @internal */
export function groundedReplyOf(answer: KnowledgeAnswer): GroundedReply {
  return { answered: answer.answered, citations: answer.citations, ...(answer.noAnswer ? { noAnswer: answer.noAnswer } : {}) };
}
