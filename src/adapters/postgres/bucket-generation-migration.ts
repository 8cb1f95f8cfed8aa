import type { PostgresMigration } from './postgres-migration.js';

/**
 * Version 7: a reservation is released only from the bucket it was made on. A bucket that expired
 * is reset when a later call charges its key, while reservations made on it may still be listed
 * (a settle does not sweep them); releasing one then used to subtract its amounts from the new
 * window, which let a later call past the limit. Every bucket now carries a `generation`, a fresh
 * value from a sequence when its row is made or reset; a reservation records the generation of
 * each bucket it holds, and `usage_prepare` subtracts only where they still match. Rows and
 * reservations from before this migration have generation 0 and match only each other. Replaces
 * `usage_prepare` and `usage_reserve` (same signatures). Needs version 2.
 *
 * @example
 * ```ts
 * await migrate({ pool, migrations: [usageMigration, settlementIdMigration, bucketGenerationMigration] });
 * ```
 */
export const bucketGenerationMigration: PostgresMigration = {
  version: 7,
  name: 'bucket generations',
  up: ({ table }) => {
    const buckets = table('usage_buckets');
    const reservations = table('usage_reservations');
    const generations = table('usage_bucket_generations');
    return `
CREATE SEQUENCE ${generations};
-- Existing rows keep generation 0 (no table rewrite); new rows and resets draw from the sequence,
-- so a key's generation never repeats, even if a host deletes expired bucket rows.
ALTER TABLE ${buckets} ADD COLUMN generation bigint NOT NULL DEFAULT 0;
ALTER TABLE ${buckets} ALTER COLUMN generation SET DEFAULT nextval('${generations}');
-- One per key, in \`keys\` order; NULL for reservations made before this migration (generation 0).
ALTER TABLE ${reservations} ADD COLUMN generations bigint[];

CREATE OR REPLACE FUNCTION ${table('usage_prepare')}(p_release text[], p_keys text[], p_now bigint) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  v_keys text[];
  v_generations bigint[];
  v_cost bigint[];
  v_tokens bigint[];
  v_requests bigint[];
BEGIN
  WITH dropped AS (
    DELETE FROM ${reservations} WHERE id = ANY (p_release) RETURNING keys, generations, cost, tokens, requests
  ), held AS (
    SELECT h.key, coalesce(h.generation, 0) AS generation, sum(cost)::bigint AS cost, sum(tokens)::bigint AS tokens, sum(requests)::bigint AS requests
      FROM dropped, unnest(keys, generations) AS h(key, generation) GROUP BY 1, 2
  )
  SELECT array_agg(key ORDER BY key), array_agg(generation ORDER BY key), array_agg(cost ORDER BY key), array_agg(tokens ORDER BY key), array_agg(requests ORDER BY key)
    INTO v_keys, v_generations, v_cost, v_tokens, v_requests FROM held;
  -- Only keys without a row: ON CONFLICT alone would draw a generation for every key, every call.
  INSERT INTO ${buckets} (key)
  SELECT DISTINCT k FROM unnest(p_keys) AS k WHERE NOT EXISTS (SELECT 1 FROM ${buckets} AS b WHERE b.key = k) ORDER BY k
  ON CONFLICT (key) DO NOTHING;
  PERFORM 1 FROM ${buckets} WHERE key = ANY (p_keys || coalesce(v_keys, '{}')) ORDER BY key FOR UPDATE;
  IF v_keys IS NOT NULL THEN
    -- Only from the bucket the reservation was made on: a newer one under the key never held it.
    UPDATE ${buckets} AS b
       SET reserved_cost = b.reserved_cost - d.cost, reserved_tokens = b.reserved_tokens - d.tokens, reserved_requests = b.reserved_requests - d.requests
      FROM unnest(v_keys, v_generations, v_cost, v_tokens, v_requests) AS d(key, generation, cost, tokens, requests)
     WHERE b.key = d.key AND b.generation = d.generation;
  END IF;
  UPDATE ${buckets}
     SET used_cost = 0, used_tokens = 0, used_requests = 0, reserved_cost = 0, reserved_tokens = 0, reserved_requests = 0, expires_at = 0,
         generation = nextval('${generations}')
   WHERE key = ANY (p_keys) AND expires_at > 0 AND expires_at <= p_now;
END
$fn$;

CREATE OR REPLACE FUNCTION ${table('usage_reserve')}(
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
  v_generations bigint[] := '{}';
BEGIN
  SELECT coalesce(array_agg(id), '{}') INTO v_abandoned FROM (
    SELECT id FROM ${reservations} WHERE expires_at <= p_now ORDER BY expires_at LIMIT 32 FOR UPDATE SKIP LOCKED
  ) AS expired;
  IF EXISTS (SELECT 1 FROM ${reservations} WHERE id = p_id) THEN RETURN '{"ok": true}'::jsonb; END IF;
  PERFORM ${table('usage_prepare')}(v_abandoned, p_keys, p_now);
  FOR i IN 1 .. coalesce(cardinality(p_keys), 0) LOOP
    SELECT * INTO v_bucket FROM ${buckets} WHERE key = p_keys[i];
    -- Locked (usage_prepare) until commit: the generation this reservation is made on.
    v_generations := v_generations || v_bucket.generation;
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
  INSERT INTO ${reservations} (id, keys, generations, cost, tokens, requests, expires_at)
  VALUES (p_id, p_keys, v_generations, p_cost, p_tokens, p_requests, p_hold_until);
  RETURN '{"ok": true}'::jsonb;
END
$fn$;
`;
  },
};
