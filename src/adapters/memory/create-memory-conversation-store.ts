import { throwIfAborted } from '../../core/abort.js';
import { systemClock, type Clock } from '../../core/clock.js';
import {
  checkEscalation,
  checkFeedback,
  checkHistoryOptions,
  checkListOptions,
  checkNewMessage,
  checkNewSession,
  checkSessionKey,
  checkTenantId,
  historyWindow,
} from '../conversation-input.js';
import { sessionClosed, sessionExists, sessionNotFound } from '../conversation-errors.js';
import type { ConversationMessage, ConversationSession, ConversationStore } from '../conversation-store.js';

/**
 * Options of {@link createMemoryConversationStore}.
 *
 * @example
 * ```ts
 * let next = 0;
 * const options: MemoryConversationStoreOptions = {
 *   clock: createManualClock(new Date('2025-11-21T09:00:00Z')),
 *   generateId: () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`,
 * };
 * const store = createMemoryConversationStore(options);
 * ```
 */
export interface MemoryConversationStoreOptions {
  /**
   * The largest message `content` accepted, in UTF-8 bytes; a longer one is refused with a
   * `ValidationError` before anything is written.
   * @default 262_144 (256 KiB)
   */
  readonly maxContentBytes?: number;
  /** Sessions to start with (for tests and demos); their messages go in `messages`. */
  readonly sessions?: readonly ConversationSession[];
  /** Messages to start with, each belonging to one of `sessions`, in sequence order. */
  readonly messages?: readonly ConversationMessage[];
  /**
   * Source of `createdAt` / `updatedAt`.
   * @default systemClock
   */
  readonly clock?: Clock;
  /**
   * Generates session and message ids.
   * @default crypto.randomUUID
   */
  readonly generateId?: () => string;
}

const adapter = 'memory-conversation-store';

interface SessionEntry {
  session: ConversationSession;
  messages: ConversationMessage[];
  /** Message id → message, so an append retried with the same id is applied once. */
  ids: Map<string, ConversationMessage>;
}

/**
 * A ConversationStore in process memory: the embedded default, and the reference the contract
 * suite holds every other store to. Nothing survives a restart.
 *
 * @example
 * ```ts
 * import { createMemoryConversationStore } from 'crmkit';
 *
 * const store = createMemoryConversationStore();
 * const session = await store.createSession('acme', { userId: 'u1' });
 * await store.appendMessage('acme', session.id, { role: 'user', content: 'Hello' });
 * ```
 */
export function createMemoryConversationStore(options: MemoryConversationStoreOptions = {}): ConversationStore {
  const clock = options.clock ?? systemClock;
  const generateId = options.generateId ?? (() => crypto.randomUUID());
  // Keyed by tenant first, so a lookup can never cross tenants whatever the id.
  const tenants = new Map<string, Map<string, SessionEntry>>();

  const sessionsOf = (tenantId: string): Map<string, SessionEntry> => {
    let sessions = tenants.get(tenantId);
    if (!sessions) {
      sessions = new Map();
      tenants.set(tenantId, sessions);
    }
    return sessions;
  };
  const entryOf = (tenantId: string, sessionId: string): SessionEntry => {
    const entry = tenants.get(tenantId)?.get(sessionId);
    if (!entry) throw sessionNotFound(adapter, sessionId);
    return entry;
  };
  const update = (entry: SessionEntry, changes: Partial<ConversationSession>): ConversationSession => {
    entry.session = { ...entry.session, ...changes, updatedAt: new Date(clock.now()) };
    return entry.session;
  };

  for (const session of options.sessions ?? []) {
    sessionsOf(session.tenantId).set(session.id, { session, messages: [], ids: new Map() });
  }
  for (const message of options.messages ?? []) {
    const entry = entryOf(message.tenantId, message.sessionId);
    entry.messages.push(message);
    entry.ids.set(message.id, message);
  }

  return {
    async createSession(tenantId, input, callOptions) {
      throwIfAborted(callOptions?.signal);
      const checked = checkNewSession(input);
      const { tenantId: tenant, sessionId: id } = checkSessionKey(tenantId, checked.id ?? generateId(), 'createSession input');
      const sessions = sessionsOf(tenant);
      if (sessions.has(id)) throw sessionExists(adapter, id);
      const now = new Date(clock.now());
      const session: ConversationSession = {
        id,
        tenantId: tenant,
        ...(checked.userId === undefined ? {} : { userId: checked.userId }),
        sessionType: checked.sessionType,
        status: 'active',
        context: checked.context,
        ...(checked.visitorInfo === undefined ? {} : { visitorInfo: checked.visitorInfo }),
        messageCount: 0,
        totalTokens: 0,
        totalCostMicros: 0,
        createdAt: now,
        updatedAt: now,
      };
      sessions.set(id, { session, messages: [], ids: new Map() });
      return session;
    },

    async getSession(tenantId, sessionId, callOptions) {
      throwIfAborted(callOptions?.signal);
      const key = checkSessionKey(tenantId, sessionId, 'getSession input');
      return tenants.get(key.tenantId)?.get(key.sessionId)?.session;
    },

    async appendMessage(tenantId, sessionId, input, callOptions) {
      throwIfAborted(callOptions?.signal);
      const key = checkSessionKey(tenantId, sessionId, 'appendMessage input');
      const checked = checkNewMessage(input, options.maxContentBytes);
      const entry = entryOf(key.tenantId, key.sessionId);
      const applied = checked.id === undefined ? undefined : entry.ids.get(checked.id);
      if (applied) return applied;
      if (entry.session.status === 'closed') throw sessionClosed(adapter, key.sessionId, 'append to');
      const message: ConversationMessage = {
        id: checked.id ?? generateId(),
        tenantId: key.tenantId,
        sessionId: key.sessionId,
        sequence: entry.messages.length + 1,
        role: checked.role,
        ...(checked.sender === undefined ? {} : { sender: checked.sender }),
        content: checked.content,
        tokens: checked.tokens,
        costMicros: checked.costMicros,
        ...(checked.responseTimeMs === undefined ? {} : { responseTimeMs: checked.responseTimeMs }),
        incomplete: checked.incomplete,
        ...(checked.metadata === undefined ? {} : { metadata: checked.metadata }),
        createdAt: new Date(clock.now()),
      };
      entry.messages.push(message);
      entry.ids.set(message.id, message);
      update(entry, {
        messageCount: entry.session.messageCount + 1,
        totalTokens: entry.session.totalTokens + message.tokens,
        totalCostMicros: entry.session.totalCostMicros + message.costMicros,
      });
      return message;
    },

    async history(tenantId, sessionId, historyOptions) {
      throwIfAborted(historyOptions?.signal);
      const key = checkSessionKey(tenantId, sessionId, 'history input');
      const checked = checkHistoryOptions(historyOptions);
      const entry = entryOf(key.tenantId, key.sessionId);
      const window = historyWindow(checked, entry.messages.length);
      return { messages: entry.messages.slice(window.first - 1, window.last), hasMore: window.hasMore };
    },

    async listUserSessions(tenantId, userId, listOptions) {
      throwIfAborted(listOptions?.signal);
      const tenant = checkTenantId(tenantId, 'listUserSessions input');
      const checked = checkListOptions(userId, listOptions);
      const sessions = [...(tenants.get(tenant)?.values() ?? [])].map((entry) => entry.session).filter((session) => session.userId === checked.userId);
      sessions.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      return sessions.slice(0, checked.limit);
    },

    async submitFeedback(tenantId, sessionId, feedback, callOptions) {
      throwIfAborted(callOptions?.signal);
      const key = checkSessionKey(tenantId, sessionId, 'submitFeedback input');
      const checked = checkFeedback(feedback);
      const entry = entryOf(key.tenantId, key.sessionId);
      const { feedback: _previous, ...rest } = entry.session;
      entry.session = rest;
      return update(entry, { rating: checked.rating, ...(checked.feedback === undefined ? {} : { feedback: checked.feedback }) });
    },

    async escalate(tenantId, sessionId, escalation, callOptions) {
      throwIfAborted(callOptions?.signal);
      const key = checkSessionKey(tenantId, sessionId, 'escalate input');
      const checked = checkEscalation(escalation);
      const entry = entryOf(key.tenantId, key.sessionId);
      if (entry.session.status === 'closed') throw sessionClosed(adapter, key.sessionId, 'escalate');
      if (entry.session.status === 'escalated') return entry.session;
      const now = new Date(clock.now());
      return update(entry, { status: 'escalated', escalationReason: checked.reason, escalatedAt: now });
    },

    async close(tenantId, sessionId, callOptions) {
      throwIfAborted(callOptions?.signal);
      const key = checkSessionKey(tenantId, sessionId, 'close input');
      const entry = entryOf(key.tenantId, key.sessionId);
      if (entry.session.status === 'closed') return entry.session;
      return update(entry, { status: 'closed', closedAt: new Date(clock.now()) });
    },
  };
}
