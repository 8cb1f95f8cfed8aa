import { z } from 'zod/v4';
import { followUpFilters, type FollowUpFilter, type Member } from '../core/domain.js';
import { parseInput } from '../core/validate.js';
import { ValidationError } from '../core/errors.js';
import type { Usage } from '../core/types.js';
import { buildFollowUpContext } from '../scoring/build-follow-up-context.js';
import { createCrmQueryPrompt, type CrmQueryInput } from '../prompts/crm-query-prompt.js';
import type { Prompt } from '../prompts/define-prompt.js';
import { answerCrmQuestion } from '../fallback/answer-crm-question.js';
import { formatIdList } from '../fallback/format-id-list.js';
import type { CrmDataContext } from '../core/crm-data-context.js';
import { type AssistantContext, degradedReasonOf, degradesToRules, inputBudget } from './assistant-context.js';
import { askKnowledge } from './ask-knowledge.js';
import type { AskResult } from './ask-result.js';
import { modelSettings, rejectUnknownFields, requestOptionsShape, type RequestOptions } from './request-options.js';
import { screenInput } from './screen-input.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Input of `assistant.ask` (seed 000's `POST /api/ai-crm/chat`).
 *
 * @example
 * ```ts
 * const input: AskInput = { tenantId: 'care', query: 'What are member IDs I need to follow up today?', filter: 'today' };
 * ```
 */
export interface AskInput extends RequestOptions {
  readonly tenantId: string;
  readonly userId?: string;
  /** The staff member's question, 1–2,000 characters. */
  readonly query: string;
  /** Which members to consider; `null`, `undefined`, `''` and `'all'` mean every member (seed 000: "null or empty - All members"). */
  readonly filter?: FollowUpFilter | '' | null;
  /**
   * What to answer from: the member list (seed 000), or the help center configured as the
   * assistant's `knowledge` (a grounded answer with citations, or the no-answer reply).
   * @default 'members'
   */
  readonly from?: 'members' | 'knowledge';
  readonly signal?: AbortSignal;
}

export type { AskResult } from './ask-result.js';

const askInputSchema = lazyObject(() => z.object({
  tenantId: z.string().min(1, 'Expected `tenantId` to be a non-empty string'),
  userId: z.string().min(1).optional(),
  query: z.string().trim().min(1, 'Expected `query` to be a non-empty question').max(2_000, 'Expected `query` to be at most 2,000 characters'),
  filter: z.preprocess(
    (value) => (value === '' ? null : value),
    z.enum(followUpFilters, { message: `Expected \`filter\` to be one of ${followUpFilters.join(', ')}, "" or null` }).nullish(),
  ),
  from: z.enum(['members', 'knowledge'], { message: 'Expected `from` to be "members" or "knowledge"' }).optional(),
  signal: z.instanceof(AbortSignal).optional(),
  ...requestOptionsShape,
}));
let askInputFields: readonly string[] | undefined;

const zeroUsage: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, approximate: true };
const maxIdsInAmendment = 25;

/** Builds `assistant.ask`. @internal */
export function createAsk(context: AssistantContext): (input: AskInput) => Promise<AskResult> {
  // Built on the first question, not per assistant: an instance that never asks pays nothing
  // (the domain was already validated by createCrmAssistant).
  let prompt: Prompt<CrmQueryInput> | undefined;

  return async function ask(rawInput) {
    rejectUnknownFields(rawInput, (askInputFields ??= Object.keys(askInputSchema.shape)), 'ask input');
    const input = parseInput(askInputSchema, rawInput, 'ask input');
    const blocked = await screenInput(context, input.query, { operation: 'ask', tenantId: input.tenantId, ...(input.userId ? { userId: input.userId } : {}) });
    if (blocked) {
      return {
        response: blocked.safeReply,
        memberIds: [],
        count: 0,
        filter: input.filter ?? 'all',
        connected: false,
        degraded: true,
        degradedReason: 'content filter blocked the question',
        provider: 'content-filter',
        model: 'content-filter',
        usage: zeroUsage,
        trimmed: [],
        contentFiltered: { categories: blocked.categories },
      };
    }
    if (input.from === 'knowledge') return askKnowledge(context, input);
    if (!context.members) {
      throw new ValidationError('createCrmAssistant options', [{ path: 'data.members', message: 'ask() needs a MemberSource: pass `data: { members }` (e.g. createMemoryMemberSource or a sheets source)' }]);
    }
    const members = await context.members.list(input.tenantId, { signal: input.signal });
    const followUps = buildFollowUpContext({
      members,
      filter: input.filter ?? 'all',
      timeZone: context.timeZone,
      weekStartsOn: context.weekStartsOn,
      clock: context.clock,
    });
    const statusCounts = Object.fromEntries(followUpsToRecord(followUps.statusBreakdown));
    const base = { memberIds: followUps.memberIds, count: followUps.total, filter: followUps.filter };

    const selected = new Set(followUps.memberIds);
    // The typed data both paths answer from: the rules here, and the rule-based last link of a
    // chain through the request's `fallbackContext` (so every wiring gives the same answer).
    const data: CrmDataContext = {
      total: followUps.total,
      filter: followUps.filter,
      memberIds: followUps.memberIds,
      statusBreakdown: statusCounts,
      members: members.filter((member) => selected.has(member.id)).map(summary),
    };
    const crm = { question: input.query, data, today: followUps.window.today };

    const fallback = (reason: string): AskResult => {
      const answer = answerCrmQuestion({ query: crm.question, context: crm.data, today: crm.today });
      return { ...base, response: answer.text, connected: false, degraded: true, degradedReason: reason, provider: 'rules', model: 'rules-v1', usage: zeroUsage, trimmed: [] };
    };

    if (!context.llm) return fallback(context.noModelReason);
    const settings = modelSettings(input, context.crm);
    try {
      const rendered = (prompt ??= createCrmQueryPrompt({ domain: context.crm.domain })).render(
        { question: input.query, filter: followUps.filter, totalRecords: followUps.total, leadStatusCounts: statusCounts, memberIds: followUps.memberIds },
        { model: context.llm.model, maxInputTokens: inputBudget(context.llm, settings.maxOutputTokens ?? context.crm.maxOutputTokens), tokenCounter: context.tokenCounter },
      );
      const result = await context.llm.generate(
        {
          messages: rendered.messages,
          ...settings,
          metadata: { tenantId: input.tenantId, ...(input.userId ? { userId: input.userId } : {}) },
          fallbackContext: { crm },
        },
        { signal: input.signal },
      );
      const text = result.text.trim();
      // Seed 000: an empty answer falls back like any other failure.
      if (text.length === 0) return fallback('model returned an empty answer');
      return {
        ...base,
        // A degraded link answered from the same data as the rules: its text stands as it is.
        response: result.degraded ? text : mentionMemberIds(text, followUps.memberIds),
        connected: !result.degraded,
        degraded: result.degraded,
        ...(result.degradedReason ? { degradedReason: result.degradedReason } : {}),
        provider: result.provider,
        model: result.model,
        usage: result.usage,
        ...(result.costMicros === undefined ? {} : { costMicros: result.costMicros }),
        trimmed: rendered.trimmed,
      };
    } catch (error) {
      if (!degradesToRules(error, { budget: 'degrade' })) throw error;
      context.reportError(error, 'model');
      return fallback(degradedReasonOf(error));
    }
  };
}

function followUpsToRecord(breakdown: readonly { status: string; count: number }[]): [string, number][] {
  return breakdown.map((entry) => [entry.status, entry.count]);
}

function summary(member: Member): { id: string; leadStatus?: string; followUpDate?: string } {
  return { id: member.id, leadStatus: member.leadStatus, ...(member.followUpDate ? { followUpDate: member.followUpDate } : {}) };
}

/**
 * Seed 000 promises answers that name the relevant member ids. When the model's answer names
 * none of them, the ids are appended (at most 25, then "and N more") so the promise holds.
 */
function mentionMemberIds(text: string, memberIds: readonly string[]): string {
  if (memberIds.length === 0 || memberIds.some((id) => text.includes(id))) return text;
  return `${text}\n\nRelevant member IDs: ${formatIdList(memberIds, maxIdsInAmendment)}`;
}
