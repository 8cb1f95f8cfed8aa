import { z } from 'zod/v4';
import { systemClock, type Clock } from '../core/clock.js';
import { parseInput } from '../core/validate.js';
import type { Provider } from '../core/types.js';
import { createApproximateTokenCounter, type TokenCounter } from '../core/token-counter.js';
import type { ConversationSession, ConversationStore } from '../adapters/conversation-store.js';
import type { CustomerSource } from '../adapters/customer-source.js';
import type { MemberSource } from '../adapters/member-source.js';
import type { OrderSource } from '../adapters/order-source.js';
import type { TicketSource } from '../adapters/ticket-source.js';
import type { PromptStore } from '../core/prompt-store.js';
import type { UsageReport, UsageStore } from '../core/usage/usage-store.js';
import type { TicketContextTimeouts } from '../adapters/gather-ticket-context.js';
import { createMemoryConversationStore } from '../adapters/memory/create-memory-conversation-store.js';
import { createMemoryUsageStore } from '../adapters/memory/create-memory-usage-store.js';
import { createMemoryPromptStore } from '../adapters/memory/create-memory-prompt-store.js';
import { withBudget, type BudgetLimits } from '../providers/budget/with-budget.js';
import type { ModelPrice } from '../providers/budget/price-table.js';
import { isValidTimeZone } from '../core/calendar.js';
import { createScorer, type Scorer } from '../scoring/create-scorer.js';
import type { ScorerConfig } from '../scoring/scorer-config.js';
import { createPromptRegistry, type PromptRegistry } from '../prompts/create-prompt-registry.js';
import type { CompanyKnowledge } from '../prompts/company-assistant-prompt.js';
import { createRuleBasedResponder } from '../fallback/create-rule-based-responder.js';
import type { ContentFilter } from '../fallback/create-content-filter.js';
import { noModelReasonOf } from '../providers/resilience/no-model-provider.js';
import type { ContentFilteredEvent } from './screen-input.js';
import type { EscalatedSession } from './escalate-session.js';
import type { AssistantContext, AssistantErrorSource, EscalationEvent } from './assistant-context.js';
import { createAsk, type AskInput, type AskResult } from './ask-crm.js';
import { createChatSessions, type AssistantChatStream, type ChatSessionType, type HistoryInput, type SendInput, type SendResult, type SessionHistory, type StartSessionInput } from './chat-sessions.js';
import { analysisOptionsSchema, createAnalyze, type AnalysisOptions, type AnalyzeInput, type AnalyzeResult, type ClassifyResult } from './analyze-messages.js';
import { createDraftReply, type DraftReplyInput, type DraftReplyResult } from './draft-ticket-reply.js';
import { createInbox, type ExplainTicketInput, type Inbox, type RankInboxInput } from './inbox.js';
import type { RankedPage } from '../scoring/rank-tickets.js';
import type { Logger } from '../core/logger.js';
import type { TelemetryOption } from '../core/telemetry/telemetry-options.js';
import type { AssistantEventListener, Correlated } from './assistant-event.js';
import { createObservability } from './create-observability.js';
import { checkKnowledgeOptions, createKnowledgeReplies, type AssistantKnowledgeOptions } from './knowledge-replies.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Seed 003's cost controls, the assistant's default budget: $1 and 100 messages per session,
 * $100 per tenant per day (`daily_cost_limit_cents: 10000`, `per_session_cost_limit_cents: 100`,
 * `max_messages_per_session: 100`). Money is in integer micro-dollars.
 *
 * @example
 * ```ts
 * createCrmAssistant({ provider, budget: { limits: { ...defaultAssistantLimits, perUserDaily: { costMicros: 5_000_000 } } } });
 * ```
 */
export const defaultAssistantLimits: BudgetLimits = {
  perSession: { messages: 100, costMicros: 1_000_000 },
  perTenantDaily: { costMicros: 100_000_000 },
};

/**
 * Options of {@link createCrmAssistant}. Everything but the data you want to use is optional:
 * stores default to in-memory ones, and with no `provider` every answer is rule-based.
 *
 * @example
 * ```ts
 * const options: CrmAssistantOptions = {
 *   provider: await createProviderChainFromEnv(),
 *   data: { members, tickets, customers, orders },
 *   timeZone: 'Europe/London',
 *   onEscalate: (event) => pager.notify(event),
 * };
 * ```
 */
export interface CrmAssistantOptions {
  /** The model stack, e.g. `createProviderChain(...)`. Absent: every answer is rule-based (`connected: false`). */
  readonly provider?: Provider;
  /** The host's data. Each use case names the source it needs when it is missing. */
  readonly data?: {
    readonly members?: MemberSource;
    readonly tickets?: TicketSource;
    readonly customers?: CustomerSource;
    readonly orders?: OrderSource;
  };
  /** @default createMemoryConversationStore() */
  readonly conversations?: ConversationStore;
  /** Ledger for budgets and `usage()`. @default createMemoryUsageStore() */
  readonly usageStore?: UsageStore;
  /** Tenant custom prompts. @default createMemoryPromptStore() */
  readonly promptStore?: PromptStore;
  /**
   * Spend and message limits applied to every model call (see `withBudget`), or `false` for none.
   * @default { limits: defaultAssistantLimits }
   */
  readonly budget?: false | { readonly limits?: BudgetLimits; readonly prices?: Readonly<Record<string, ModelPrice>>; readonly defaultPrice?: ModelPrice };
  /** IANA time zone for follow-up dates and daily budgets. @default 'UTC' */
  readonly timeZone?: string;
  /** First day of the week for `this_week`: 0 Sunday … 6 Saturday. @default 1 (Monday) */
  readonly weekStartsOn?: number;
  /** A scorer or its config. @default createScorer() (the starvation-free `default` preset) */
  readonly scorer?: Scorer | ScorerConfig;
  /** Seed 000's CRM chat. */
  readonly crm?: {
    /** @default 'an elderly care service' */
    readonly domain?: string;
    /** @default 500 */
    readonly maxOutputTokens?: number;
    /** @default 0.7 */
    readonly temperature?: number;
    /** @default 0.9 */
    readonly topP?: number;
  };
  /** Chat sessions (seeds 001 and 003). */
  readonly chat?: {
    /** @default 256 (seed 001) */
    readonly maxOutputTokens?: number;
    /** @default 0.7 */
    readonly temperature?: number;
    /** Past messages considered for each reply (then fitted to the context window). @default 50 */
    readonly historyLimit?: number;
    /** @default 'customer_support' */
    readonly defaultSessionType?: ChatSessionType;
    /** Seed 001's company knowledge, for the `company_assistant` session type. */
    readonly knowledge?: CompanyKnowledge;
    readonly productName?: string;
  };
  /** Reply drafts (seed 004). */
  readonly drafts?: { readonly companyName?: string; readonly agentName?: string; /** @default 600 */ readonly maxOutputTokens?: number };
  /** Message analysis (`analyze`, `classify`). */
  readonly analysis?: AnalysisOptions;
  /** Timeouts of the context sources gathered for a draft. */
  readonly contextTimeouts?: TicketContextTimeouts;
  /** Counts prompt tokens for fitting and budgets. Pass `await createTokenCounter()` for exact OpenAI counts. @default createApproximateTokenCounter() */
  readonly tokenCounter?: TokenCounter;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Called after a session is escalated (seed 003: notify support staff). A throwing hook is reported to `onError`, never undoes the escalation. */
  readonly onEscalate?: (event: EscalationEvent) => void | Promise<void>;
  /** Failures the assistant absorbed (a model outage answered by rules, a failing hook). Errors carry no secrets. */
  readonly onError?: (error: unknown, source: AssistantErrorSource) => void;
  /**
   * The host's help center: chat sessions of `knowledge.sessionTypes` (default `company_assistant`
   * and `customer_support`) answer from it with citations, or decline (see docs/knowledge.md).
   */
  readonly knowledge?: AssistantKnowledgeOptions;
  /**
   * Seed 002's content filter (`AI_CONTENT_FILTER_ENABLED`): screens the customer's input in
   * `ask`, `send`, `stream` and `analyze` before any model sees it. A blocked input is answered
   * with the filter's `safeReply` (analyze: the local rules only), `onContentFiltered` is called,
   * and the text is never sent to a provider (a blocked chat message is stored withheld).
   * @default none (off)
   */
  readonly contentFilter?: ContentFilter;
  /** Called when the content filter blocks an input; the event holds no message text. A throwing hook is reported to `onError`. */
  readonly onContentFiltered?: (event: ContentFilteredEvent) => void;
  /**
   * OpenTelemetry (see docs/observability.md): a span per operation (`crmkit.ask`…), the model
   * spans below it (the provider's own when it was built with `telemetry`, else one per model
   * call), budget and degraded-path attributes, the GenAI metrics. `true` uses the host's global
   * tracer and meter providers. `@opentelemetry/api` is loaded only when on.
   * @default false (off, free)
   */
  readonly telemetry?: TelemetryOption;
  /**
   * One typed event stream: an `operation` event per operation and an `attempt_end` event per
   * provider try, with ids, usage, cost, whole-millisecond latency, degraded and why, and the
   * correlation id. A throwing listener is ignored.
   */
  readonly onEvent?: AssistantEventListener;
  /** Where crmkit's warnings and debug lines go (`{ debug, info, warn, error }(object, message)`: pino and winston fit). @default silent */
  readonly logger?: Logger;
}

/**
 * The CRM assistant: one object for every use case of the seeds, on whatever providers and data
 * the host wired in. Every method validates its input, takes an `AbortSignal`, and says which
 * provider answered and whether the answer was degraded.
 *
 * @example
 * ```ts
 * const assistant = createCrmAssistant({ provider, data: { members } });
 * const { response, memberIds } = await assistant.ask({ tenantId: 'care', query: 'Who needs a call today?', filter: 'today' });
 * ```
 */
export interface CrmAssistant {
  /** Answers a question about the CRM data (seed 000). Never throws for a provider outage: the rule-based answer comes back with `connected: false`. */
  ask(input: AskInput): Promise<AskResult & Correlated>;
  /** Opens an empty chat session (seed 003's `POST /sessions`); `send` also creates one when given no `sessionId`. */
  startSession(input: StartSessionInput): Promise<ConversationSession>;
  /** Creates or continues a chat session, stores both messages and returns the reply (seeds 001, 003). */
  send(input: SendInput): Promise<SendResult & Correlated>;
  /** Like `send`, streamed. */
  stream(input: SendInput): Promise<AssistantChatStream & Correlated>;
  /** A session and a page of its messages. */
  history(input: HistoryInput): Promise<SessionHistory>;
  /** A user's sessions, newest first. */
  sessions(input: { readonly tenantId: string; readonly userId: string; readonly limit?: number; readonly signal?: AbortSignal }): Promise<ConversationSession[]>;
  /** Stores a 1–5 rating and optional text. */
  feedback(input: { readonly tenantId: string; readonly sessionId: string; readonly rating: number; readonly text?: string; readonly signal?: AbortSignal }): Promise<ConversationSession>;
  /** Marks the session escalated with a handoff summary (stored in its history), and fires `onEscalate` with it. */
  escalate(input: { readonly tenantId: string; readonly sessionId: string; readonly reason: string; readonly signal?: AbortSignal }): Promise<EscalatedSession & Correlated>;
  /** Closes the session; later sends to it fail. */
  close(input: { readonly tenantId: string; readonly sessionId: string; readonly signal?: AbortSignal }): Promise<ConversationSession>;
  /** Sentiment, intent, entities and priority (seed 002). */
  analyze(input: AnalyzeInput): Promise<AnalyzeResult & Correlated>;
  /** The intent alone (seed 002). */
  classify(input: Omit<AnalyzeInput, 'types'>): Promise<ClassifyResult & Correlated>;
  /** A channel-aware reply draft for a ticket (seed 004). */
  draftReply(input: DraftReplyInput): Promise<DraftReplyResult & Correlated>;
  /** The smart inbox (seed 004). */
  readonly inbox: Omit<Inbox, 'rank'> & { rank(input: RankInboxInput): Promise<RankedPage & Correlated> };
  /** Requests, tokens and cost with breakdowns by provider, model and day (seeds 002, 003). */
  usage(input: { readonly tenantId: string; readonly userId?: string; readonly from?: string; readonly to?: string; readonly signal?: AbortSignal }): Promise<UsageReport>;
  /** Tenant custom prompts (seed 002), validated and versioned. */
  readonly prompts: PromptRegistry;
}

const optionsSchema = lazyObject(() => z.object({
  timeZone: z.string().refine(isValidTimeZone, { message: 'Expected `timeZone` to be an IANA time zone such as "Europe/London"' }).optional(),
  weekStartsOn: z.number().int().min(0).max(6, 'Expected `weekStartsOn` from 0 (Sunday) to 6 (Saturday)').optional(),
  crm: z
    .object({
      domain: z.string().min(1).max(200).optional(),
      maxOutputTokens: z.number().int().positive().optional(),
      temperature: z.number().min(0).max(2).optional(),
      topP: z.number().gt(0).max(1).optional(),
    })
    .optional(),
  chat: z
    .object({
      maxOutputTokens: z.number().int().positive().optional(),
      temperature: z.number().min(0).max(2).optional(),
      historyLimit: z.number().int().min(0).max(500).optional(),
      defaultSessionType: z.string().min(1).optional(),
    })
    .passthrough()
    .optional(),
  drafts: z.object({ companyName: z.string().max(200).optional(), agentName: z.string().max(200).optional(), maxOutputTokens: z.number().int().positive().optional() }).optional(),
  analysis: analysisOptionsSchema.optional(),
  onEvent: z.custom<AssistantEventListener>((value) => typeof value === 'function', 'Expected `onEvent` to be a function (event) => void').optional(),
}));

const usageSchema = lazyObject(() => z.object({
  tenantId: z.string().min(1, 'Expected `tenantId` to be a non-empty string'),
  userId: z.string().min(1).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected `from` as YYYY-MM-DD').optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected `to` as YYYY-MM-DD').optional(),
  signal: z.instanceof(AbortSignal).optional(),
}));

/**
 * Builds the {@link CrmAssistant} from the host's providers and data. Options are validated once,
 * here; a bad option fails with every problem listed.
 *
 * @example
 * ```ts
 * import { createCrmAssistant, createMemoryMemberSource, createProviderChainFromEnv } from 'crmkit';
 *
 * const assistant = createCrmAssistant({
 *   provider: await createProviderChainFromEnv(),
 *   data: { members: createMemoryMemberSource({ members }) },
 *   timeZone: 'America/New_York',
 * });
 * const answer = await assistant.ask({ tenantId: 'care', query: 'What are member IDs I need to follow up today?', filter: 'today' });
 * console.log(answer.response, answer.connected);
 * ```
 */
export function createCrmAssistant(options: CrmAssistantOptions = {}): CrmAssistant {
  const parsed = parseInput(optionsSchema, options, 'createCrmAssistant options');
  const clock = options.clock ?? systemClock;
  const timeZone = parsed.timeZone ?? 'UTC';
  const tokenCounter = options.tokenCounter ?? (approximateTokenCounter ??= createApproximateTokenCounter());
  // The default in-memory stores and prompt registry are built on first use: an assistant that
  // never chats, budgets or edits prompts keeps none of them (a host may build one per request).
  let usageStore = options.usageStore;
  const usageLedger = (): UsageStore => (usageStore ??= createMemoryUsageStore());
  let conversations = options.conversations;
  let prompts: PromptRegistry | undefined;
  const budget = options.budget === undefined ? { limits: defaultAssistantLimits } : options.budget;
  // An env chain with no model enabled (seed 000's HF_ENABLED=False) means: answer with the rules, and say why.
  const noModelReason = noModelReasonOf(options.provider);
  const observability = createObservability(options);
  const provider = noModelReason === undefined ? observability.traceProvider(options.provider) : undefined;
  const budgeted =
    provider && budget !== false
      ? withBudget(provider, {
          store: usageLedger(),
          limits: budget.limits ?? defaultAssistantLimits,
          ...(budget.prices ? { prices: budget.prices } : {}),
          ...(budget.defaultPrice ? { defaultPrice: budget.defaultPrice } : {}),
          tokenCounter,
          clock,
          timeZone,
          ...(observability.observer.budgetListener ? { onEvent: observability.observer.budgetListener } : {}),
        })
      : provider;
  const llm = observability.observer.observeProvider(budgeted);
  const scorer = options.scorer === undefined ? defaultScorerFor(clock) : isScorer(options.scorer) ? options.scorer : createScorer({ clock, ...options.scorer });
  const onError = options.onError;

  const parts: LazyParts = {
    conversations() {
      return (conversations ??= createMemoryConversationStore({ clock }));
    },
    usageStore: usageLedger,
    prompts() {
      return (prompts ??= createPromptRegistry({ store: options.promptStore ?? createMemoryPromptStore({ clock }) }));
    },
  };
  const context = {
    [lazyParts]: parts,
    llm,
    members: options.data?.members,
    tickets: options.data?.tickets,
    customers: options.data?.customers,
    orders: options.data?.orders,
    scorer,
    tokenCounter,
    clock,
    timeZone,
    weekStartsOn: parsed.weekStartsOn ?? 1,
    crm: { domain: parsed.crm?.domain ?? 'an elderly care service', maxOutputTokens: parsed.crm?.maxOutputTokens ?? 500, temperature: parsed.crm?.temperature ?? 0.7, topP: parsed.crm?.topP ?? 0.9 },
    chat: {
      maxOutputTokens: parsed.chat?.maxOutputTokens ?? 256,
      temperature: parsed.chat?.temperature ?? 0.7,
      historyLimit: parsed.chat?.historyLimit ?? 50,
      defaultSessionType: options.chat?.defaultSessionType ?? 'customer_support',
      knowledge: options.chat?.knowledge,
      productName: options.chat?.productName,
    },
    drafts: { companyName: parsed.drafts?.companyName, agentName: parsed.drafts?.agentName, maxOutputTokens: parsed.drafts?.maxOutputTokens ?? 600 },
    analysis: { maxOutputTokens: 300, intentClassifier: options.analysis?.intentClassifier, modelBelowConfidence: parsed.analysis?.modelBelowConfidence ?? 0.5 },
    contextTimeouts: options.contextTimeouts,
    onEscalate: options.onEscalate,
    contentFilter: options.contentFilter,
    onContentFiltered: options.onContentFiltered,
    noModelReason: noModelReason ?? 'no model configured',
    reportError(error: unknown, source: AssistantErrorSource) {
      observability.logAbsorbed(error, source);
      if (!onError) return;
      try {
        onError(error, source);
      } catch {
        // A broken error reporter must not turn an answered request into a failed one.
      }
    },
  } as Omit<AssistantContext, 'conversations' | 'usageStore' | 'prompts'> as AssistantContext;
  Object.defineProperties(context, contextAccessors);

  if (options.knowledge) {
    // Grounded replies (issue 21) are one more step of the chat sessions, built once here.
    (context as { knowledge?: AssistantContext['knowledge'] }).knowledge = createKnowledgeReplies(context, checkKnowledgeOptions(options.knowledge));
  }

  // The rules answer only when no model can: built on first use, not per assistant.
  let rules: ReturnType<typeof createRuleBasedResponder> | undefined;
  // Chat sessions, analysis and every operation are built on their first call: an idle assistant
  // holds one method per operation. (Methods, not arrow properties, and shared getters keep the
  // instance small; see `contextAccessors`.)
  let chatSessions: ReturnType<typeof createChatSessions> | undefined;
  let analyses: ReturnType<typeof createAnalyze> | undefined;
  const observe = observability.observer.wrap;
  const operations: {
    ask?: (input: AskInput) => Promise<AskResult & Correlated>;
    send?: (input: SendInput) => Promise<SendResult & Correlated>;
    stream?: (input: SendInput) => Promise<AssistantChatStream & Correlated>;
    escalate?: (input: Parameters<CrmAssistant['escalate']>[0]) => Promise<EscalatedSession & Correlated>;
    analyze?: (input: AnalyzeInput) => Promise<AnalyzeResult & Correlated>;
    classify?: (input: Omit<AnalyzeInput, 'types'>) => Promise<ClassifyResult & Correlated>;
    draftReply?: (input: DraftReplyInput) => Promise<DraftReplyResult & Correlated>;
    inbox?: { readonly rank: (input: RankInboxInput) => Promise<RankedPage & Correlated>; readonly explain: Inbox['explain'] };
  } = {};
  const lazy = {
    chat(): ReturnType<typeof createChatSessions> {
      return (chatSessions ??= createChatSessions(context, {
        reply: (message, signal) => (rules ??= createRuleBasedResponder({ mode: 'support', clock, timeZone })).generate({ messages: [{ role: 'user', content: message }] }, { signal }),
      }));
    },
    analysis(): ReturnType<typeof createAnalyze> {
      return (analyses ??= createAnalyze(context));
    },
    inbox(): NonNullable<typeof operations.inbox> {
      if (operations.inbox) return operations.inbox;
      const built = createInbox(context);
      return (operations.inbox = { rank: observe('inbox.rank', built.rank), explain: built.explain });
    },
  };

  const assistant = {
    ask(input: AskInput) {
      return (operations.ask ??= observe('ask', createAsk(context)))(input);
    },
    startSession(input: StartSessionInput) {
      return lazy.chat().startSession(input);
    },
    send(input: SendInput) {
      return (operations.send ??= observe('send', (sent: SendInput) => lazy.chat().send(sent)))(input);
    },
    stream(input: SendInput) {
      return (operations.stream ??= observe('stream', (sent: SendInput) => lazy.chat().stream(sent)))(input);
    },
    history(input: HistoryInput) {
      return lazy.chat().history(input);
    },
    sessions(input: Parameters<CrmAssistant['sessions']>[0]) {
      return lazy.chat().sessions(input);
    },
    feedback(input: Parameters<CrmAssistant['feedback']>[0]) {
      return lazy.chat().feedback(input);
    },
    escalate(input: Parameters<CrmAssistant['escalate']>[0]) {
      return (operations.escalate ??= observe('escalate', (escalation: Parameters<CrmAssistant['escalate']>[0]) => lazy.chat().escalate(escalation)))(input);
    },
    close(input: Parameters<CrmAssistant['close']>[0]) {
      return lazy.chat().close(input);
    },
    analyze(input: AnalyzeInput) {
      return (operations.analyze ??= observe('analyze', (analyzed: AnalyzeInput) => lazy.analysis().analyze(analyzed)))(input);
    },
    classify(input: Omit<AnalyzeInput, 'types'>) {
      return (operations.classify ??= observe('classify', (classified: Omit<AnalyzeInput, 'types'>) => lazy.analysis().classify(classified)))(input);
    },
    draftReply(input: DraftReplyInput) {
      return (operations.draftReply ??= observe('draftReply', createDraftReply(context)))(input);
    },
    [lazyParts]: parts,
    inbox: {
      rank(input: RankInboxInput) {
        return lazy.inbox().rank(input);
      },
      explain(input: ExplainTicketInput) {
        return lazy.inbox().explain(input);
      },
    },
    async usage(rawInput: Parameters<CrmAssistant['usage']>[0]) {
      const input = parseInput(usageSchema, rawInput, 'usage input');
      return usageLedger().getUsage(
        { tenantId: input.tenantId, ...(input.userId ? { userId: input.userId } : {}), ...(input.from ? { from: input.from } : {}), ...(input.to ? { to: input.to } : {}) },
        { signal: input.signal },
      );
    },
  } as Omit<CrmAssistant, 'prompts'> as CrmAssistant;
  Object.defineProperties(assistant, assistantAccessors);
  return assistant;
}

/** Where an instance keeps the builders of its lazily made parts, for the shared accessors below. */
const lazyParts = Symbol('crmkit.assistant.lazyParts');

interface LazyParts {
  conversations(): ConversationStore;
  usageStore(): UsageStore;
  prompts(): PromptRegistry;
}

type WithLazyParts = { readonly [lazyParts]: LazyParts };

// The lazily made parts are reached through getters shared by every instance: a getter made per
// instance puts each object in V8's slow dictionary mode, several times the size of a plain one.
const contextAccessors: PropertyDescriptorMap = {
  conversations: { get(this: WithLazyParts) { return this[lazyParts].conversations(); }, enumerable: true },
  usageStore: { get(this: WithLazyParts) { return this[lazyParts].usageStore(); }, enumerable: true },
  prompts: { get(this: WithLazyParts) { return this[lazyParts].prompts(); }, enumerable: true },
};
const assistantAccessors: PropertyDescriptorMap = { prompts: contextAccessors.prompts as PropertyDescriptor };

// Stateless: one approximate counter serves every assistant that is not given a token counter.
let approximateTokenCounter: TokenCounter | undefined;

// The default scorer is stateless given its clock: one per clock, shared by every assistant on it.
const defaultScorers = new WeakMap<Clock, Scorer>();

function defaultScorerFor(clock: Clock): Scorer {
  let scorer = defaultScorers.get(clock);
  if (!scorer) {
    scorer = createScorer({ clock });
    defaultScorers.set(clock, scorer);
  }
  return scorer;
}

function isScorer(value: Scorer | ScorerConfig): value is Scorer {
  return typeof (value as Scorer).score === 'function' && typeof (value as Scorer).explain === 'function';
}
