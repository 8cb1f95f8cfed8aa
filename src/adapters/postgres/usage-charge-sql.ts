/**
 * The body of `usage_settle` that charges a settlement: drops the reservation, adds the actual
 * amounts to the buckets and the record to the ledger. Shared by migration 2 (which created the
 * function) and migration 4 (which put the once-only check in front of it).
 *
 * @internal
 */
export function usageChargeSql({ table, buckets, records }: { table: (name: string) => string; buckets: string; records: string }): string {
  return `  PERFORM ${table('usage_prepare')}(ARRAY[p_id], p_keys, p_now);
  UPDATE ${buckets} AS b
     SET used_cost = b.used_cost + p_cost, used_tokens = b.used_tokens + p_tokens, used_requests = b.used_requests + p_requests,
         expires_at = greatest(b.expires_at, e.expires_at)
    FROM unnest(p_keys, p_expires) AS e(key, expires_at)
   WHERE b.key = e.key;
  IF p_tenant IS NOT NULL THEN
    INSERT INTO ${records} AS r (tenant_id, day, user_id, session_id, provider, model, requests, input_tokens, output_tokens, cost_micros)
    VALUES (p_tenant, p_day, p_user, p_session, p_provider, p_model, p_record_requests, p_input, p_output, p_record_cost)
    ON CONFLICT (tenant_id, day, user_id, session_id, provider, model) DO UPDATE
      SET requests = r.requests + EXCLUDED.requests, input_tokens = r.input_tokens + EXCLUDED.input_tokens,
          output_tokens = r.output_tokens + EXCLUDED.output_tokens, cost_micros = r.cost_micros + EXCLUDED.cost_micros;
  END IF;
`;
}
