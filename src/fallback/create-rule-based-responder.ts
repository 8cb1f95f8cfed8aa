import { z } from 'zod/v4';
import { abortError } from '../core/abort.js';
import { isValidTimeZone, localDate } from '../core/calendar.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Channel } from '../core/domain.js';
import { ProviderError } from '../core/errors.js';
import { validateWithHostSchema, type HostSchema } from '../core/host-schema.js';
import type { CallOptions, ChatRequest, ChatResult, ChatStream, FinishReason, Provider, Usage } from '../core/types.js';
import { anyFunction, parseInput } from '../core/validate.js';
import { createChatStream } from '../core/create-chat-stream.js';
import { analyzeMessage, type AnalyzeMessageOptions } from './analyze-message.js';
import { answerCrmQuestion, type AnswerCrmQuestionOptions } from './answer-crm-question.js';
import type { ContentFilter } from './create-content-filter.js';
import type { CrmDataContext } from './crm-data-context.js';
import { draftReply, type DraftReplyOptions } from './draft-reply.js';
import { parseCrmContext } from './parse-crm-context.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Options for {@link createRuleBasedResponder}.
 *
 * @example
 * ```ts
 * const options: RuleBasedResponderOptions = {
 *   mode: 'support',
 *   channel: 'email',
 *   timeZone: 'Europe/London',
 *   degradedReason: 'All AI providers are unavailable',
 *   draft: { agentName: 'Ava', companyName: 'Acme' },
 * };
 * const rules = createRuleBasedResponder(options);
 * ```
 */
export interface RuleBasedResponderOptions {
  /** @default 'rules' */
  readonly id?: string;
  /** @default 'rules-v1' */
  readonly model?: string;
  /**
   * `crm` answers CRM questions (seed 000), `support` drafts a reply to a customer message, `auto`
   * answers CRM questions whenever a CRM data context is known and drafts otherwise.
   * @default 'auto'
   */
  readonly mode?: 'auto' | 'crm' | 'support';
  /**
   * The CRM data to answer from, or a function that finds it for a request. A request that
   * carries its own `fallbackContext.crm` (as `assistant.ask` sends) is answered from that
   * instead. When neither is there, the context is recovered from free text with
   * {@link parseCrmContext}, for hosts that call the responder with a hand-written prompt.
   */
  readonly context?: CrmDataContext | ((request: ChatRequest<unknown>) => CrmDataContext | undefined);
  /** Channel of support replies. @default 'chat' */
  readonly channel?: Channel;
  /** Clock that decides "today" for follow-up answers. @default systemClock */
  readonly clock?: Clock;
  /** IANA time zone of the host's follow-up dates. @default 'UTC' */
  readonly timeZone?: string;
  /** Monotonic clock for `latencyMs`. @default performance.now */
  readonly now?: () => number;
  /**
   * Why answers are degraded, reported in `degradedReason`.
   * @default 'No model answered; this is the rule-based fallback'
   */
  readonly degradedReason?: string;
  /** When set, a filtered user message gets the filter's safe reply (finish reason `content_filter`). */
  readonly contentFilter?: ContentFilter;
  /** Tuning for CRM answers. */
  readonly answer?: Pick<AnswerCrmQuestionOptions, 'maxIds' | 'maxRanked' | 'statusOrder'>;
  /** Tuning for message analysis (structured output requests). */
  readonly analysis?: Omit<AnalyzeMessageOptions, 'types'>;
  /** Tuning for support replies. */
  readonly draft?: Pick<DraftReplyOptions, 'agentName' | 'companyName' | 'templates' | 'phrases' | 'intents'>;
}

const optionsSchema = lazyObject(() => z.object({
  id: z.string().min(1, 'Expected `id` to be a non-empty string').optional(),
  model: z.string().min(1, 'Expected `model` to be a non-empty string').optional(),
  mode: z.enum(['auto', 'crm', 'support'], { message: 'Expected `mode` to be "auto", "crm" or "support"' }).optional(),
  context: z.union([anyFunction(), z.object({ total: z.number().nonnegative(), memberIds: z.array(z.string()), statusBreakdown: z.record(z.string(), z.number()) }).loose()]).optional(),
  channel: z.enum(['email', 'sms', 'chat', 'phone'], { message: 'Expected `channel` to be email, sms, chat or phone' }).optional(),
  clock: z.object({ now: anyFunction() }).loose().optional(),
  timeZone: z
    .string()
    .refine(isValidTimeZone, 'Expected `timeZone` to be an IANA time zone such as "Europe/London"')
    .optional(),
  now: anyFunction().optional(),
  degradedReason: z.string().min(1).optional(),
  contentFilter: z.object({ check: anyFunction(), safeReply: z.string() }).loose().optional(),
  answer: z.object({}).loose().optional(),
  analysis: z.object({}).loose().optional(),
  draft: z.object({}).loose().optional(),
}));

const zeroUsage: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, approximate: true };
const defaultReason = 'No model answered; this is the rule-based fallback';

/**
 * A {@link Provider} that answers with rules instead of a model, so it can be the last link of
 * any fallback chain: deterministic, offline and well under a millisecond. It reads the last
 * user message and, for CRM questions, the data context: the typed `fallbackContext.crm` the
 * request carries (what `assistant.ask` sends), else the `context` option, else one recovered
 * from a seed 000 style free-text prompt; answers CRM questions with counts, member ids and status breakdowns; drafts a
 * support reply otherwise; and fills structured-output requests whose schema accepts a message
 * analysis (`source: 'rules'`). Every result has `degraded: true`, a `degradedReason`,
 * `provider: 'rules'` and zero, approximate usage.
 *
 * @example
 * ```ts
 * const rules = createRuleBasedResponder({ context: { total: 2, filter: 'today', memberIds: ['MID-2025-11-03-11592', 'MID-2025-11-03-8253'], statusBreakdown: { New: 1, 'Follow-up': 1 } } });
 * const result = await rules.generate({ messages: [{ role: 'user', content: 'Who do I need to follow up today?' }] });
 * // result.text: '2 members need follow-up today: MID-2025-11-03-11592 and MID-2025-11-03-8253. By status: …'
 * // result.degraded === true, result.provider === 'rules'
 * ```
 */
export function createRuleBasedResponder(options: RuleBasedResponderOptions = {}): Provider {
  parseInput(optionsSchema, options, 'createRuleBasedResponder options');
  const id = options.id ?? 'rules';
  const model = options.model ?? 'rules-v1';
  const mode = options.mode ?? 'auto';
  const clock = options.clock ?? systemClock;
  const now = options.now ?? (() => performance.now());
  const degradedReason = options.degradedReason ?? defaultReason;

  const answer = <OBJECT>(request: ChatRequest<OBJECT>): { text: string; object: OBJECT; finishReason: FinishReason } => {
    if (!request || !Array.isArray(request.messages) || request.messages.length === 0) {
      throw new ProviderError('The request needs at least one message; pass `messages: [{ role: "user", content: "…" }]`', { kind: 'invalid_request', providerId: id, model });
    }
    const messages = request.messages;
    let lastUser = '';
    for (let index = messages.length - 1; index >= 0; index -= 1) {
      const message = messages[index];
      if (message?.role === 'user' && typeof message.content === 'string') {
        lastUser = message.content;
        break;
      }
    }
    if (options.contentFilter && !options.contentFilter.check(lastUser).allowed) {
      return { text: options.contentFilter.safeReply, object: undefined as OBJECT, finishReason: 'content_filter' };
    }
    if (request.schema) {
      const object = structured(request.schema, lastUser);
      if (object === undefined) {
        throw new ProviderError('The rule-based responder cannot produce this structured output: it fills message-analysis schemas only', { kind: 'invalid_request', providerId: id, model });
      }
      return { text: JSON.stringify(object), object, finishReason: 'stop' };
    }
    return { text: plainAnswer(request, lastUser), object: undefined as OBJECT, finishReason: 'stop' };
  };

  const structured = <OBJECT>(schema: HostSchema<OBJECT>, message: string): OBJECT | undefined => {
    const analysis = analyzeMessage(message, options.analysis ?? {});
    const candidates: unknown[] = [analysis, analysis.sentiment, analysis.intent, { entities: analysis.entities }, analysis.priority];
    for (const candidate of candidates) {
      const parsed = validateWithHostSchema(schema, candidate);
      if (parsed.success) return parsed.data;
    }
    return undefined;
  };

  const plainAnswer = (request: ChatRequest<unknown>, lastUser: string): string => {
    const carried = request.fallbackContext?.crm;
    if (mode !== 'support' && carried) {
      // The request says what its prompt was rendered from: answer that question from that data.
      const today = carried.today ?? localDate(clock.now(), options.timeZone ?? 'UTC');
      return answerCrmQuestion({ query: carried.question, context: carried.data, today, ...options.answer }).text;
    }
    if (mode !== 'support') {
      const given = typeof options.context === 'function' ? options.context(request) : options.context;
      const parsed = given ? undefined : parseCrmContext(request.messages.map((message) => message.content).join('\n'));
      const context = given ?? parsed?.context;
      if (context) {
        const query = parsed?.query ?? lastUser;
        return answerCrmQuestion({ query, context, today: localDate(clock.now(), options.timeZone ?? 'UTC'), ...options.answer }).text;
      }
      if (mode === 'crm') return "The CRM data isn't available right now, so I can't answer from it. Please try again in a moment.";
    }
    return draftReply({ channel: options.channel ?? 'chat', message: lastUser, ...options.draft }).content;
  };

  const finish = <OBJECT>(startedAt: number, text: string, object: OBJECT, finishReason: FinishReason): ChatResult<OBJECT> => {
    const latencyMs = Math.max(0, now() - startedAt);
    return {
      text,
      object,
      finishReason,
      usage: zeroUsage,
      costMicros: 0,
      provider: id,
      model,
      latencyMs,
      degraded: true,
      degradedReason,
      attempts: [{ provider: id, model, ok: true, durationMs: latencyMs }],
    };
  };

  return {
    id,
    model,
    contextWindow: 1_000_000,
    async generate<OBJECT = undefined>(request: ChatRequest<OBJECT>, callOptions?: CallOptions): Promise<ChatResult<OBJECT>> {
      if (callOptions?.signal?.aborted) throw abortError(callOptions.signal, { providerId: id, model });
      const startedAt = now();
      const { text, object, finishReason } = answer(request);
      return finish(startedAt, text, object, finishReason);
    },
    stream<OBJECT = undefined>(request: ChatRequest<OBJECT>, callOptions?: CallOptions): ChatStream<OBJECT> {
      return createChatStream<OBJECT>(
        async function* (signal) {
          if (signal.aborted) throw abortError(signal, { providerId: id, model });
          const { text, object, finishReason } = answer(request);
          // Word-sized deltas, so a UI streams the fallback exactly like a model's answer.
          for (const delta of text.match(/\S+\s*|\s+/g) ?? []) yield delta;
          return { finishReason, usage: zeroUsage, costMicros: 0, provider: id, model, degraded: true, degradedReason, object, attempts: [{ provider: id, model, ok: true, durationMs: 0 }] };
        },
        { ...(callOptions?.signal ? { signal: callOptions.signal } : {}), providerId: id, model, now },
      );
    },
  };
}
