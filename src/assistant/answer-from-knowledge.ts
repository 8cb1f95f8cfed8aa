import { z } from 'zod/v4';
import { ProviderError, ValidationError } from '../core/errors.js';
import { CitationError } from '../core/knowledge/citation-error.js';
import { checkCitations, dropInventedClaims } from '../core/knowledge/citations.js';
import type { KnowledgePassage, KnowledgeSource } from '../core/knowledge/knowledge-source.js';
import { queryCoverage } from '../core/knowledge/knowledge-terms.js';
import type { TokenCounter } from '../core/token-counter.js';
import type { ChatMessage, Provider, Usage } from '../core/types.js';
import { parseInput } from '../core/validate.js';
import { answerFromPassage } from '../fallback/answer-from-passage.js';
import { createGroundedAnswerPrompt } from '../prompts/grounded-answer-prompt.js';
import type { HistoryTurn } from '../prompts/history-turn.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * How a grounded answer behaves; shared by {@link answerFromKnowledge} and the assistant's
 * `knowledge` option. Every field has a default.
 *
 * @example
 * ```ts
 * const settings: KnowledgeAnswerSettings = {
 *   company: 'Acme',
 *   noAnswerReply: "I couldn't find that in our help center.",
 *   escalationReply: 'Shall I pass your question to a colleague?',
 *   minCoverage: 0.5,
 * };
 * ```
 */
export interface KnowledgeAnswerSettings {
  /** Passages retrieved per question, 1–20. @default 5 */
  readonly limit?: number;
  /**
   * Least share (0–1) of the question's content words a passage must contain to count as a
   * match (see `queryCoverage`). Below it for every passage, the answer is the no-answer reply
   * and no model is called.
   * @default 0.25
   */
  readonly minCoverage?: number;
  /** With an `embed` function: a passage whose cosine similarity reaches this counts as a match whatever its words. @default 0.8 */
  readonly minSimilarity?: number;
  /** Said when the help center does not cover the question. @default "I couldn't find that in our help center." */
  readonly noAnswerReply?: string;
  /** Appended to the no-answer reply. @default 'Would you like me to pass your question to our support team?' */
  readonly escalationReply?: string;
  /**
   * After the one repair turn, an answer that still cites a passage that was not retrieved either
   * loses those sentences (`drop`) or fails with a `CitationError` (`fail`).
   * @default 'drop'
   */
  readonly invalidCitations?: 'drop' | 'fail';
  /** Who the assistant speaks for, in the prompt. @default 'our company' */
  readonly company?: string;
  /** Longest answer asked of the model. @default 150 */
  readonly maxWords?: number;
  /** Extra trusted instructions for the model (tone, language). */
  readonly instructions?: string;
  /** @default 400 */
  readonly maxOutputTokens?: number;
  /** @default 0.2 */
  readonly temperature?: number;
}

/**
 * Input of {@link answerFromKnowledge}.
 *
 * @example
 * ```ts
 * const input: AnswerFromKnowledgeInput = { knowledge, provider, tenantId: 'acme', question: 'How long do refunds take?' };
 * ```
 */
export interface AnswerFromKnowledgeInput extends KnowledgeAnswerSettings {
  readonly knowledge: KnowledgeSource;
  /** The model stack. Absent: the rule-based answer (best passage's excerpt, title and link), `degraded: true`. */
  readonly provider?: Provider;
  readonly tenantId: string;
  readonly question: string;
  /** Only articles with one of these tags. */
  readonly tags?: readonly string[];
  /** Earlier turns, oldest first. */
  readonly history?: readonly HistoryTurn[];
  /** Fit the prompt to this many input tokens. @default the provider's context window minus `maxOutputTokens` */
  readonly maxInputTokens?: number;
  readonly tokenCounter?: TokenCounter;
  /** Request metadata for budgets and telemetry. */
  readonly userId?: string;
  readonly sessionId?: string;
  /** Told about failures the answer absorbed (the knowledge source or the model down). */
  readonly onError?: (error: unknown, source: 'knowledge' | 'model') => void;
  readonly signal?: AbortSignal;
}

/**
 * One citation of a grounded answer: the `[marker]` in the text and the article it points to.
 *
 * @example
 * ```ts
 * for (const citation of answer.citations) console.log(`[${citation.marker}] ${citation.title} ${citation.url ?? ''}`);
 * ```
 */
export interface KnowledgeCitation {
  readonly marker: number;
  readonly documentId: string;
  readonly passageId: string;
  readonly title: string;
  readonly url?: string;
}

/**
 * Why a grounded answer declined: `no_match` (retrieval found nothing), `weak_match` (nothing
 * relevant enough), `model_declined` (the model said the passages do not answer), `unsupported`
 * (no claim was left with a valid citation), `search_failed` (the knowledge source failed).
 *
 * @example
 * ```ts
 * if (answer.noAnswer?.reason === 'search_failed') alertOps();
 * ```
 */
export type NoAnswerReason = 'no_match' | 'weak_match' | 'model_declined' | 'unsupported' | 'search_failed';

/**
 * A grounded answer: text with `[n]` citations and the articles they point to, or the no-answer
 * reply with an escalation suggestion.
 *
 * @example
 * ```ts
 * const answer: KnowledgeAnswer = await answerFromKnowledge({ knowledge, provider, tenantId: 'acme', question });
 * if (!answer.answered) offerHandover(answer.noAnswer!.reason);
 * ```
 */
export interface KnowledgeAnswer {
  readonly text: string;
  /** False when the reply is the no-answer reply. */
  readonly answered: boolean;
  /** Each distinct citation in `text`, in order of first use; every one names a retrieved passage. */
  readonly citations: readonly KnowledgeCitation[];
  /** What retrieval returned, best first (before the relevance gate). */
  readonly passages: readonly KnowledgePassage[];
  /** Set when `answered` is false: why, and the escalation the reply suggests. */
  readonly noAnswer?: { readonly reason: NoAnswerReason; readonly escalation: string };
  /** True when the repair turn ran (the first answer cited a missing passage or none). */
  readonly repaired: boolean;
  /** Sentences removed because they still cited a missing passage after the repair turn. */
  readonly droppedClaims: number;
  readonly degraded: boolean;
  readonly degradedReason?: string;
  readonly provider: string;
  readonly model: string;
  readonly usage: Usage;
  readonly costMicros: number;
}

const settingsShape = lazyObject(() => ({
  limit: z.number().int().min(1).max(20, 'Expected `limit` from 1 to 20').default(5),
  minCoverage: z.number().min(0).max(1, 'Expected `minCoverage` from 0 to 1').default(0.25),
  minSimilarity: z.number().min(-1).max(1, 'Expected `minSimilarity` from -1 to 1').default(0.8),
  noAnswerReply: z.string().trim().min(1).max(1_000).default("I couldn't find that in our help center."),
  escalationReply: z.string().trim().max(1_000).default('Would you like me to pass your question to our support team?'),
  invalidCitations: z.enum(['drop', 'fail'], { message: 'Expected `invalidCitations` to be "drop" or "fail"' }).default('drop'),
  company: z.string().min(1).max(200).optional(),
  maxWords: z.number().int().positive().max(2_000).optional(),
  instructions: z.string().max(4_000).optional(),
  maxOutputTokens: z.number().int().positive().default(400),
  temperature: z.number().min(0).max(2).default(0.2),
}));

/** @internal */
export const knowledgeAnswerSettingsSchema = lazyObject(() => z.object(settingsShape));

const inputSchema = lazyObject(() => z
  .object({
    ...settingsShape,
    knowledge: z.custom<KnowledgeSource>((value) => typeof (value as KnowledgeSource | undefined)?.search === 'function', 'Expected `knowledge` to be a KnowledgeSource (createMemoryKnowledgeSource, createPostgresKnowledgeSource…)'),
    tenantId: z.string().min(1, 'Expected `tenantId` to be a non-empty string').max(200),
    question: z.string().trim().min(1, 'Expected a non-empty `question`').max(4_000, 'Expected `question` of at most 4,000 characters'),
    maxInputTokens: z.number().int().positive().optional(),
  })
  .loose());

const zeroUsage: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, approximate: true };

/**
 * Answers a question from the host's knowledge source, never guessing: retrieves passages, keeps
 * those relevant enough, asks the model to answer from them alone with `[n]` citations (each
 * passage in an untrusted block, so an article cannot instruct the model), and checks every
 * citation against what was retrieved. An answer citing a passage that was not retrieved (or
 * none) gets one repair turn; then its unsupported sentences are dropped (or a `CitationError`
 * thrown, with `invalidCitations: 'fail'`). When retrieval finds nothing good enough, the
 * knowledge source fails, or the model declines, the reply is the no-answer reply with an
 * escalation suggestion. With no model (or every model down) the answer is the best passage's
 * excerpt, title and link, `degraded: true`. Aborts and budget refusals are thrown.
 *
 * @example
 * ```ts
 * import { answerFromKnowledge, createMemoryKnowledgeSource } from 'crmkit';
 * import { createMockProvider, createSampleHelpCenter } from 'crmkit/testing';
 *
 * const knowledge = createMemoryKnowledgeSource();
 * await knowledge.index('acme', createSampleHelpCenter().articles);
 * const answer = await answerFromKnowledge({
 *   knowledge,
 *   provider: createMockProvider({ reply: 'Refunds reach your card within 5 to 7 business days [1].' }),
 *   tenantId: 'acme',
 *   question: 'How long do refunds take?',
 * });
 * console.log(answer.text, answer.citations.map((citation) => citation.url));
 * ```
 */
export async function answerFromKnowledge(input: AnswerFromKnowledgeInput): Promise<KnowledgeAnswer> {
  const settings = parseInput(inputSchema, input, 'answerFromKnowledge input');
  const provider = input.provider;
  const escalation = settings.escalationReply;
  const noAnswerText = [settings.noAnswerReply, escalation].filter(Boolean).join(' ');
  let passages: KnowledgePassage[] = [];
  const decline = (reason: NoAnswerReason, extra: Partial<KnowledgeAnswer> = {}): KnowledgeAnswer => ({
    text: noAnswerText,
    answered: false,
    citations: [],
    passages,
    noAnswer: { reason, escalation },
    repaired: false,
    droppedClaims: 0,
    degraded: false,
    provider: 'knowledge',
    model: 'none',
    usage: zeroUsage,
    costMicros: 0,
    ...extra,
  });

  try {
    passages = await input.knowledge.search(settings.tenantId, settings.question, { limit: settings.limit, ...(input.tags ? { tags: input.tags } : {}), ...(input.signal ? { signal: input.signal } : {}) });
  } catch (error) {
    if (isAbort(error) || ValidationError.isInstance(error)) throw error;
    input.onError?.(error, 'knowledge');
    return decline('search_failed', { degraded: true, degradedReason: 'knowledge source unavailable' });
  }
  if (passages.length === 0) return decline('no_match');
  const relevant = passages.filter((passage) => queryCoverage(settings.question, passage) >= settings.minCoverage || (passage.similarity ?? -1) >= settings.minSimilarity);
  if (relevant.length === 0) return decline('weak_match');

  const fromRules = (reason: string): KnowledgeAnswer => ({
    text: answerFromPassage(relevant[0]!),
    answered: true,
    citations: [toCitation(1, relevant[0]!)],
    passages,
    repaired: false,
    droppedClaims: 0,
    degraded: true,
    degradedReason: reason,
    provider: 'rules',
    model: 'rules-v1',
    usage: zeroUsage,
    costMicros: 0,
  });
  if (!provider) return fromRules('no model configured');

  const prompt = createGroundedAnswerPrompt({
    ...(settings.company ? { company: settings.company } : {}),
    ...(settings.maxWords ? { maxWords: settings.maxWords } : {}),
    ...(settings.instructions ? { instructions: settings.instructions } : {}),
  });
  const maxInputTokens = settings.maxInputTokens ?? Math.max(256, provider.contextWindow - settings.maxOutputTokens);
  const usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, approximate: false };
  let costMicros = 0;
  let last = { provider: provider.id, model: provider.model };
  const metadata = { tenantId: settings.tenantId, ...(input.userId ? { userId: input.userId } : {}), ...(input.sessionId ? { sessionId: input.sessionId } : {}) };
  const generate = async (messages: ChatMessage[]): Promise<string> => {
    const result = await provider.generate({ messages, maxOutputTokens: settings.maxOutputTokens, temperature: settings.temperature, metadata }, input.signal ? { signal: input.signal } : {});
    usage.inputTokens += result.usage.inputTokens;
    usage.outputTokens += result.usage.outputTokens;
    usage.totalTokens += result.usage.totalTokens;
    usage.approximate ||= result.usage.approximate === true;
    costMicros += result.costMicros ?? 0;
    last = { provider: result.provider, model: result.model };
    if (result.degraded) throw new DegradedAnswer(result.degradedReason ?? 'a fallback answered instead of a model');
    return result.text.trim();
  };

  try {
    const rendered = prompt.render(
      { question: settings.question, passages: relevant, history: input.history ?? [] },
      { model: provider.model, maxInputTokens, ...(input.tokenCounter ? { tokenCounter: input.tokenCounter } : {}) },
    );
    const shown = relevant.slice(0, relevant.length - (rendered.trimmed.find((section) => section.variable === 'passages')?.dropped ?? 0));
    const finish = (fields: Pick<KnowledgeAnswer, 'text' | 'answered' | 'citations' | 'repaired' | 'droppedClaims'> & { noAnswer?: KnowledgeAnswer['noAnswer'] }): KnowledgeAnswer => ({
      ...fields,
      passages,
      degraded: false,
      provider: last.provider,
      model: last.model,
      usage,
      costMicros,
    });
    // "NO_ANSWER", "**NO_ANSWER**." or "NO_ANSWER — the passages do not say": the model declined.
    const declined = (text: string): boolean => text.length === 0 || text.replace(/^[\s`*"'.]+/, '').toUpperCase().startsWith(prompt.noAnswerToken);

    let text = await generate(rendered.messages);
    if (declined(text)) return finish({ text: noAnswerText, answered: false, citations: [], repaired: false, droppedClaims: 0, noAnswer: { reason: 'model_declined', escalation } });
    let check = checkCitations(text, shown.length);
    let repaired = false;
    if (check.invented.length > 0 || check.cited.length === 0) {
      repaired = true;
      const repairMessages: ChatMessage[] = [
        ...rendered.messages,
        { role: 'assistant', content: text },
        { role: 'user', content: prompt.repairMessage({ invented: check.invented, passageCount: shown.length, uncited: check.cited.length === 0 && check.invented.length === 0 }) },
      ];
      text = await generate(repairMessages);
      if (declined(text)) return finish({ text: noAnswerText, answered: false, citations: [], repaired, droppedClaims: 0, noAnswer: { reason: 'model_declined', escalation } });
      check = checkCitations(text, shown.length);
    }
    let droppedClaims = 0;
    if (check.invented.length > 0) {
      if (settings.invalidCitations === 'fail') throw new CitationError({ invented: check.invented, passageCount: shown.length });
      const kept = dropInventedClaims(text, new Set(check.cited));
      text = kept.text;
      droppedClaims = kept.dropped;
      check = checkCitations(text, shown.length);
    }
    if (check.cited.length === 0) return finish({ text: noAnswerText, answered: false, citations: [], repaired, droppedClaims, noAnswer: { reason: 'unsupported', escalation } });
    return finish({ text, answered: true, citations: check.cited.map((marker) => toCitation(marker, shown[marker - 1]!)), repaired, droppedClaims });
  } catch (error) {
    if (error instanceof DegradedAnswer) return fromRules(error.reason);
    if (isAbort(error) || CitationError.isInstance(error) || ValidationError.isInstance(error)) throw error;
    if (ProviderError.isInstance(error) && error.kind === 'budget_exceeded') throw error;
    input.onError?.(error, 'model');
    return fromRules(ProviderError.isInstance(error) ? `model unavailable (${error.kind})` : 'model unavailable');
  }
}

/** The chain's own rule-based link answered: its reply is not grounded, so ours replaces it. */
class DegradedAnswer {
  constructor(readonly reason: string) {}
}

function isAbort(error: unknown): boolean {
  return ProviderError.isInstance(error) && error.kind === 'aborted';
}

function toCitation(marker: number, passage: KnowledgePassage): KnowledgeCitation {
  return { marker, documentId: passage.documentId, passageId: passage.passageId, title: passage.title, ...(passage.url ? { url: passage.url } : {}) };
}

/** Grounded replies for the chat sessions (declared here, not in knowledge-replies.ts, so the assistant context can name it without an import cycle). @internal */
export interface KnowledgeReplies {
  appliesTo(sessionType: string): boolean;
  reply(input: { tenantId: string; userId: string; sessionId: string; message: string; history: readonly HistoryTurn[]; signal: AbortSignal | undefined; withoutModel?: boolean }): Promise<KnowledgeAnswer>;
}
