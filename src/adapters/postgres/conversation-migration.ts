import type { PostgresMigration } from './postgres-migration.js';

/**
 * Version 1: chat sessions and messages (seeds 001 and 003).
 *
 * Access paths and their indexes: a session by (tenant, id) — the primary key; a user's sessions
 * newest first — `conversation_sessions_user`; a session's messages by sequence — the messages'
 * primary key. Messages carry their tenant, so no query ever has to join to know whose they are.
 *
 * @example
 * ```ts
 * await migrate({ pool, migrations: [conversationMigration] });
 * ```
 */
export const conversationMigration: PostgresMigration = {
  version: 1,
  name: 'conversation sessions and messages',
  up: ({ table, index }) => `
CREATE TABLE ${table('conversation_sessions')} (
  tenant_id text NOT NULL,
  id uuid NOT NULL,
  user_id text,
  session_type text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'escalated', 'closed')),
  context jsonb NOT NULL DEFAULT '{}'::jsonb,
  visitor_info jsonb,
  message_count integer NOT NULL DEFAULT 0,
  total_tokens bigint NOT NULL DEFAULT 0,
  total_cost_micros bigint NOT NULL DEFAULT 0,
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  feedback text,
  escalation_reason text,
  escalated_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX ${index('conversation_sessions_user')}
  ON ${table('conversation_sessions')} (tenant_id, user_id, created_at DESC, id DESC)
  WHERE user_id IS NOT NULL;
CREATE TABLE ${table('conversation_messages')} (
  tenant_id text NOT NULL,
  session_id uuid NOT NULL,
  sequence integer NOT NULL,
  id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
  sender text,
  content text NOT NULL,
  tokens integer NOT NULL DEFAULT 0,
  cost_micros bigint NOT NULL DEFAULT 0,
  response_time_ms integer,
  incomplete boolean NOT NULL DEFAULT false,
  metadata jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, session_id, sequence),
  FOREIGN KEY (tenant_id, session_id) REFERENCES ${table('conversation_sessions')} (tenant_id, id) ON DELETE CASCADE
);
`,
};
