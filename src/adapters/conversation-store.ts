import type { ChatRole } from '../core/types.js';
import type { StoreCallOptions } from '../core/store-call-options.js';

/**
 * Where a conversation stands: answered by the model, handed to a human, or over.
 *
 * @example
 * ```ts
 * const session = await store.getSession('acme', sessionId);
 * const status: ConversationStatus | undefined = session?.status;
 * if (status === 'escalated') showHandoffBanner();
 * ```
 */
export type ConversationStatus = 'active' | 'escalated' | 'closed';

/**
 * All conversation statuses.
 *
 * @example
 * ```ts
 * const isConversationStatus = (value: string): value is ConversationStatus => (conversationStatuses as readonly string[]).includes(value);
 * ```
 */
export const conversationStatuses: readonly ConversationStatus[] = ['active', 'escalated', 'closed'];

/**
 * A JSON value, as stored in `context`, `visitorInfo` and message `metadata`.
 *
 * @example
 * ```ts
 * const interests: JsonValue = ['fibre', 'tv', { bundle: true, since: 2021 }];
 * await store.createSession('acme', { visitorInfo: { name: 'Jane', interests } });
 * ```
 */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * A JSON object.
 *
 * @example
 * ```ts
 * const context: JsonObject = { currentPage: 'billing', plan: 'fibre-500', trial: false };
 * await store.createSession('acme', { userId: 'u1', sessionType: 'admin_assistant', context });
 * ```
 */
export type JsonObject = { readonly [key: string]: JsonValue };

/**
 * One chat session (seeds 001 and 003): who it is for, what it is about, where it stands and
 * running totals of its messages.
 *
 * @example
 * ```ts
 * const session = await store.createSession('acme', { userId: 'u1', sessionType: 'customer_support' });
 * session.status; // 'active'
 * session.messageCount; // 0
 * ```
 */
export interface ConversationSession {
  /** A lowercase UUID. */
  readonly id: string;
  readonly tenantId: string;
  /** The signed-in user, when there is one; anonymous widget visitors have none. */
  readonly userId?: string;
  /** `customer_support`, `admin_assistant`, `network_diagnostics`, `analytics` or the host's own. */
  readonly sessionType: string;
  readonly status: ConversationStatus;
  /** What the host passed to improve answers (page, role, subscriber…; seed 003's context passing). */
  readonly context: JsonObject;
  /** What an anonymous visitor told the widget (seed 001: name, email). */
  readonly visitorInfo?: JsonObject;
  readonly messageCount: number;
  readonly totalTokens: number;
  /** Sum of the messages' cost in micro-dollars (1 USD = 1,000,000). */
  readonly totalCostMicros: number;
  /** 1–5, once the user rated the session. */
  readonly rating?: number;
  readonly feedback?: string;
  readonly escalationReason?: string;
  readonly escalatedAt?: Date;
  readonly closedAt?: Date;
  readonly createdAt: Date;
  /** Last change of any kind, including an appended message. */
  readonly updatedAt: Date;
}

/**
 * What a caller passes to start a session; the store fills in the rest.
 *
 * @example
 * ```ts
 * const input: NewConversationSession = { sessionType: 'admin_assistant', context: { currentPage: 'dashboard' } };
 * ```
 */
export interface NewConversationSession {
  /** A UUID the host already handed out (a widget's stored session id); generated when omitted. */
  readonly id?: string;
  readonly userId?: string;
  /** @default 'customer_support' */
  readonly sessionType?: string;
  /** @default {} */
  readonly context?: JsonObject;
  readonly visitorInfo?: JsonObject;
}

/**
 * One stored message. `sequence` is 1 for the first message of a session and increases by one
 * per message, with no gaps, even when messages are appended concurrently.
 *
 * @example
 * ```ts
 * const message = await store.appendMessage('acme', session.id, { role: 'user', content: 'Where is my order?' });
 * message.sequence; // 1
 * ```
 */
export interface ConversationMessage {
  readonly id: string;
  readonly tenantId: string;
  readonly sessionId: string;
  readonly sequence: number;
  readonly role: ChatRole;
  /** Who wrote it in the host's words (seed 001: `visitor` / `bot`; a human agent's id after escalation). */
  readonly sender?: string;
  readonly content: string;
  readonly tokens: number;
  readonly costMicros: number;
  /** How long the model took to answer, for assistant messages. */
  readonly responseTimeMs?: number;
  /** True when the reply was cut off mid-stream and `content` is only what arrived. */
  readonly incomplete: boolean;
  readonly metadata?: JsonObject;
  readonly createdAt: Date;
}

/**
 * What a caller passes to append a message.
 *
 * @example
 * ```ts
 * const reply: NewConversationMessage = { role: 'assistant', sender: 'bot', content: 'It ships today.', tokens: 42, costMicros: 90, responseTimeMs: 812 };
 * ```
 */
export interface NewConversationMessage {
  /**
   * A UUID for the message, chosen by the caller so a retried append is applied once: an append
   * whose `id` the session already holds returns the stored message unchanged instead of adding
   * another. Generated when omitted (then only the store's own replays are deduplicated).
   */
  readonly id?: string;
  readonly role: ChatRole;
  readonly sender?: string;
  readonly content: string;
  /** @default 0 */
  readonly tokens?: number;
  /** @default 0 */
  readonly costMicros?: number;
  readonly responseTimeMs?: number;
  /** @default false */
  readonly incomplete?: boolean;
  readonly metadata?: JsonObject;
}

/**
 * Which slice of a session's history to read. Messages come back oldest first whatever the
 * options. `from: 'end'` reads the newest messages of the range: the latest 20 are
 * `{ from: 'end', limit: 20 }`, the 20 before those are `{ from: 'end', limit: 20, before: first.sequence }`,
 * and new messages since the last poll are `{ after: last.sequence }`.
 *
 * @example
 * ```ts
 * const latest = await store.history('acme', session.id, { from: 'end', limit: 20 });
 * const earlier = await store.history('acme', session.id, { from: 'end', limit: 20, before: latest.messages[0]?.sequence });
 * const since = await store.history('acme', session.id, { after: latest.messages.at(-1)?.sequence });
 * ```
 */
export interface HistoryOptions extends StoreCallOptions {
  /**
   * At most this many messages (1–1000).
   * @default 100
   */
  readonly limit?: number;
  /** Only messages with a sequence greater than this. */
  readonly after?: number;
  /** Only messages with a sequence lower than this. */
  readonly before?: number;
  /**
   * Take the page from the oldest (`start`) or newest (`end`) end of the range.
   * @default 'start'
   */
  readonly from?: 'start' | 'end';
}

/**
 * A page of history.
 *
 * @example
 * ```ts
 * const { messages, hasMore } = await store.history('acme', session.id, { from: 'end', limit: 20 });
 * ```
 */
export interface HistoryPage {
  /** Oldest first. */
  readonly messages: ConversationMessage[];
  /** Whether the range holds more messages beyond this page (older ones for `from: 'end'`). */
  readonly hasMore: boolean;
}

/**
 * Options of {@link ConversationStore.listUserSessions}.
 *
 * @example
 * ```ts
 * const options: ListUserSessionsOptions = { limit: 10, signal: AbortSignal.timeout(2_000) };
 * const recent = await store.listUserSessions('acme', 'u1', options);
 * ```
 */
export interface ListUserSessionsOptions extends StoreCallOptions {
  /**
   * At most this many sessions (1–1000).
   * @default 20
   */
  readonly limit?: number;
}

/**
 * A rating of a session (seed 003).
 *
 * @example
 * ```ts
 * const feedback: SessionFeedback = { rating: 5, feedback: 'Very helpful!' };
 * ```
 */
export interface SessionFeedback {
  /** An integer from 1 to 5. */
  readonly rating: number;
  readonly feedback?: string;
}

/**
 * Chat sessions and their messages (seeds 001 and 003). Every call is scoped by tenant: a session
 * id that belongs to another tenant reads as absent and cannot be changed.
 *
 * Calls on a missing session reject with an `AdapterError` of kind `not_found`; appending to or
 * escalating a closed session rejects with kind `invalid_state`; bad input rejects with a
 * `ValidationError` before anything is written.
 *
 * @example
 * ```ts
 * const session = await store.createSession('acme', { userId: 'u1' });
 * await store.appendMessage('acme', session.id, { role: 'user', sender: 'visitor', content: 'Hi' });
 * const { messages } = await store.history('acme', session.id);
 * await store.submitFeedback('acme', session.id, { rating: 5 });
 * ```
 */
export interface ConversationStore {
  /** Starts a session; rejects with kind `conflict` when the tenant already has one with the given id. */
  createSession(tenantId: string, session?: NewConversationSession, options?: StoreCallOptions): Promise<ConversationSession>;
  /** The session, or `undefined`. */
  getSession(tenantId: string, sessionId: string, options?: StoreCallOptions): Promise<ConversationSession | undefined>;
  /**
   * Appends a message with the next sequence number and adds its tokens and cost to the session's
   * totals. Idempotent by message `id`: an append whose id the session already holds (a retry, or
   * a replay by the database client) returns the stored message and changes nothing.
   */
  appendMessage(tenantId: string, sessionId: string, message: NewConversationMessage, options?: StoreCallOptions): Promise<ConversationMessage>;
  /** A page of the session's messages, oldest first. */
  history(tenantId: string, sessionId: string, options?: HistoryOptions): Promise<HistoryPage>;
  /** The user's sessions, newest first (ties broken by id, descending). */
  listUserSessions(tenantId: string, userId: string, options?: ListUserSessionsOptions): Promise<ConversationSession[]>;
  /** Records (or replaces) the session's rating and feedback, whatever its status. */
  submitFeedback(tenantId: string, sessionId: string, feedback: SessionFeedback, options?: StoreCallOptions): Promise<ConversationSession>;
  /** Hands an active session to a human; a session already escalated stays as it was (first reason kept). */
  escalate(tenantId: string, sessionId: string, escalation: { readonly reason: string }, options?: StoreCallOptions): Promise<ConversationSession>;
  /** Closes the session; closing a closed session changes nothing. */
  close(tenantId: string, sessionId: string, options?: StoreCallOptions): Promise<ConversationSession>;
}
