import { z } from 'zod/v4';
import { analysisTypes, entitiesSchema, entityTypes, intentSchema, prioritySchema, sentimentSchema, type AnalysisType, type Entities, type Intent, type Priority, type Sentiment } from '../core/analysis.js';
import { parseInput } from '../core/validate.js';
import { definePrompt, type Prompt } from './define-prompt.js';
import { parseModelJson } from './parse-model-json.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * The output of each analysis type.
 *
 * @example
 * ```ts
 * const intentPrompt = createAnalysisPrompt({ type: 'intent' });
 * const reply = await provider.generate({ messages: intentPrompt.render({ message }).messages });
 * const intent: AnalysisOutputs['intent'] = intentPrompt.parse(reply.text);
 * ```
 */
export interface AnalysisOutputs {
  readonly sentiment: Sentiment;
  readonly intent: Intent;
  readonly entities: Entities;
  readonly priority: Priority;
}

/**
 * Options of {@link createAnalysisPrompt}.
 *
 * @example
 * ```ts
 * const options: AnalysisPromptOptions<'intent'> = { type: 'intent', intents: ['order_status', 'refund', 'other'] };
 * ```
 */
export interface AnalysisPromptOptions<TYPE extends AnalysisType> {
  readonly type: TYPE;
  /**
   * Intent labels the model chooses from (intent only).
   * @default ['order_status', 'refund', 'return', 'exchange', 'complaint', 'billing', 'shipping', 'technical_support', 'account', 'cancellation', 'product_question', 'feedback', 'greeting', 'other']
   */
  readonly intents?: readonly string[];
}

/**
 * The message to analyse.
 *
 * @example
 * ```ts
 * const input: AnalysisInput = { message: 'This is the third time my order is late!!' };
 * ```
 */
export interface AnalysisInput {
  /** Untrusted. */
  readonly message: string;
  /** Short host-side context, e.g. "WhatsApp, existing customer". Untrusted. */
  readonly context?: string;
}

/**
 * An analysis prompt with the zod schema of its answer and a parser for the model's reply.
 *
 * @example
 * ```ts
 * const sentiment: AnalysisPrompt<'sentiment'> = createAnalysisPrompt({ type: 'sentiment' });
 * ```
 */
export interface AnalysisPrompt<TYPE extends AnalysisType> extends Prompt<AnalysisInput> {
  readonly type: TYPE;
  /** The answer's schema, from the shared analysis shapes (pass it as a request's `schema`). */
  readonly schema: z.ZodType<AnalysisOutputs[TYPE]>;
  /** {@link parseModelJson} with this prompt's schema. */
  parse(text: string): AnalysisOutputs[TYPE];
}

const defaultIntents = ['order_status', 'refund', 'return', 'exchange', 'complaint', 'billing', 'shipping', 'technical_support', 'account', 'cancellation', 'product_question', 'feedback', 'greeting', 'other'];

const schemas: { readonly [TYPE in AnalysisType]: z.ZodType<AnalysisOutputs[TYPE]> } = {
  sentiment: sentimentSchema,
  intent: intentSchema as unknown as z.ZodType<Intent>,
  entities: entitiesSchema,
  priority: prioritySchema,
};

function instructions(type: AnalysisType, intents: readonly string[]): string {
  switch (type) {
    case 'sentiment':
      return [
        "Classify the sentiment of the customer's message.",
        'Reply with one JSON object and nothing else:',
        '{"label": "positive" | "neutral" | "negative", "score": number, "confidence": number}',
        '- score: 0 = very negative, 0.5 = neutral, 1 = very positive. A frustrated or angry customer scores below 0.3.',
        '- confidence: 0 to 1, how sure you are.',
      ].join('\n');
    case 'intent':
      return [
        "Identify what the customer wants from their message.",
        'Reply with one JSON object and nothing else:',
        '{"intent": string, "confidence": number, "alternatives": [{"intent": string, "confidence": number}]}',
        `- intent: one of ${intents.join(', ')}.`,
        '- confidence: 0 to 1. alternatives: up to 2 other likely intents, possibly empty.',
      ].join('\n');
    case 'entities':
      return [
        "Extract the entities mentioned in the customer's message.",
        'Reply with one JSON object and nothing else:',
        '{"entities": [{"type": string, "value": string, "normalized": string (optional)}]}',
        `- type: one of ${entityTypes.join(', ')}.`,
        '- value: exactly as written in the message. normalized: E.164 for phones, YYYY-MM-DD for dates, the bare number for order numbers, amount and currency for money.',
        '- Return {"entities": []} when there are none. Never invent values.',
      ].join('\n');
    case 'priority':
      return [
        'Assess how urgently this customer message needs a human agent.',
        'Reply with one JSON object and nothing else:',
        '{"level": "urgent" | "high" | "normal" | "low", "score": number, "reasons": [string]}',
        '- urgent: legal threats, chargebacks, fraud, safety, or service down. high: angry, repeated contact or money at stake. low: thanks or FYI.',
        '- score: 0 to 1. reasons: short phrases, at most 3.',
      ].join('\n');
  }
}

const analysis = lazyObject(() => definePrompt({
  name: 'analysis',
  template: {
    system: ['You analyse customer messages for a support team.', '', '{{instructions}}'].join('\n'),
    user: ['{{#if context}}', 'Context:', '{{untrusted context}}', '', '{{/if}}', 'Message to analyse:', '{{untrusted message}}'].join('\n'),
  },
  variables: z.object({ instructions: z.string(), context: z.string().optional(), message: z.string() }),
}));

const inputSchema = lazyObject(() => z.object({ message: z.string().min(1, 'Expected `message` to be a non-empty string'), context: z.string().optional() }));

const optionsSchema = lazyObject(() => z.object({
  type: z.enum(analysisTypes, { message: `Expected \`type\` to be one of ${analysisTypes.join(', ')}` }),
  intents: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'Expected intent labels in snake_case')).min(1).default(defaultIntents),
}));

/**
 * The message-analysis prompts of seed 002 — `sentiment`, `intent`, `entities`, `priority` —
 * each asking for JSON in the shared analysis shape (the same zod schemas the rule-based
 * fallback returns), with `parse` to validate the model's reply.
 *
 * @example
 * ```ts
 * import { createAnalysisPrompt } from 'crmkit/prompts';
 *
 * const sentiment = createAnalysisPrompt({ type: 'sentiment' });
 * const { messages } = sentiment.render({ message: 'Third time my order is late!!' });
 * const { text } = await provider.generate({ messages, maxOutputTokens: 100 });
 * const { label, score } = sentiment.parse(text);
 * ```
 */
export function createAnalysisPrompt<TYPE extends AnalysisType>(options: AnalysisPromptOptions<TYPE>): AnalysisPrompt<TYPE> {
  const { type, intents } = parseInput(optionsSchema, options, 'createAnalysisPrompt options');
  const text = instructions(type, intents);
  const schema = schemas[type as TYPE];
  return {
    name: `analysis.${type}`,
    type: type as TYPE,
    schema,
    parse: (reply) => parseModelJson(reply, schema),
    render(input, renderOptions) {
      const { message, context } = parseInput(inputSchema, input, `analysis.${type} input`);
      return analysis.render({ instructions: text, context, message }, renderOptions);
    },
  };
}
