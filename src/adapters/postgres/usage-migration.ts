import type { PostgresMigration } from './postgres-migration.js';
import { usageChargeSql } from './usage-charge-sql.js';

/**
 * Version 2: the usage ledger behind budgets (seeds 002 and 003).
 *
 * - `usage_buckets`: one row per budget counter (a session, a user's day, a tenant's day) with
 *   its settled (`used_*`) and in-flight (`reserved_*`) amounts, and its expiry on the caller's
 *   clock (epoch ms).
 * - `usage_reservations`: reservations not yet settled or released, so a crashed process's
 *   reservations can be released once they expire.
 * - `usage_records`: the ledger `getUsage` reads, one row per tenant, day, user, session,
 *   provider and model (empty strings stand for "none", so the primary key can cover them).
 * - Functions `usage_reserve`, `usage_settle` and `usage_release`: each is one statement from
 *   the client. They lock every bucket they touch once, in key order (`FOR UPDATE`, in
 *   `usage_prepare`), so concurrent reservations serialise per bucket, never overshoot a limit,
 *   and never deadlock each other.
 *
 * @example
 * ```ts
 * await migrate({ pool, migrations: [usageMigration] });
 * ```
 */
export const usageMigration: PostgresMigration = {
  version: 2,
  name: 'usage',
  up: ({ table, index }) => {
    const buckets = table('usage_buckets');
    const reservations = table('usage_reservations');
    const records = table('usage_records');
    return `
CREATE TABLE ${buckets} (
  key text PRIMARY KEY,
  used_cost bigint NOT NULL DEFAULT 0,
  used_tokens bigint NOT NULL DEFAULT 0,
  used_requests bigint NOT NULL DEFAULT 0,
  reserved_cost bigint NOT NULL DEFAULT 0,
  reserved_tokens bigint NOT NULL DEFAULT 0,
  reserved_requests bigint NOT NULL DEFAULT 0,
  expires_at bigint NOT NULL DEFAULT 0
);
CREATE INDEX ${index('usage_buckets_expiry')} ON ${buckets} (expires_at);

CREATE TABLE ${reservations} (
  id text PRIMARY KEY,
  keys text[] NOT NULL,
  cost bigint NOT NULL,
  tokens bigint NOT NULL,
  requests bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX ${index('usage_reservations_expiry')} ON ${reservations} (expires_at);

CREATE TABLE ${records} (
  tenant_id text NOT NULL,
  day date NOT NULL,
  user_id text NOT NULL DEFAULT '',
  session_id text NOT NULL DEFAULT '',
  provider text NOT NULL,
  model text NOT NULL,
  requests bigint NOT NULL DEFAULT 0,
  input_tokens bigint NOT NULL DEFAULT 0,
  output_tokens bigint NOT NULL DEFAULT 0,
  cost_micros bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, day, user_id, session_id, provider, model)
);
CREATE INDEX ${index('usage_records_user')} ON ${records} (tenant_id, user_id, day);

-- The one place buckets are locked: drops the reservations \`p_release\`, creates missing buckets
-- in key order, locks every bucket involved in key order (so callers never deadlock each other),
-- subtracts what the dropped reservations held, and resets expired buckets among \`p_keys\`.
CREATE FUNCTION ${table('usage_prepare')}(p_release text[], p_keys text[], p_now bigint) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  v_keys text[];
  v_cost bigint[];
  v_tokens bigint[];
  v_requests bigint[];
BEGIN
  WITH dropped AS (
    DELETE FROM ${reservations} WHERE id = ANY (p_release) RETURNING keys, cost, tokens, requests
  ), held AS (
    SELECT k AS key, sum(cost)::bigint AS cost, sum(tokens)::bigint AS tokens, sum(requests)::bigint AS requests
      FROM dropped, unnest(keys) AS k GROUP BY k
  )
  SELECT array_agg(key ORDER BY key), array_agg(cost ORDER BY key), array_agg(tokens ORDER BY key), array_agg(requests ORDER BY key)
    INTO v_keys, v_cost, v_tokens, v_requests FROM held;
  INSERT INTO ${buckets} (key) SELECT DISTINCT k FROM unnest(p_keys) AS k ORDER BY k ON CONFLICT (key) DO NOTHING;
  PERFORM 1 FROM ${buckets} WHERE key = ANY (p_keys || coalesce(v_keys, '{}')) ORDER BY key FOR UPDATE;
  IF v_keys IS NOT NULL THEN
    UPDATE ${buckets} AS b
       SET reserved_cost = b.reserved_cost - d.cost, reserved_tokens = b.reserved_tokens - d.tokens, reserved_requests = b.reserved_requests - d.requests
      FROM unnest(v_keys, v_cost, v_tokens, v_requests) AS d(key, cost, tokens, requests)
     WHERE b.key = d.key;
  END IF;
  UPDATE ${buckets}
     SET used_cost = 0, used_tokens = 0, used_requests = 0, reserved_cost = 0, reserved_tokens = 0, reserved_requests = 0, expires_at = 0
   WHERE key = ANY (p_keys) AND expires_at > 0 AND expires_at <= p_now;
END
$fn$;

CREATE FUNCTION ${table('usage_release')}(p_id text, p_now bigint) RETURNS void LANGUAGE sql AS $fn$
  SELECT ${table('usage_prepare')}(ARRAY[p_id], '{}'::text[], p_now);
$fn$;

CREATE FUNCTION ${table('usage_reserve')}(
  p_id text, p_keys text[], p_limits bigint[], p_expires bigint[],
  p_cost bigint, p_tokens bigint, p_requests bigint, p_now bigint, p_hold_until bigint
) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  v_abandoned text[];
  v_bucket record;
  v_amounts bigint[] := ARRAY[p_cost, p_tokens, p_requests];
  v_names text[] := ARRAY['costMicros', 'tokens', 'requests'];
  v_used bigint[];
  v_reserved bigint[];
  v_limit bigint;
BEGIN
  SELECT coalesce(array_agg(id), '{}') INTO v_abandoned FROM (
    SELECT id FROM ${reservations} WHERE expires_at <= p_now ORDER BY expires_at LIMIT 32 FOR UPDATE SKIP LOCKED
  ) AS expired;
  IF EXISTS (SELECT 1 FROM ${reservations} WHERE id = p_id) THEN RETURN '{"ok": true}'::jsonb; END IF;
  PERFORM ${table('usage_prepare')}(v_abandoned, p_keys, p_now);
  FOR i IN 1 .. coalesce(cardinality(p_keys), 0) LOOP
    SELECT * INTO v_bucket FROM ${buckets} WHERE key = p_keys[i];
    v_used := ARRAY[v_bucket.used_cost, v_bucket.used_tokens, v_bucket.used_requests];
    v_reserved := ARRAY[v_bucket.reserved_cost, v_bucket.reserved_tokens, v_bucket.reserved_requests];
    FOR m IN 1 .. 3 LOOP
      v_limit := p_limits[(i - 1) * 3 + m];
      IF v_limit IS NOT NULL AND v_used[m] + v_reserved[m] + v_amounts[m] > v_limit THEN
        RETURN jsonb_build_object('ok', false, 'index', i - 1, 'metric', v_names[m], 'limit', v_limit, 'used', v_used[m], 'reserved', v_reserved[m]);
      END IF;
    END LOOP;
  END LOOP;
  UPDATE ${buckets} AS b
     SET reserved_cost = b.reserved_cost + p_cost, reserved_tokens = b.reserved_tokens + p_tokens, reserved_requests = b.reserved_requests + p_requests,
         expires_at = greatest(b.expires_at, e.expires_at, p_hold_until)
    FROM unnest(p_keys, p_expires) AS e(key, expires_at)
   WHERE b.key = e.key;
  INSERT INTO ${reservations} (id, keys, cost, tokens, requests, expires_at) VALUES (p_id, p_keys, p_cost, p_tokens, p_requests, p_hold_until);
  RETURN '{"ok": true}'::jsonb;
END
$fn$;

CREATE FUNCTION ${table('usage_settle')}(
  p_id text, p_keys text[], p_expires bigint[], p_cost bigint, p_tokens bigint, p_requests bigint, p_now bigint,
  p_tenant text, p_day date, p_user text, p_session text, p_provider text, p_model text,
  p_record_requests bigint, p_input bigint, p_output bigint, p_record_cost bigint
) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
${usageChargeSql({ table, buckets, records })}END
$fn$;
`;
  },
};
