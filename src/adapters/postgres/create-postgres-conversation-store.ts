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
import type { ConversationMessage, ConversationSession, ConversationStatus, ConversationStore, JsonObject } from '../conversation-store.js';
import type { StoreCallOptions } from '../../core/store-call-options.js';
import { createPostgresPoolHandle } from './postgres-pool-handle.js';
import type { PostgresConnectionOptions } from './postgres-pool.js';
import { postgresTables } from './postgres-tables.js';
import { isUniqueViolation, runPostgresQuery } from './run-postgres-query.js';

/**
 * Options of {@link createPostgresConversationStore}.
 *
 * @example
 * ```ts
 * const options: PostgresConversationStoreOptions = { pool, schema: 'crm', tablePrefix: 'crmkit_' };
 * const store = createPostgresConversationStore(options);
 * ```
 */
export interface PostgresConversationStoreOptions extends PostgresConnectionOptions {
  /**
   * The largest message `content` accepted, in UTF-8 bytes; a longer one is refused with a
   * `ValidationError` before anything is written.
   * @default 262_144 (256 KiB)
   */
  readonly maxContentBytes?: number;
  /**
   * Source of `createdAt` / `updatedAt` (the application's clock, not the database's).
   * @default systemClock
   */
  readonly clock?: Clock;
  /**
   * Generates session and message ids (UUIDs).
   * @default crypto.randomUUID
   */
  readonly generateId?: () => string;
}

/**
 * A Postgres ConversationStore; `end()` closes the pool crmkit created from a connection string.
 *
 * @example
 * ```ts
 * const store: PostgresConversationStore = createPostgresConversationStore({ connectionString: process.env.DATABASE_URL });
 * process.once('SIGTERM', () => void store.end());
 * ```
 */
export interface PostgresConversationStore extends ConversationStore {
  /** Closes the pool when crmkit created it from `connectionString`; a host pool is left open. */
  end(): Promise<void>;
}

const adapter = 'postgres-conversation-store';

interface SessionRow {
  tenant_id: string;
  id: string;
  user_id: string | null;
  session_type: string;
  status: ConversationStatus;
  context: JsonObject;
  visitor_info: JsonObject | null;
  message_count: number;
  total_tokens: string | number;
  total_cost_micros: string | number;
  rating: number | null;
  feedback: string | null;
  escalation_reason: string | null;
  escalated_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

interface MessageRow {
  tenant_id: string;
  session_id: string;
  sequence: number;
  id: string;
  role: ConversationMessage['role'];
  sender: string | null;
  content: string;
  tokens: number;
  cost_micros: string | number;
  response_time_ms: number | null;
  incomplete: boolean;
  metadata: JsonObject | null;
  created_at: Date;
}

function toSession(row: SessionRow): ConversationSession {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    ...(row.user_id === null ? {} : { userId: row.user_id }),
    sessionType: row.session_type,
    status: row.status,
    context: row.context,
    ...(row.visitor_info === null ? {} : { visitorInfo: row.visitor_info }),
    messageCount: row.message_count,
    totalTokens: Number(row.total_tokens),
    totalCostMicros: Number(row.total_cost_micros),
    ...(row.rating === null ? {} : { rating: row.rating }),
    ...(row.feedback === null ? {} : { feedback: row.feedback }),
    ...(row.escalation_reason === null ? {} : { escalationReason: row.escalation_reason }),
    ...(row.escalated_at === null ? {} : { escalatedAt: row.escalated_at }),
    ...(row.closed_at === null ? {} : { closedAt: row.closed_at }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toMessage(row: MessageRow): ConversationMessage {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    sessionId: row.session_id,
    sequence: row.sequence,
    role: row.role,
    ...(row.sender === null ? {} : { sender: row.sender }),
    content: row.content,
    tokens: row.tokens,
    costMicros: Number(row.cost_micros),
    ...(row.response_time_ms === null ? {} : { responseTimeMs: row.response_time_ms }),
    incomplete: row.incomplete,
    ...(row.metadata === null ? {} : { metadata: row.metadata }),
    createdAt: row.created_at,
  };
}

/**
 * A ConversationStore on PostgreSQL (seed 003's `ai_chat_sessions` / `ai_chat_messages`, with
 * tenants). Run {@link migrate} first. Every statement is parameterised and filters on the
 * tenant; an append is one statement that bumps the session's counter under its row lock and
 * inserts the message with that number, so concurrent appends never lose a message or share a
 * sequence.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createPostgresConversationStore, migrate } from 'crmkit/adapters/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate({ pool });
 * const store = createPostgresConversationStore({ pool });
 * const session = await store.createSession('acme', { userId: 'u1' });
 * ```
 */
export function createPostgresConversationStore(options: PostgresConversationStoreOptions): PostgresConversationStore {
  const tables = postgresTables(options);
  const handle = createPostgresPoolHandle(options, adapter);
  const clock = options.clock ?? systemClock;
  const generateId = options.generateId ?? (() => crypto.randomUUID());
  const sessions = tables.table('conversation_sessions');
  const messages = tables.table('conversation_messages');

  const query = async (text: string, values: unknown[], callOptions: StoreCallOptions | undefined): Promise<unknown[]> => {
    const pool = await handle.get();
    return (await runPostgresQuery(pool, text, values, { adapter, signal: callOptions?.signal })).rows;
  };
  const readSession = async (tenantId: string, sessionId: string, callOptions: StoreCallOptions | undefined): Promise<ConversationSession | undefined> => {
    const [row] = (await query(`SELECT * FROM ${sessions} WHERE tenant_id = $1 AND id = $2`, [tenantId, sessionId], callOptions)) as SessionRow[];
    return row && toSession(row);
  };
  const requireSession = async (tenantId: string, sessionId: string, callOptions: StoreCallOptions | undefined): Promise<ConversationSession> => {
    const session = await readSession(tenantId, sessionId, callOptions);
    if (!session) throw sessionNotFound(adapter, sessionId);
    return session;
  };

  return {
    async createSession(tenantId, input, callOptions) {
      const checked = checkNewSession(input);
      const key = checkSessionKey(tenantId, checked.id ?? generateId(), 'createSession input');
      const now = new Date(clock.now());
      const rows = (await query(
        `INSERT INTO ${sessions} (tenant_id, id, user_id, session_type, status, context, visitor_info, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'active', $5::jsonb, $6::jsonb, $7, $7)
         ON CONFLICT (tenant_id, id) DO NOTHING
         RETURNING *`,
        [key.tenantId, key.sessionId, checked.userId ?? null, checked.sessionType, JSON.stringify(checked.context), checked.visitorInfo === undefined ? null : JSON.stringify(checked.visitorInfo), now],
        callOptions,
      )) as SessionRow[];
      if (!rows[0]) throw sessionExists(adapter, key.sessionId);
      return toSession(rows[0]);
    },

    async getSession(tenantId, sessionId, callOptions) {
      const key = checkSessionKey(tenantId, sessionId, 'getSession input');
      return readSession(key.tenantId, key.sessionId, callOptions);
    },

    async appendMessage(tenantId, sessionId, input, callOptions) {
      const key = checkSessionKey(tenantId, sessionId, 'appendMessage input');
      const checked = checkNewMessage(input, options.maxContentBytes);
      const now = new Date(clock.now());
      const values = [
        key.tenantId,
        key.sessionId,
        checked.tokens,
        checked.costMicros,
        now,
        checked.id ?? generateId(),
        checked.role,
        checked.sender ?? null,
        checked.content,
        checked.responseTimeMs ?? null,
        checked.incomplete,
        checked.metadata === undefined ? null : JSON.stringify(checked.metadata),
      ];
      // One statement: the UPDATE takes the session's row lock, so concurrent appends queue up
      // and each inserts under the count it just set. A message id the session already holds
      // (a retried append) skips the UPDATE and answers with the stored row.
      const text = `WITH applied AS (
           SELECT * FROM ${messages} WHERE tenant_id = $1 AND session_id = $2 AND id = $6
         ), bumped AS (
           UPDATE ${sessions}
              SET message_count = message_count + 1,
                  total_tokens = total_tokens + $3::integer,
                  total_cost_micros = total_cost_micros + $4::bigint,
                  updated_at = $5
            WHERE tenant_id = $1 AND id = $2 AND status <> 'closed' AND NOT EXISTS (SELECT 1 FROM applied)
        RETURNING message_count
         ), inserted AS (
           INSERT INTO ${messages} (tenant_id, session_id, sequence, id, role, sender, content, tokens, cost_micros, response_time_ms, incomplete, metadata, created_at)
           SELECT $1, $2, bumped.message_count, $6, $7, $8, $9, $3::integer, $4::bigint, $10, $11, $12::jsonb, $5 FROM bumped
           RETURNING *
         )
         SELECT * FROM inserted UNION ALL SELECT * FROM applied`;
      let rows: MessageRow[];
      try {
        rows = (await query(text, values, callOptions)) as MessageRow[];
      } catch (error) {
        // Two copies of one append raced (the first was still running when the retry arrived):
        // the unique message id let one commit; the second now finds it.
        if (!isUniqueViolation(error)) throw error;
        rows = (await query(text, values, callOptions)) as MessageRow[];
      }
      if (rows[0]) return toMessage(rows[0]);
      await requireSession(key.tenantId, key.sessionId, callOptions);
      throw sessionClosed(adapter, key.sessionId, 'append to');
    },

    async history(tenantId, sessionId, historyOptions) {
      const key = checkSessionKey(tenantId, sessionId, 'history input');
      const checked = checkHistoryOptions(historyOptions);
      const session = await requireSession(key.tenantId, key.sessionId, historyOptions);
      const window = historyWindow(checked, session.messageCount);
      if (window.last < window.first) return { messages: [], hasMore: false };
      const rows = (await query(
        `SELECT * FROM ${messages} WHERE tenant_id = $1 AND session_id = $2 AND sequence BETWEEN $3 AND $4 ORDER BY sequence`,
        [key.tenantId, key.sessionId, window.first, window.last],
        historyOptions,
      )) as MessageRow[];
      return { messages: rows.map(toMessage), hasMore: window.hasMore };
    },

    async listUserSessions(tenantId, userId, listOptions) {
      const tenant = checkTenantId(tenantId, 'listUserSessions input');
      const checked = checkListOptions(userId, listOptions);
      const rows = (await query(
        `SELECT * FROM ${sessions} WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3`,
        [tenant, checked.userId, checked.limit],
        listOptions,
      )) as SessionRow[];
      return rows.map(toSession);
    },

    async submitFeedback(tenantId, sessionId, feedback, callOptions) {
      const key = checkSessionKey(tenantId, sessionId, 'submitFeedback input');
      const checked = checkFeedback(feedback);
      const rows = (await query(
        `UPDATE ${sessions} SET rating = $3, feedback = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2 RETURNING *`,
        [key.tenantId, key.sessionId, checked.rating, checked.feedback ?? null, new Date(clock.now())],
        callOptions,
      )) as SessionRow[];
      if (!rows[0]) throw sessionNotFound(adapter, key.sessionId);
      return toSession(rows[0]);
    },

    async escalate(tenantId, sessionId, escalation, callOptions) {
      const key = checkSessionKey(tenantId, sessionId, 'escalate input');
      const checked = checkEscalation(escalation);
      const rows = (await query(
        `UPDATE ${sessions} SET status = 'escalated', escalation_reason = $3, escalated_at = $4, updated_at = $4
          WHERE tenant_id = $1 AND id = $2 AND status = 'active' RETURNING *`,
        [key.tenantId, key.sessionId, checked.reason, new Date(clock.now())],
        callOptions,
      )) as SessionRow[];
      if (rows[0]) return toSession(rows[0]);
      const session = await requireSession(key.tenantId, key.sessionId, callOptions);
      if (session.status === 'closed') throw sessionClosed(adapter, key.sessionId, 'escalate');
      return session;
    },

    async close(tenantId, sessionId, callOptions) {
      const key = checkSessionKey(tenantId, sessionId, 'close input');
      const rows = (await query(
        `UPDATE ${sessions} SET status = 'closed', closed_at = $3, updated_at = $3 WHERE tenant_id = $1 AND id = $2 AND status <> 'closed' RETURNING *`,
        [key.tenantId, key.sessionId, new Date(clock.now())],
        callOptions,
      )) as SessionRow[];
      if (rows[0]) return toSession(rows[0]);
      return requireSession(key.tenantId, key.sessionId, callOptions);
    },

    end: () => handle.end(),
  };
}
