import type { PostgresMigration } from './postgres-migration.js';
import { usageChargeSql } from './usage-charge-sql.js';

/**
 * Version 4: an append is applied once per message id. A unique index on a message's
 * `(tenant_id, session_id, id)`: an append carrying a message id the session already holds returns
 * that message instead of adding a copy, and two racing copies of one append cannot both commit.
 * Needs version 1.
 *
 * @example
 * ```ts
 * await migrate({ pool, migrations: [conversationMigration, messageIdMigration] });
 * ```
 */
export const messageIdMigration: PostgresMigration = {
  version: 4,
  name: 'idempotent appends',
  up: ({ table, index }) => `
CREATE UNIQUE INDEX ${index('conversation_messages_id')} ON ${table('conversation_messages')} (tenant_id, session_id, id);
`,
};

/**
 * Version 5: a settle or release is applied once per reservation id, and a late copy of a reserve
 * cannot bring back a reservation that already finished. `usage_finished` keeps the ids of
 * reservations settled (`s`) or released (`r`) until the buckets they charged expire (a day for a
 * release). `usage_settle` and `usage_release` record the id in the same transaction as their
 * change and skip a repeat; `usage_reserve_once` answers "ok" for a finished id, also when the
 * reservation finished while this copy waited for the bucket locks (the copy sent before its
 * connection broke, still running on the server while the caller's retry went through). Needs
 * version 2.
 *
 * @example
 * ```ts
 * await migrate({ pool, migrations: [usageMigration, settlementIdMigration] });
 * ```
 */
export const settlementIdMigration: PostgresMigration = {
  version: 5,
  name: 'idempotent settlements',
  up: ({ table, index }) => {
    const finished = table('usage_finished');
    const buckets = table('usage_buckets');
    const records = table('usage_records');
    return `
CREATE TABLE ${finished} (
  id text PRIMARY KEY,
  kind char(1) NOT NULL CHECK (kind IN ('s', 'r')),
  expires_at bigint NOT NULL
);
CREATE INDEX ${index('usage_finished_expiry')} ON ${finished} (expires_at);

CREATE OR REPLACE FUNCTION ${table('usage_settle')}(
  p_id text, p_keys text[], p_expires bigint[], p_cost bigint, p_tokens bigint, p_requests bigint, p_now bigint,
  p_tenant text, p_day date, p_user text, p_session text, p_provider text, p_model text,
  p_record_requests bigint, p_input bigint, p_output bigint, p_record_cost bigint
) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  -- A concurrent copy of this settle waits here on the uncommitted id, then sees the conflict.
  -- A released reservation can still be settled (the call did happen), once.
  INSERT INTO ${finished} AS f (id, kind, expires_at)
  VALUES (p_id, 's', greatest(p_now + 86400000, (SELECT max(e) FROM unnest(p_expires) AS e)))
  ON CONFLICT (id) DO UPDATE SET kind = 's', expires_at = EXCLUDED.expires_at WHERE f.kind <> 's';
  IF NOT FOUND THEN RETURN; END IF;
  DELETE FROM ${finished} WHERE id IN (
    SELECT id FROM ${finished} WHERE expires_at <= p_now ORDER BY expires_at LIMIT 32 FOR UPDATE SKIP LOCKED
  );
${usageChargeSql({ table, buckets, records })}END
$fn$;

CREATE OR REPLACE FUNCTION ${table('usage_release')}(p_id text, p_now bigint) RETURNS void LANGUAGE sql AS $fn$
  INSERT INTO ${finished} (id, kind, expires_at) VALUES (p_id, 'r', p_now + 86400000) ON CONFLICT (id) DO NOTHING;
  SELECT ${table('usage_prepare')}(ARRAY[p_id], '{}'::text[], p_now);
$fn$;

CREATE FUNCTION ${table('usage_reserve_once')}(
  p_id text, p_keys text[], p_limits bigint[], p_expires bigint[],
  p_cost bigint, p_tokens bigint, p_requests bigint, p_now bigint, p_hold_until bigint
) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  v_result jsonb;
BEGIN
  IF EXISTS (SELECT 1 FROM ${finished} WHERE id = p_id) THEN RETURN '{"ok": true}'::jsonb; END IF;
  v_result := ${table('usage_reserve')}(p_id, p_keys, p_limits, p_expires, p_cost, p_tokens, p_requests, p_now, p_hold_until);
  -- Each statement sees what committed before it: the reservation may have been settled or
  -- released by the caller's retry while this copy waited for the bucket locks.
  IF EXISTS (SELECT 1 FROM ${finished} WHERE id = p_id) THEN
    PERFORM ${table('usage_prepare')}(ARRAY[p_id], '{}'::text[], p_now);
    RETURN '{"ok": true}'::jsonb;
  END IF;
  RETURN v_result;
END
$fn$;
`;
  },
};
