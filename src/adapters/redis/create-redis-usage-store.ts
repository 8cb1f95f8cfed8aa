import { checkRelease, checkReserve, checkSettle } from '../usage/usage-input.js';
import { parseInput } from '../../core/validate.js';
import { AdapterError } from '../adapter-error.js';
import { createRedisClientHandle, type RedisConnectionOptions } from './create-redis-client-handle.js';
import { defaultRedisCommandTimeoutMs, redisScript, runRedisCommand, runRedisScript, type RedisScript } from './run-redis-command.js';
import type { StoreCallOptions } from '../../core/store-call-options.js';
import { summarizeUsage } from '../usage/summarize-usage.js';
import { usageQuerySchema } from '../../core/usage/usage-query-schema.js';
import type { BucketState, UsageMetric, UsageRecord, UsageStore } from '../../core/usage/usage-store.js';

/**
 * The part of a Redis client the usage store needs: `ioredis`' `Redis` fits.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 *
 * const client: RedisUsageClient = new Redis(process.env.REDIS_URL!);
 * ```
 */
export interface RedisUsageClient {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * Options of {@link createRedisUsageStore}.
 *
 * @example
 * ```ts
 * const options: RedisUsageStoreOptions = { url: 'redis://127.0.0.1:6379', keyPrefix: 'myapp:usage:' };
 * ```
 */
export interface RedisUsageStoreOptions extends Pick<RedisConnectionOptions<RedisUsageClient>, 'connectTimeoutMs' | 'commandTimeoutMs'> {
  /** The host's ioredis client (left open by `end()`). Give this or `url`. */
  readonly client?: RedisUsageClient;
  /** A `redis://` URL; crmkit loads `ioredis` on first use, owns the client, and `end()` closes it. */
  readonly url?: string;
  /**
   * Prefix of every key. A call that names its tenant (the budget wrapper's do) keeps its keys
   * under `<keyPrefix>{<tenant>}:`, one Redis Cluster slot per tenant. A prefix with a hash tag of
   * its own (`'crmkit:{usage}:'`) puts the whole ledger in that one slot instead.
   * @default 'crmkit:usage:'
   */
  readonly keyPrefix?: string;
}

/**
 * A Redis {@link UsageStore}; `end()` closes the client crmkit created from a URL.
 *
 * @example
 * ```ts
 * const store: RedisUsageStore = createRedisUsageStore({ url: 'redis://127.0.0.1:6379' });
 * await store.end();
 * ```
 */
export interface RedisUsageStore extends UsageStore {
  end(): Promise<void>;
}

const adapter = 'redis-usage-store';

// Bucket hash fields: used (uc, ut, ur), reserved (rc, rt, rr), `x`, the expiry on the caller's
// clock, and `g`, the bucket's generation. Expiry is decided by `x` against the caller's `now` (so
// injected clocks work); the Redis TTL, set relative to `now`, only garbage-collects. Negative
// amounts are written as `0 - x`, never `-x`: Lua's `-0` reaches Redis as "-0", which HINCRBY
// rejects.
//
// A bucket that expired is deleted and the next charge on its key opens a new one, while
// reservations made on the old one may still be listed (a settle does not sweep). Each bucket gets
// a generation from the slot's counter when it is opened, and a reservation records the generation
// of every bucket it holds: a release subtracts only from the very bucket it reserved on, never
// from a newer one under the same key (whose limit that would open). Buckets and reservations
// written before generations existed have none (''), and match only each other.
const releaseFunction = `
local function release(prefix, zset, id)
  local reservation = prefix .. 'r:' .. id
  local held = redis.call('HMGET', reservation, 'keys', 'c', 't', 'r', 'g')
  if held[1] then
    local generations = held[5] and cjson.decode(held[5]) or {}
    for i, bucket in ipairs(cjson.decode(held[1])) do
      local generation, current = generations[i] or '', redis.call('HGET', bucket, 'g')
      local same
      if current then same = current == generation else same = generation == '' and redis.call('EXISTS', bucket) == 1 end
      if same then
        redis.call('HINCRBY', bucket, 'rc', 0 - tonumber(held[2]))
        redis.call('HINCRBY', bucket, 'rt', 0 - tonumber(held[3]))
        redis.call('HINCRBY', bucket, 'rr', 0 - tonumber(held[4]))
      end
    end
    redis.call('DEL', reservation)
  end
  redis.call('ZREM', zset, id)
end
local function touch(bucket, expiresAt, now)
  local x = tonumber(redis.call('HGET', bucket, 'x') or '0')
  if expiresAt > x then
    redis.call('HSET', bucket, 'x', expiresAt)
    x = expiresAt
  end
  redis.call('PEXPIRE', bucket, math.max(1, x - now) + 86400000)
end
-- Deletes the bucket if it expired. Returns the live bucket's generation ('' for one written
-- before generations), or nil when there is none.
local function fresh(bucket, now)
  local state = redis.call('HMGET', bucket, 'x', 'g')
  if state[1] then
    if tonumber(state[1]) <= now then
      redis.call('DEL', bucket)
      return nil
    end
    return state[2] or ''
  end
  if redis.call('EXISTS', bucket) == 1 then return state[2] or '' end
  return nil
end
-- The generation of the live bucket (\`generation\`, from fresh), or of a new one opened now.
local function open(prefix, bucket, generation)
  if generation then return generation end
  generation = tostring(redis.call('INCR', prefix .. 'generation'))
  redis.call('HSET', bucket, 'g', generation)
  return generation
end
`;

const scripts = {
  // KEYS: reservations zset, buckets… ARGV: prefix, now, reservationExpiresAt, id, cost, tokens,
  // requests, then per bucket: cost limit, token limit, request limit ('' = none), expiresAt.
  reserve: `${releaseFunction}
local prefix, now, holdUntil, id = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
for _, abandoned in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 32)) do release(prefix, KEYS[1], abandoned) end
-- Held already, or settled (a late copy of this reserve must not hold it again): nothing to do.
if redis.call('EXISTS', prefix .. 'r:' .. id) == 1 or redis.call('EXISTS', prefix .. 's:' .. id) == 1 then return {1} end
local amounts = {tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])}
local names = {'costMicros', 'tokens', 'requests'}
local live = {}
for i = 2, #KEYS do
  live[i] = fresh(KEYS[i], now)
  local state = redis.call('HMGET', KEYS[i], 'uc', 'ut', 'ur', 'rc', 'rt', 'rr')
  local base = 7 + (i - 2) * 4
  for m = 1, 3 do
    local limit = ARGV[base + m]
    if limit ~= '' then
      local used, reserved = tonumber(state[m] or '0'), tonumber(state[m + 3] or '0')
      if used + reserved + amounts[m] > tonumber(limit) then return {0, i - 2, names[m], limit, tostring(used), tostring(reserved)} end
    end
  end
end
local keys, generations, opened = {}, {}, {}
for i = 2, #KEYS do
  -- A key listed twice is opened once.
  local generation = open(prefix, KEYS[i], live[i] or opened[KEYS[i]])
  opened[KEYS[i]] = generation
  generations[#generations + 1] = generation
  redis.call('HINCRBY', KEYS[i], 'rc', amounts[1])
  redis.call('HINCRBY', KEYS[i], 'rt', amounts[2])
  redis.call('HINCRBY', KEYS[i], 'rr', amounts[3])
  touch(KEYS[i], math.max(tonumber(ARGV[7 + (i - 2) * 4 + 4]), holdUntil), now)
  keys[#keys + 1] = KEYS[i]
end
local reservation = prefix .. 'r:' .. id
redis.call('HSET', reservation, 'keys', cjson.encode(keys), 'g', cjson.encode(generations), 'c', amounts[1], 't', amounts[2], 'r', amounts[3])
redis.call('PEXPIRE', reservation, math.max(1, holdUntil - now) + 86400000)
redis.call('ZADD', KEYS[1], holdUntil, id)
return {1}`,
  // KEYS: reservations zset, ledger hash, ledger days set, buckets… ARGV: prefix, now, id, cost,
  // tokens, requests, ledger field ('' = no record), day, record requests, input, output, cost,
  // then per bucket: expiresAt.
  // Applied once per reservation id: the first run leaves a marker (kept until the charged
  // buckets expire), and a repeat — the client resending the script after a reconnect, or the
  // caller retrying — finds it and changes nothing.
  settle: `${releaseFunction}
local prefix, now = ARGV[1], tonumber(ARGV[2])
local settled = prefix .. 's:' .. ARGV[3]
if redis.call('EXISTS', settled) == 1 then return {2} end
local keep = now + 86400000
for i = 13, #ARGV do keep = math.max(keep, tonumber(ARGV[i])) end
redis.call('SET', settled, '1', 'PX', math.max(1, keep - now))
release(prefix, KEYS[1], ARGV[3])
for i = 4, #KEYS do
  open(prefix, KEYS[i], fresh(KEYS[i], now))
  redis.call('HINCRBY', KEYS[i], 'uc', ARGV[4])
  redis.call('HINCRBY', KEYS[i], 'ut', ARGV[5])
  redis.call('HINCRBY', KEYS[i], 'ur', ARGV[6])
  touch(KEYS[i], tonumber(ARGV[12 + i - 3]), now)
end
if ARGV[7] ~= '' then
  redis.call('HINCRBY', KEYS[2], ARGV[7] .. '#q', ARGV[9])
  redis.call('HINCRBY', KEYS[2], ARGV[7] .. '#i', ARGV[10])
  redis.call('HINCRBY', KEYS[2], ARGV[7] .. '#o', ARGV[11])
  redis.call('HINCRBY', KEYS[2], ARGV[7] .. '#c', ARGV[12])
  redis.call('SADD', KEYS[3], ARGV[8])
end
return {1}`,
  // KEYS: reservations zset. ARGV: prefix, id.
  release: `${releaseFunction}
release(ARGV[1], KEYS[1], ARGV[2])
return {1}`,
  // KEYS: buckets… ARGV: none.
  read: `
local states = {}
for i = 1, #KEYS do states[i] = redis.call('HMGET', KEYS[i], 'uc', 'ut', 'ur', 'rc', 'rt', 'rr') end
return states`,
  // KEYS: ledger days set. ARGV: ledger key prefix, from ('' = open), to ('' = open).
  ledger: `
local rows = {}
for _, day in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if (ARGV[2] == '' or day >= ARGV[2]) and (ARGV[3] == '' or day <= ARGV[3]) then
    rows[#rows + 1] = {day, redis.call('HGETALL', ARGV[1] .. day)}
  end
end
return rows`,
} as const;

type ScriptName = keyof typeof scripts;
const compiled = Object.fromEntries(Object.entries(scripts).map(([name, body]) => [name, redisScript(body)])) as Record<ScriptName, RedisScript>;

const metricOrder: readonly UsageMetric[] = ['costMicros', 'tokens', 'requests'];
const limitArgument = (value: number | undefined): string => (value === undefined ? '' : String(value));

/**
 * A {@link UsageStore} on Redis, shared by every process that points at the same Redis and
 * prefix. Each reserve, settle and release is one Lua script, so it is atomic: concurrent
 * reservations from any number of processes never overshoot a limit. Expired reservations (their
 * process died) are released by later reserves. Loads `ioredis` lazily when given a URL.
 *
 * @example
 * ```ts
 * import { createRedisUsageStore } from 'crmkit/adapters/redis';
 * import { withBudget } from 'crmkit';
 *
 * const store = createRedisUsageStore({ url: process.env.REDIS_URL! });
 * const budgeted = withBudget(provider, { store, limits: { perTenantDaily: { costMicros: 100_000_000 } } });
 * ```
 */
export function createRedisUsageStore(options: RedisUsageStoreOptions): RedisUsageStore {
  const handle = createRedisClientHandle(options, adapter);
  const prefix = options.keyPrefix ?? 'crmkit:usage:';
  // Every key of one call lives in one slot: the tenant's (`<prefix>{<tenant>}:…`) when the call
  // names its tenant, so tenants spread over a Redis Cluster's shards; or the prefix's own hash tag
  // when it has one (then one slot for the whole ledger). Reservations name their buckets and
  // abandoned ones are swept by later reserves, so the scripts also reach keys they read (and the
  // slot's bucket generation counter, `<slot>generation`): all of them in that same slot.
  const prefixTagged = /\{[^}]+\}/.test(prefix);
  const cluster = (options.client as { isCluster?: boolean } | undefined)?.isCluster === true;
  const slotOf = (tenantId: string | undefined): string => {
    if (prefixTagged) return prefix;
    if (tenantId !== undefined) return `${prefix}{${encodeURIComponent(tenantId)}}:`;
    if (cluster) {
      throw new AdapterError(`${adapter}: on Redis Cluster every call needs its \`tenantId\` (the budget wrapper passes it), or put a hash tag in \`keyPrefix\` (e.g. 'crmkit:{usage}:')`, {
        kind: 'invalid_state',
        adapter,
      });
    }
    return prefix;
  };
  const zsetOf = (slot: string): string => `${slot}reservations`;
  const bucketKey = (slot: string, key: string): string => `${slot}b:${key}`;
  const ledgerPrefix = (slot: string, tenantId: string): string => `${slot}u:${encodeURIComponent(tenantId)}:`;
  const daysKey = (slot: string, tenantId: string): string => `${slot}d:${encodeURIComponent(tenantId)}`;

  const commandTimeoutMs = options.commandTimeoutMs ?? defaultRedisCommandTimeoutMs;
  const run = async (name: ScriptName, keys: readonly string[], args: readonly (string | number)[], callOptions: StoreCallOptions | undefined): Promise<unknown> => {
    const client = await runRedisCommand(() => handle.get(), { adapter, timeoutMs: Infinity, signal: callOptions?.signal });
    return (await runRedisScript(client, compiled[name], keys, args, { adapter, timeoutMs: commandTimeoutMs, signal: callOptions?.signal })) as unknown;
  };

  return {
    async reserve(request, callOptions) {
      checkReserve(request);
      const slot = slotOf(request.tenantId);
      const args: (string | number)[] = [slot, request.now, request.reservationExpiresAt, request.reservationId, request.amounts.costMicros, request.amounts.tokens, request.amounts.requests];
      for (const charge of request.buckets) {
        for (const metric of metricOrder) args.push(limitArgument(charge.limits[metric]));
        args.push(charge.expiresAt);
      }
      const reply = (await run('reserve', [zsetOf(slot), ...request.buckets.map((charge) => bucketKey(slot, charge.key))], args, callOptions)) as [number, number?, UsageMetric?, string?, string?, string?];
      if (reply[0] === 1) return { ok: true };
      const [, index, metric, limit, used, reserved] = reply;
      return { ok: false, refusal: { key: request.buckets[index as number]?.key as string, metric: metric as UsageMetric, limit: Number(limit), used: Number(used), reserved: Number(reserved) } };
    },

    async settle(request, callOptions) {
      checkSettle(request);
      const slot = slotOf(request.tenantId);
      const record = request.record;
      const tenantId = record?.tenantId ?? '';
      const field = record ? JSON.stringify([record.userId ?? '', record.sessionId ?? '', record.provider, record.model]) : '';
      const args: (string | number)[] = [
        slot,
        request.now,
        request.reservationId,
        request.actual.costMicros,
        request.actual.tokens,
        request.actual.requests,
        field,
        record?.day ?? '',
        record?.requests ?? 0,
        record?.inputTokens ?? 0,
        record?.outputTokens ?? 0,
        record?.costMicros ?? 0,
        ...request.buckets.map((charge) => charge.expiresAt),
      ];
      const keys = [
        zsetOf(slot),
        record ? `${ledgerPrefix(slot, tenantId)}${record.day}` : `${slot}unused`,
        record ? daysKey(slot, tenantId) : `${slot}unused`,
        ...request.buckets.map((charge) => bucketKey(slot, charge.key)),
      ];
      await run('settle', keys, args, callOptions);
    },

    async release(request, callOptions) {
      checkRelease(request);
      const slot = slotOf(request.tenantId);
      await run('release', [zsetOf(slot)], [slot, request.reservationId], callOptions);
    },

    async readBuckets(keys, callOptions) {
      if (keys.length === 0) return [];
      const slot = slotOf(callOptions?.tenantId);
      const states = (await run('read', keys.map((key) => bucketKey(slot, key)), [], callOptions)) as (string | null)[][];
      return keys.map((key, index): BucketState => {
        const state = (states[index] ?? []).map((value) => Number(value ?? 0));
        return {
          key,
          used: { costMicros: state[0] ?? 0, tokens: state[1] ?? 0, requests: state[2] ?? 0 },
          reserved: { costMicros: state[3] ?? 0, tokens: state[4] ?? 0, requests: state[5] ?? 0 },
        };
      });
    },

    async getUsage(query, callOptions) {
      const parsed = parseInput(usageQuerySchema, query, 'getUsage query');
      // The tenant's slot, and the untagged layout of stores written before calls named their tenant.
      const slots = [...new Set([prefixTagged ? prefix : `${prefix}{${encodeURIComponent(parsed.tenantId)}}:`, prefix])];
      const days: [string, string[]][] = [];
      for (const slot of slots) {
        days.push(...((await run('ledger', [daysKey(slot, parsed.tenantId)], [ledgerPrefix(slot, parsed.tenantId), parsed.from ?? '', parsed.to ?? ''], callOptions)) as [string, string[]][]));
      }
      const records: UsageRecord[] = [];
      for (const [day, flat] of days) {
        const rows = new Map<string, { requests: number; inputTokens: number; outputTokens: number; costMicros: number }>();
        for (let index = 0; index + 1 < flat.length; index += 2) {
          const field = flat[index] as string;
          const split = field.lastIndexOf('#');
          const key = field.slice(0, split);
          const row = rows.get(key) ?? { requests: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 };
          const value = Number(flat[index + 1]);
          const metric = field.slice(split + 1);
          if (metric === 'q') row.requests = value;
          else if (metric === 'i') row.inputTokens = value;
          else if (metric === 'o') row.outputTokens = value;
          else if (metric === 'c') row.costMicros = value;
          rows.set(key, row);
        }
        for (const [key, totals] of rows) {
          const [userId, sessionId, provider, model] = JSON.parse(key) as [string, string, string, string];
          if (parsed.userId !== undefined && userId !== parsed.userId) continue;
          records.push({
            tenantId: parsed.tenantId,
            ...(userId ? { userId } : {}),
            ...(sessionId ? { sessionId } : {}),
            provider,
            model,
            day,
            ...totals,
          });
        }
      }
      return summarizeUsage(parsed, records);
    },

    end: () => handle.end(),
  };
}
