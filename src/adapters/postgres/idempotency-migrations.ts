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
 * Version 5: a settle is applied once per reservation id. `usage_settlements` keeps the ids of
 * reservations already settled until the buckets they charged expire; `usage_settle` records the
 * id in the same transaction as the charge and does nothing when it is already there, so a settle
 * repeated after a lost reply (or resent by a proxy or driver) charges once. Needs version 2.
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
    const settlements = table('usage_settlements');
    const buckets = table('usage_buckets');
    const records = table('usage_records');
    return `
CREATE TABLE ${settlements} (
  id text PRIMARY KEY,
  expires_at bigint NOT NULL
);
CREATE INDEX ${index('usage_settlements_expiry')} ON ${settlements} (expires_at);

CREATE OR REPLACE FUNCTION ${table('usage_settle')}(
  p_id text, p_keys text[], p_expires bigint[], p_cost bigint, p_tokens bigint, p_requests bigint, p_now bigint,
  p_tenant text, p_day date, p_user text, p_session text, p_provider text, p_model text,
  p_record_requests bigint, p_input bigint, p_output bigint, p_record_cost bigint
) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  -- A concurrent copy of this settle waits here on the uncommitted id, then sees the conflict.
  INSERT INTO ${settlements} (id, expires_at)
  VALUES (p_id, greatest(p_now + 86400000, (SELECT max(e) FROM unnest(p_expires) AS e)))
  ON CONFLICT (id) DO NOTHING;
  IF NOT FOUND THEN RETURN; END IF;
  DELETE FROM ${settlements} WHERE id IN (
    SELECT id FROM ${settlements} WHERE expires_at <= p_now ORDER BY expires_at LIMIT 32 FOR UPDATE SKIP LOCKED
  );
${usageChargeSql({ table, buckets, records })}END
$fn$;
`;
  },
};
