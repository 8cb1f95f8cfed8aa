import { z } from 'zod/v4';
import { followUpFilters, type FollowUpFilter } from '../core/domain.js';
import { parseInput } from '../core/validate.js';
import { definePrompt, type Prompt } from './define-prompt.js';
import { neutralizeInline } from './neutralize-untrusted.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Options of {@link createCrmQueryPrompt}.
 *
 * @example
 * ```ts
 * const options: CrmQueryPromptOptions = { domain: 'a home-care agency' };
 * ```
 */
export interface CrmQueryPromptOptions {
  /**
   * What the CRM is for, completing "You are an AI CRM assistant for …".
   * @default 'an elderly care service'
   */
  readonly domain?: string;
}

/**
 * What the staff member asked and the data it is about (seed 000's data context).
 *
 * @example
 * ```ts
 * const input: CrmQueryInput = {
 *   question: 'Who needs a follow-up today?', filter: 'today', totalRecords: 13,
 *   leadStatusCounts: { New: 5, 'Follow-up': 8 }, memberIds: ['MID-2025-11-03-11592'],
 * };
 * ```
 */
export interface CrmQueryInput {
  /** The staff member's question. Rendered as untrusted text. */
  readonly question: string;
  /** @default 'all' */
  readonly filter?: FollowUpFilter;
  /** Records matching the filter. */
  readonly totalRecords: number;
  /** Lead status → number of members, e.g. `{ New: 5, 'Follow-up': 8 }`. */
  readonly leadStatusCounts: Readonly<Record<string, number>>;
  /** Member ids matching the filter, most relevant first; the tail is trimmed to fit. */
  readonly memberIds: readonly string[];
}

const inputSchema = lazyObject(() => z.object({
  question: z.string().min(1, 'Expected `question` to be a non-empty string'),
  filter: z.enum(followUpFilters as [FollowUpFilter, ...FollowUpFilter[]]).default('all'),
  totalRecords: z.number().int().nonnegative('Expected `totalRecords` to be a non-negative integer'),
  leadStatusCounts: z.record(z.string(), z.number().int().nonnegative()),
  memberIds: z.array(z.string().min(1)),
}));

const filterNotes: Readonly<Record<FollowUpFilter, string>> = {
  today: 'These members need follow-up TODAY',
  this_week: 'These members need follow-up THIS WEEK',
  overdue: 'These members have OVERDUE follow-ups',
  all: '',
};

const crmQuery = lazyObject(() => definePrompt({
  name: 'crm-query',
  template: {
    system: [
      'You are an AI CRM assistant for {{domain}}.',
      'You help staff quickly understand customer data and follow-up requirements.',
      'Be concise, professional, and helpful.',
      'Always mention relevant Member IDs when discussing specific customers.',
    ].join('\n'),
    user: [
      'CRM Data Context:',
      'Total records: {{total_records}}',
      'Filter applied: {{filter}}',
      'Member IDs found: {{member_count}}',
      'Lead statuses: {{lead_statuses}}',
      '{{#if filter_note}}',
      '{{filter_note}}',
      '{{/if}}',
      '',
      'Relevant Member IDs: {{#if member_ids}}{{list member_ids}}{{else}}none{{/if}}',
      '',
      'User Question:',
      '{{untrusted question}}',
      '',
      'Provide a clear, concise answer based on the CRM data above.',
    ].join('\n'),
  },
  variables: z.object({
    domain: z.string(),
    total_records: z.number(),
    filter: z.string(),
    member_count: z.number(),
    lead_statuses: z.string(),
    filter_note: z.string(),
    member_ids: z.array(z.string()),
    question: z.string(),
  }),
  trim: [{ variable: 'member_ids', from: 'end', minItems: 0 }],
}));

// Built once per module: a zod schema costs far more to build (and to compile on first parse) than to run.
const optionsSchema = lazyObject(() => z.object({ domain: z.string().min(1).max(200).default('an elderly care service') }));

/**
 * The ask-the-CRM prompt of seed 000: its system prompt (with a configurable domain) and its
 * user template — the data context (totals, filter, lead-status breakdown), the relevant member
 * ids and the question. Long member lists are cut from the end to fit the budget and end with
 * "and N more"; the count line still shows the full number. The question is untrusted.
 *
 * @example
 * ```ts
 * import { createCrmQueryPrompt } from 'crmkit/prompts';
 *
 * const prompt = createCrmQueryPrompt({ domain: 'an elderly care service' });
 * const { messages } = prompt.render(
 *   { question: 'Who needs a call today?', filter: 'today', totalRecords: 13, leadStatusCounts: { New: 5, 'Follow-up': 8 }, memberIds: ['MID-2025-11-03-11592'] },
 *   { maxInputTokens: 1500 },
 * );
 * ```
 */
export function createCrmQueryPrompt(options: CrmQueryPromptOptions = {}): Prompt<CrmQueryInput> {
  const { domain } = parseInput(optionsSchema, options, 'createCrmQueryPrompt options');
  return {
    name: crmQuery.name,
    render(input, renderOptions) {
      const data = parseInput(inputSchema, input, 'crm-query input');
      const statuses = Object.entries(data.leadStatusCounts).map(([status, count]) => `${neutralizeInline(status, 60)}: ${count}`);
      return crmQuery.render(
        {
          domain,
          total_records: data.totalRecords,
          filter: data.filter === 'all' ? 'none (all members)' : data.filter,
          member_count: data.memberIds.length,
          lead_statuses: statuses.length > 0 ? statuses.join(', ') : 'none',
          filter_note: filterNotes[data.filter],
          member_ids: data.memberIds.map((id) => neutralizeInline(id, 80)),
          question: data.question,
        },
        renderOptions,
      );
    },
  };
}
