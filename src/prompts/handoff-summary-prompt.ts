import { z } from 'zod/v4';
import { definePrompt, type PromptTemplate } from './define-prompt.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * The prompt that asks a model for an escalation's handoff summary (problem, what was tried,
 * open question) as JSON matching `handoffModelSchema`. The transcript and the reason are
 * untrusted text; the oldest lines are trimmed first to fit a token budget.
 *
 * @example
 * ```ts
 * const { messages } = handoffSummaryPrompt.render({ reason: 'Billing dispute', transcript: ['Customer: I was charged twice', 'Assistant: I have flagged the duplicate charge.'] });
 * const { object } = await provider.generate({ messages, schema: handoffModelSchema, maxOutputTokens: 400 });
 * ```
 */
export const handoffSummaryPrompt: PromptTemplate<{ reason: string; transcript: string[] }> = lazyObject(() => definePrompt({
  name: 'handoff-summary',
  template: {
    system: [
      'You hand a customer conversation over to a human support agent who has not read it.',
      'Reply with one JSON object and nothing else:',
      '{"problem": string, "tried": [string], "openQuestion": string | null}',
      "- problem: the customer's problem in one or two sentences, with the order or ticket numbers they gave.",
      '- tried: what was already suggested or done, oldest first, at most 5 short items; [] when nothing was.',
      '- openQuestion: the question the customer is still waiting on, in their words, or null.',
      '- Use only what the conversation says. Never invent numbers, promises or outcomes.',
    ].join('\n'),
    user: ['Escalation reason:', '{{untrusted reason}}', '', 'Conversation, oldest first:', '{{untrusted transcript}}'].join('\n'),
  },
  variables: z.object({ reason: z.string(), transcript: z.array(z.string()) }),
  trim: [{ variable: 'transcript', from: 'start' }],
}));

