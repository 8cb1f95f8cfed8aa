import { z } from 'zod/v4';
import { parseInput } from '../core/validate.js';
import { ValidationError } from '../core/errors.js';
import type { ChatRequest, ChatResult, ChatStream, Usage } from '../core/types.js';
import { createChatStream, streamParts } from '../core/create-chat-stream.js';
import type { ConversationMessage, ConversationSession, HistoryPage, JsonObject } from '../adapters/conversation-store.js';
import { sessionNotFound } from '../adapters/conversation-errors.js';
import { createSessionPrompt, sessionTypes, type SessionType } from '../prompts/session-prompt.js';
import { createCompanyAssistantPrompt } from '../prompts/company-assistant-prompt.js';
import type { Prompt } from '../prompts/define-prompt.js';
import type { HistoryTurn } from '../prompts/history-turn.js';
import { type AssistantContext, degradedReasonOf, degradesToRules, inputBudget } from './assistant-context.js';
import { groundedReplyOf, type GroundedReply } from './knowledge-replies.js';
import { modelSettings, rejectUnknownFields, requestOptionsShape, type RequestOptions } from './request-options.js';
import { screenInput, type Blocked } from './screen-input.js';
import { escalateSession, type EscalatedSession } from './escalate-session.js';
import { createToolAnswering, sendToolsSchema, type SendToolOptions, type SendTools, type ToolAnswer } from './answer-with-tools.js';
import type { Tool } from '../core/tools.js';
import type { ToolRun } from './run-tools.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Session type of seed 001's website chatbot: the company-knowledge prompt.
 *
 * @example
 * ```ts
 * await assistant.send({ tenantId: 'acme', userId: 'visitor-1', message: 'What do you build?', sessionType: companyAssistantSessionType });
 * ```
 */
export const companyAssistantSessionType = 'company_assistant';

/**
 * The session types `send` accepts: seed 003's four, plus seed 001's `company_assistant` (which
 * needs `chat.knowledge` in the assistant options).
 *
 * @example
 * ```ts
 * const type: ChatSessionType = 'customer_support';
 * ```
 */
export type ChatSessionType = SessionType | typeof companyAssistantSessionType;

const sessionTypeNames = [...(Object.keys(sessionTypes) as SessionType[]), companyAssistantSessionType] as const;

/**
 * Input of `assistant.send` and `assistant.stream`.
 *
 * @example
 * ```ts
 * const input: SendInput = { tenantId: 'acme', userId: 'u1', message: 'How do I reset a customer password?', sessionType: 'admin_assistant', context: { userRole: 'admin' } };
 * ```
 */
export interface SendInput extends RequestOptions {
  readonly tenantId: string;
  readonly userId: string;
  /** Continue this session; a new one is created when absent. */
  readonly sessionId?: string;
  /** 1–4,000 characters. */
  readonly message: string;
  /** For a new session. @default the assistant's `chat.defaultSessionType` ('customer_support') */
  readonly sessionType?: ChatSessionType;
  /** Seed 003's context passing: user role, department, current page, tenant, environment… Stored on a new session. */
  readonly context?: Readonly<Record<string, string | number | boolean>>;
  /** Seed 001's visitor info ({ name, email }), stored on a new session. */
  readonly visitorInfo?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /**
   * Tools the model may call before it answers: `'crm'` for the built-in CRM tools over the
   * assistant's data (this tenant, and the session's `context.customerId` or else `userId` as the
   * customer), or your own. Without a model, the rule-based path runs the tool the message's
   * intent maps to ("where is my order #54321?" → `lookup_order`) and answers from its result.
   */
  readonly tools?: SendTools;
  /** Tool-loop settings (maxSteps, concurrency, toolTimeoutMs, the approval hook). */
  readonly toolOptions?: SendToolOptions;
}

/**
 * The reply of `assistant.send`.
 *
 * @example
 * ```ts
 * const { sessionId, reply, costMicros, responseTimeMs } = await assistant.send({ tenantId: 'acme', userId: 'u1', message: 'Hi' });
 * ```
 */
export interface SendResult {
  readonly sessionId: string;
  /** Id of the stored assistant message. */
  readonly messageId: string;
  readonly reply: string;
  readonly usage: Usage;
  readonly costMicros: number;
  readonly responseTimeMs: number;
  readonly provider: string;
  readonly model: string;
  readonly degraded: boolean;
  readonly degradedReason?: string;
  /** Set when the session type answers from the knowledge source: citations, or why it declined. */
  readonly knowledge?: GroundedReply;
  /** Set when the content filter blocked the message: no model saw it and `reply` is the filter's safe reply. */
  readonly contentFiltered?: { readonly categories: readonly string[] };
  /** Every tool call made for this reply and how it ended (present when `tools` were given). */
  readonly toolRuns?: readonly ToolRun[];
}

/**
 * A streamed reply: iterate it for text deltas. The reply is stored once complete; a reply cut
 * off mid-stream is stored with `incomplete: true`, never lost.
 *
 * @example
 * ```ts
 * const stream = await assistant.stream({ tenantId: 'acme', userId: 'u1', message: 'Hello' });
 * for await (const delta of stream) res.write(`data: ${JSON.stringify(delta)}\n\n`);
 * ```
 */
export interface AssistantChatStream extends ChatStream {
  readonly sessionId: string;
  /**
   * Set when the session type answers from the knowledge source: resolves with the citations (or
   * why it declined). A grounded reply is checked before it is shown, so it arrives as one delta.
   */
  readonly knowledge?: Promise<GroundedReply>;
}

/**
 * Input of `assistant.startSession` (seed 003's `POST /api/v1/ai/sessions`): opens an empty
 * session so a widget can show it before the first message.
 *
 * @example
 * ```ts
 * const session = await assistant.startSession({ tenantId: 'acme', userId: 'agent-7', sessionType: 'admin_assistant', context: { department: 'network_ops' } });
 * ```
 */
export interface StartSessionInput {
  readonly tenantId: string;
  readonly userId: string;
  /** @default the assistant's `chat.defaultSessionType` ('customer_support') */
  readonly sessionType?: ChatSessionType;
  readonly context?: Readonly<Record<string, string | number | boolean>>;
  readonly visitorInfo?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/**
 * Input of `assistant.history`.
 *
 * @example
 * ```ts
 * const page = await assistant.history({ tenantId: 'acme', sessionId, limit: 50 });
 * ```
 */
export interface HistoryInput {
  readonly tenantId: string;
  readonly sessionId: string;
  /** @default 50 */
  readonly limit?: number;
  /** Only messages with a sequence number below this (for paging backwards). */
  readonly before?: number;
  /** Only messages with a sequence number above this (for paging forwards). */
  readonly after?: number;
  readonly signal?: AbortSignal;
}

/**
 * A session and one page of its messages, oldest first.
 *
 * @example
 * ```ts
 * const { session, messages, hasMore } = await assistant.history({ tenantId: 'acme', sessionId });
 * ```
 */
export interface SessionHistory extends HistoryPage {
  readonly session: ConversationSession;
}

const id = lazyObject(() => z.string().min(1).max(200));
const tenantId = lazyObject(() => z.string().min(1, 'Expected `tenantId` to be a non-empty string').max(200));
const signal = lazyObject(() => z.instanceof(AbortSignal).optional());

const sendInputSchema = lazyObject(() => z.object({
  tenantId,
  userId: z.string().min(1, 'Expected `userId` to be a non-empty string').max(200),
  sessionId: id.optional(),
  message: z.string().trim().min(1, 'Expected `message` to be non-empty').max(4_000, 'Expected `message` to be at most 4,000 characters'),
  sessionType: z.enum(sessionTypeNames, { message: `Expected \`sessionType\` to be one of ${sessionTypeNames.join(', ')}` }).optional(),
  context: z.record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean()])).optional(),
  visitorInfo: z.record(z.string().max(64), z.string().max(500)).optional(),
  signal,
  ...requestOptionsShape,
  ...sendToolsSchema,
}));
let sendInputFields: readonly string[] | undefined;

const startSessionInputSchema = lazyObject(() => sendInputSchema.omit({ sessionId: true, message: true, preferredProvider: true, temperature: true, maxTokens: true, topP: true, includeHistory: true, tools: true, toolOptions: true }));

const historyInputSchema = lazyObject(() => z.object({
  tenantId,
  sessionId: id,
  limit: z.number().int().min(1).max(500).default(50),
  before: z.number().int().optional(),
  after: z.number().int().optional(),
  signal,
}));

const sessionsInputSchema = lazyObject(() => z.object({ tenantId, userId: id, limit: z.number().int().min(1).max(200).default(20), signal }));
const feedbackInputSchema = lazyObject(() => z.object({
  tenantId,
  sessionId: id,
  rating: z.number().int('Expected `rating` to be a whole number').min(1, 'Expected `rating` from 1 to 5').max(5, 'Expected `rating` from 1 to 5'),
  text: z.string().max(2_000, 'Expected feedback `text` of at most 2,000 characters').optional(),
  signal,
}));
const escalateInputSchema = lazyObject(() => z.object({ tenantId, sessionId: id, reason: z.string().trim().min(1, 'Expected a non-empty escalation `reason`').max(1_000), signal }));
const sessionRefSchema = lazyObject(() => z.object({ tenantId, sessionId: id, signal }));

/** The chat-session use cases (seeds 001 and 003). @internal */
export interface ChatSessions {
  startSession(input: StartSessionInput): Promise<ConversationSession>;
  send(input: SendInput): Promise<SendResult>;
  stream(input: SendInput): Promise<AssistantChatStream>;
  history(input: HistoryInput): Promise<SessionHistory>;
  sessions(input: { tenantId: string; userId: string; limit?: number; signal?: AbortSignal }): Promise<ConversationSession[]>;
  feedback(input: { tenantId: string; sessionId: string; rating: number; text?: string; signal?: AbortSignal }): Promise<ConversationSession>;
  escalate(input: { tenantId: string; sessionId: string; reason: string; signal?: AbortSignal }): Promise<EscalatedSession>;
  close(input: { tenantId: string; sessionId: string; signal?: AbortSignal }): Promise<ConversationSession>;
}

interface Prepared {
  readonly session: ConversationSession;
  /** Undefined for a grounded session, whose prompt is built from the retrieved passages. */
  readonly request: ChatRequest | undefined;
  readonly history: readonly HistoryTurn[];
  readonly grounded: boolean;
  readonly startedAt: number;
  readonly input: z.output<typeof sendInputSchema>;
  /** Set when the content filter blocked the message: answer with the safe reply, ask no model. */
  readonly blocked?: Blocked;
  readonly tools: readonly Tool[] | undefined;
}

/** Stored in place of a message the content filter blocked, so it never reaches a model through the history either. */
const withheldContent = '[message withheld by the content filter]';
const blockedUsage: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, approximate: true };

/** Builds the chat-session use cases. @internal */
export function createChatSessions(context: AssistantContext, rules: { reply(message: string, signal?: AbortSignal): Promise<ChatResult> }): ChatSessions {
  const prompts = new Map<string, Prompt<{ message: string; history?: readonly HistoryTurn[]; context?: Record<string, string | number | boolean> }>>();
  // The CRM tools' escalate_to_human goes through the same path as assistant.escalate (store + hook).
  const toolAnswering = createToolAnswering(context, (input) => sessions.escalate(input));
  const promptFor = (sessionType: string): Prompt<{ message: string; history?: readonly HistoryTurn[]; context?: Record<string, string | number | boolean> }> => {
    let prompt = prompts.get(sessionType);
    if (prompt) return prompt;
    if (sessionType === companyAssistantSessionType) {
      if (!context.chat.knowledge) {
        throw new ValidationError('createCrmAssistant options', [{ path: 'chat.knowledge', message: 'the company_assistant session type needs `chat.knowledge` (company, services, technologies, portfolio, pricing)' }]);
      }
      const company = createCompanyAssistantPrompt({ knowledge: context.chat.knowledge });
      prompt = { name: company.name, render: (input, options) => company.render({ message: input.message, history: input.history ?? [] }, options) };
    } else {
      const type = (sessionType in sessionTypes ? sessionType : 'customer_support') as SessionType;
      prompt = createSessionPrompt({ sessionType: type, ...(context.chat.productName ? { productName: context.chat.productName } : {}) });
    }
    prompts.set(sessionType, prompt);
    return prompt;
  };

  const loadSession = async (tenant: string, sessionId: string, abort?: AbortSignal): Promise<ConversationSession> => {
    const session = await context.conversations.getSession(tenant, sessionId, { signal: abort });
    if (!session) throw sessionNotFound('assistant', sessionId);
    return session;
  };

  const createSession = async (input: z.output<typeof startSessionInputSchema>): Promise<ConversationSession> => {
    const sessionType = input.sessionType ?? context.chat.defaultSessionType;
    if (!context.knowledge?.appliesTo(sessionType)) promptFor(sessionType); // fail before storing anything when the type cannot be served (company_assistant without knowledge)
    return context.conversations.createSession(
      input.tenantId,
      {
        userId: input.userId,
        sessionType,
        context: (input.context ?? {}) as JsonObject,
        ...(input.visitorInfo ? { visitorInfo: input.visitorInfo as JsonObject } : {}),
      },
      { signal: input.signal },
    );
  };

  const prepare = async (rawInput: SendInput, operation: 'send' | 'stream'): Promise<Prepared> => {
    rejectUnknownFields(rawInput, (sendInputFields ??= Object.keys(sendInputSchema.shape)), `${operation} input`);
    const input = parseInput(sendInputSchema, rawInput, `${operation} input`);
    const startedAt = context.clock.now();
    const session = input.sessionId ? await loadSession(input.tenantId, input.sessionId, input.signal) : await createSession(input);
    const metadata = { tenantId: input.tenantId, userId: input.userId, sessionId: session.id };
    const blocked = await screenInput(context, input.message, { operation, ...metadata });
    if (blocked) {
      await context.conversations.appendMessage(
        input.tenantId,
        session.id,
        { role: 'user', sender: input.userId, content: withheldContent, metadata: { contentFiltered: true, categories: [...blocked.categories] } },
        { signal: input.signal },
      );
      return { session, request: undefined, history: [], grounded: false, startedAt, input, blocked, tools: undefined };
    }
    const grounded = context.knowledge?.appliesTo(session.sessionType) ?? false;
    const prompt = grounded ? undefined : promptFor(session.sessionType);
    const includeHistory = input.includeHistory ?? true;
    const past = includeHistory ? (await context.conversations.history(input.tenantId, session.id, { from: 'end', limit: context.chat.historyLimit, signal: input.signal })).messages : [];
    await context.conversations.appendMessage(
      input.tenantId,
      session.id,
      { role: 'user', sender: input.userId, content: input.message, tokens: context.tokenCounter.countText(input.message, context.llm?.model).tokens },
      { signal: input.signal },
    );
    const history = past.filter(isTurn).map(toTurn);
    const settings = modelSettings(input, context.chat);
    const rendered = prompt?.render(
      { message: input.message, history, context: sessionContext(session) },
      { model: context.llm?.model, maxInputTokens: inputBudget(context.llm, settings.maxOutputTokens ?? context.chat.maxOutputTokens), tokenCounter: context.tokenCounter },
    );
    const request: ChatRequest | undefined = rendered && { messages: rendered.messages, ...settings, metadata };
    return { session, request, history, grounded, startedAt, input, tools: toolAnswering.resolve(input.tools, { tenantId: input.tenantId, userId: input.userId, session }) };
  };

  /** The safe reply to a blocked message, stored like any reply and marked as the filter's. */
  const blockedReply = (blocked: Blocked): ChatResult => ({
    text: blocked.safeReply,
    object: undefined,
    finishReason: 'content_filter',
    usage: blockedUsage,
    costMicros: 0,
    provider: 'content-filter',
    model: 'content-filter',
    latencyMs: 0,
    degraded: true,
    degradedReason: 'content filter blocked the message',
    attempts: [],
  });

  const storeReply = async (
    prepared: Prepared,
    text: string,
    result: Pick<ChatResult, 'usage' | 'costMicros' | 'provider' | 'model' | 'degraded'>,
    incomplete: boolean,
    grounded?: GroundedReply,
  ): Promise<ConversationMessage> => {
    // No signal: a reply the caller already saw (or part of it) must be stored even if they went away.
    return context.conversations.appendMessage(prepared.input.tenantId, prepared.session.id, {
      role: 'assistant',
      sender: result.provider,
      content: text,
      tokens: result.usage.outputTokens,
      costMicros: result.costMicros ?? 0,
      responseTimeMs: Math.max(0, Math.round(context.clock.now() - prepared.startedAt)),
      incomplete,
      metadata: {
        provider: result.provider,
        model: result.model,
        degraded: result.degraded,
        ...(grounded ? { knowledge: groundedMetadata(grounded) } : {}),
        ...(prepared.blocked ? { contentFiltered: true } : {}),
      },
    });
  };

  // With tools, the rule-based path first tries the tool the message's intent maps to.
  const rulesReply = async (prepared: Prepared, signal: AbortSignal | undefined): Promise<ToolAnswer> =>
    (prepared.tools ? await toolAnswering.rules(prepared.input.message, prepared.tools, signal) : undefined) ?? rules.reply(prepared.input.message, signal);

  const answer = async (prepared: Prepared): Promise<ToolAnswer> => {
    if (prepared.blocked) return blockedReply(prepared.blocked);
    if (!context.llm) return { ...(await rulesReply(prepared, prepared.input.signal)), degradedReason: context.noModelReason };
    if (!prepared.request) return rulesReply(prepared, prepared.input.signal);
    try {
      const result: ToolAnswer = prepared.tools
        ? await toolAnswering.generate(context.llm, prepared.request, prepared.tools, prepared.input.toolOptions, prepared.input.signal)
        : await context.llm.generate(prepared.request, { signal: prepared.input.signal });
      if (result.text.trim().length === 0) return rulesReply(prepared, prepared.input.signal);
      // The chain's own rule-based link answered before any tool ran (every model failed): the
      // rules answer from the tool the message maps to (order #54321's tracking) when one fits.
      if (prepared.tools && result.degraded && (result.toolRuns?.length ?? 0) === 0) {
        const fromTool = await toolAnswering.rules(prepared.input.message, prepared.tools, prepared.input.signal);
        if (fromTool) return { ...fromTool, degradedReason: result.degradedReason ?? fromTool.degradedReason, attempts: [...result.attempts.filter((attempt) => !attempt.ok), ...fromTool.attempts] };
      }
      return result;
    } catch (error) {
      // Budget refusals are the host's to show (seed 003 answers them with a 400 and details).
      if (!degradesToRules(error, { budget: 'throw' })) throw error;
      context.reportError(error, 'model');
      const reply = await rulesReply(prepared, prepared.input.signal);
      return { ...reply, degradedReason: degradedReasonOf(error), attempts: [...errorAttempts(error), ...reply.attempts] };
    }
  };

  const groundedAnswer = async (prepared: Prepared, signal: AbortSignal | undefined) => {
    const knowledge = context.knowledge as NonNullable<AssistantContext['knowledge']>;
    const answer = await knowledge.reply({
      tenantId: prepared.input.tenantId,
      userId: prepared.input.userId,
      sessionId: prepared.session.id,
      message: prepared.input.message,
      history: prepared.history,
      signal,
    });
    const reply = groundedReplyOf(answer);
    const stored = await storeReply(prepared, answer.text, { ...answer, costMicros: answer.costMicros }, false, reply);
    return { answer, reply, stored };
  };

  const sendGrounded = async (prepared: Prepared): Promise<SendResult> => {
    const { answer, reply, stored } = await groundedAnswer(prepared, prepared.input.signal);
    return {
      sessionId: prepared.session.id,
      messageId: stored.id,
      reply: answer.text,
      usage: answer.usage,
      costMicros: answer.costMicros,
      responseTimeMs: stored.responseTimeMs ?? 0,
      provider: answer.provider,
      model: answer.model,
      degraded: answer.degraded,
      ...(answer.degradedReason ? { degradedReason: answer.degradedReason } : {}),
      knowledge: reply,
    };
  };

  const streamGrounded = (prepared: Prepared): AssistantChatStream => {
    let settle: (reply: GroundedReply) => void = () => undefined;
    let fail: (error: unknown) => void = () => undefined;
    const knowledge = new Promise<GroundedReply>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    // The caller may only read the text; a failure still surfaces through the stream itself.
    knowledge.catch(() => undefined);
    const chatStream = createChatStream(
      async function* (abort) {
        try {
          const { answer, reply } = await groundedAnswer(prepared, abort);
          // Settled before the text is handed out, so a host can send the citations with the first chunk (an HTTP header).
          settle(reply);
          yield answer.text;
          return {
            finishReason: 'stop',
            usage: answer.usage,
            costMicros: answer.costMicros,
            provider: answer.provider,
            model: answer.model,
            degraded: answer.degraded,
            ...(answer.degradedReason ? { degradedReason: answer.degradedReason } : {}),
            attempts: [],
          };
        } catch (error) {
          fail(error);
          throw error;
        }
      },
      { signal: prepared.input.signal, providerId: context.llm?.id ?? 'knowledge', model: context.llm?.model ?? 'none' },
    );
    return { ...chatStream, sessionId: prepared.session.id, knowledge };
  };

  const sessions: ChatSessions = {
    async startSession(rawInput) {
      return createSession(parseInput(startSessionInputSchema, rawInput, 'startSession input'));
    },

    async send(rawInput) {
      const prepared = await prepare(rawInput, 'send');
      if (prepared.grounded) return sendGrounded(prepared);
      const result = await answer(prepared);
      const stored = await storeReply(prepared, result.text, result, false);
      return {
        sessionId: prepared.session.id,
        messageId: stored.id,
        reply: result.text,
        usage: result.usage,
        costMicros: result.costMicros ?? 0,
        responseTimeMs: stored.responseTimeMs ?? 0,
        provider: result.provider,
        model: result.model,
        degraded: result.degraded,
        ...(result.degradedReason ? { degradedReason: result.degradedReason } : {}),
        ...(prepared.blocked ? { contentFiltered: { categories: prepared.blocked.categories } } : {}),
        ...(result.toolRuns ? { toolRuns: result.toolRuns } : {}),
      };
    },

    async stream(rawInput) {
      const prepared = await prepare(rawInput, 'stream');
      if (prepared.grounded) return streamGrounded(prepared);
      const llm = prepared.blocked ? undefined : context.llm;
      const request = prepared.request;
      const chatStream = createChatStream(
        async function* (abort) {
          let text = '';
          // `failure`: the model error that sent the stream here; its failed attempts lead the result's, as in send.
          const degradedAnswer = async function* (reason: string | undefined, failure?: unknown) {
            const reply = prepared.blocked ? blockedReply(prepared.blocked) : await rulesReply(prepared, abort);
            yield reply.text;
            await storeReply(prepared, reply.text, reply, false);
            return { ...reply, ...(reason ? { degradedReason: reason } : {}), ...(failure === undefined ? {} : { attempts: [...errorAttempts(failure), ...reply.attempts] }) };
          };
          if (!llm || !request) return yield* degradedAnswer(prepared.blocked ? undefined : context.noModelReason);
          const upstream = prepared.tools ? toolAnswering.stream(llm, request, prepared.tools, prepared.input.toolOptions, abort) : llm.stream(request, { signal: abort });
          try {
            for await (const delta of streamParts(upstream)) {
              if (typeof delta !== 'string') {
                yield delta;
                continue;
              }
              text += delta;
              yield delta;
            }
            const result = await upstream.result;
            await storeReply(prepared, text, result, false);
            const { text: _text, latencyMs: _latency, ...completion } = result;
            return completion;
          } catch (error) {
            if (text.length === 0 && degradesToRules(error, { budget: 'throw' })) {
              context.reportError(error, 'model');
              return yield* degradedAnswer(degradedReasonOf(error), error);
            }
            if (text.length > 0) {
              const model = llm.model;
              await storeReply(prepared, text, { usage: { inputTokens: 0, outputTokens: context.tokenCounter.countText(text, model).tokens, totalTokens: 0 }, provider: llm.id, model, degraded: false }, true).catch(
                (storeError: unknown) => context.reportError(storeError, 'store'),
              );
            }
            throw error;
          }
        },
        { signal: prepared.input.signal, providerId: llm?.id ?? 'rules', model: llm?.model ?? 'rules-v1' },
      );
      return { ...chatStream, sessionId: prepared.session.id };
    },

    async history(rawInput) {
      const input = parseInput(historyInputSchema, rawInput, 'history input');
      const session = await loadSession(input.tenantId, input.sessionId, input.signal);
      const page = await context.conversations.history(input.tenantId, input.sessionId, {
        limit: input.limit,
        ...(input.before === undefined ? {} : { before: input.before }),
        ...(input.after === undefined ? {} : { after: input.after }),
        from: input.before === undefined && input.after !== undefined ? 'start' : 'end',
        signal: input.signal,
      });
      return { session, ...page };
    },

    async sessions(rawInput) {
      const input = parseInput(sessionsInputSchema, rawInput, 'sessions input');
      return context.conversations.listUserSessions(input.tenantId, input.userId, { limit: input.limit, signal: input.signal });
    },

    async feedback(rawInput) {
      const input = parseInput(feedbackInputSchema, rawInput, 'feedback input');
      return context.conversations.submitFeedback(input.tenantId, input.sessionId, { rating: input.rating, ...(input.text ? { feedback: input.text } : {}) }, { signal: input.signal });
    },

    async escalate(rawInput) {
      return escalateSession(context, parseInput(escalateInputSchema, rawInput, 'escalate input'));
    },

    async close(rawInput) {
      const input = parseInput(sessionRefSchema, rawInput, 'close input');
      return context.conversations.close(input.tenantId, input.sessionId, { signal: input.signal });
    },
  };
  return sessions;
}

function isTurn(message: ConversationMessage): boolean {
  return message.role === 'user' || message.role === 'assistant';
}

function toTurn(message: ConversationMessage): HistoryTurn {
  return { role: message.role as 'user' | 'assistant', content: message.content };
}

function sessionContext(session: ConversationSession): Record<string, string | number | boolean> {
  const result: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(session.context)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') result[key] = value;
  }
  return result;
}

function errorAttempts(error: unknown): ChatResult['attempts'] {
  return typeof error === 'object' && error !== null && Array.isArray((error as { attempts?: unknown }).attempts) ? (error as { attempts: ChatResult['attempts'] }).attempts : [];
}


function groundedMetadata(reply: GroundedReply): JsonObject {
  return {
    answered: reply.answered,
    citations: reply.citations.map((citation) => ({ marker: citation.marker, documentId: citation.documentId, passageId: citation.passageId, title: citation.title, ...(citation.url ? { url: citation.url } : {}) })),
    ...(reply.noAnswer ? { noAnswer: reply.noAnswer.reason } : {}),
  };
}
