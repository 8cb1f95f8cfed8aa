import { systemClock, type Clock } from '../../core/clock.js';
import { AdapterError } from '../adapter-error.js';
import { createRedisClientHandle, type RedisConnectionOptions } from './create-redis-client-handle.js';
import { defaultRedisCommandTimeoutMs, redisScript, runRedisCommand, runRedisScript, type RedisScript } from './run-redis-command.js';
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

/**
 * The part of a Redis client the conversation store uses (scripts and one plain list read): `ioredis`' `Redis` (and `Cluster`) fit.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 *
 * const client: RedisScriptClient = new Redis(process.env.REDIS_URL!);
 * ```
 */
export interface RedisScriptClient {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  lrange(key: string, start: number, stop: number): Promise<string[]>;
}

/**
 * Options of {@link createRedisConversationStore}.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 *
 * const options: RedisConversationStoreOptions = { client: new Redis(process.env.REDIS_URL!), keyPrefix: 'helpdesk:chat:', ttlSeconds: 7 * 86_400 };
 * const store = createRedisConversationStore(options);
 * ```
 */
export interface RedisConversationStoreOptions extends Pick<RedisConnectionOptions<RedisScriptClient>, 'connectTimeoutMs' | 'commandTimeoutMs'> {
  /**
   * The largest message `content` accepted, in UTF-8 bytes; a longer one is refused with a
   * `ValidationError` before anything is written.
   * @default 262_144 (256 KiB)
   */
  readonly maxContentBytes?: number;
  /** The host's ioredis client. Give this or `url`. */
  readonly client?: RedisScriptClient;
  /** A `redis://` URL; crmkit loads `ioredis` on first use, owns the client, and `end()` closes it. */
  readonly url?: string;
  /**
   * Prefix of every key, so several apps (or tests) can share one Redis.
   * @default 'crmkit:conversation:'
   */
  readonly keyPrefix?: string;
  /**
   * Seconds a session (with its messages) lives after its last change; every write renews it.
   * @default 86400
   */
  readonly ttlSeconds?: number;
  /**
   * Source of `createdAt` / `updatedAt`.
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
 * A Redis ConversationStore; `end()` closes the client crmkit created from a URL.
 *
 * @example
 * ```ts
 * const store: RedisConversationStore = createRedisConversationStore({ url: process.env.REDIS_URL });
 * process.once('SIGTERM', () => void store.end());
 * ```
 */
export interface RedisConversationStore extends ConversationStore {
  /** Closes the client when crmkit created it from `url`; a host client is left open. */
  end(): Promise<void>;
}

const adapter = 'redis-conversation-store';

// Every script returns a status code first: 1 ok, 0 missing, -1 closed, -2 exists.
const scripts = {
  // KEYS: session, user index (or a dummy). ARGV: ttl, createdAtMs, sessionId, createOp, field/value pairs…
  // createOp is this call's own id, stored in the hash: a replay of the same create (the client
  // resending it after a reconnect) finds it and answers as the first run did.
  create: `
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('HGET', KEYS[1], 'createOp') == ARGV[4] then return {1, redis.call('HGETALL', KEYS[1])} end
  return {-2}
end
local fields = {'createOp', ARGV[4]}
for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('EXPIRE', KEYS[1], ARGV[1])
if redis.call('HEXISTS', KEYS[1], 'userKey') == 1 then
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[1])
end
return {1, redis.call('HGETALL', KEYS[1])}`,
  // KEYS: session, messages, message ids (id → sequence). ARGV: ttl, nowMs, tokens, costMicros,
  // messageJson, messageId. A message id already applied (a retry, or the client's replay after a
  // reconnect) answers with the stored message: status 2, sequence, its JSON.
  append: `
if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
local applied = redis.call('HGET', KEYS[3], ARGV[6])
if applied then return {2, tonumber(applied), redis.call('LINDEX', KEYS[2], tonumber(applied) - 1)} end
if redis.call('HGET', KEYS[1], 'status') == 'closed' then return {-1} end
local sequence = redis.call('HINCRBY', KEYS[1], 'messageCount', 1)
redis.call('HINCRBY', KEYS[1], 'totalTokens', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'totalCostMicros', ARGV[4])
redis.call('HSET', KEYS[1], 'updatedAt', ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[5])
redis.call('HSET', KEYS[3], ARGV[6], sequence)
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[3], ARGV[1])
return {1, sequence, false, redis.call('HGET', KEYS[1], 'userKey')}`,
  // KEYS: session. ARGV: none.
  get: `
if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
return {1, redis.call('HGETALL', KEYS[1])}`,
  // KEYS: session. ARGV: none. The message count, which bounds the history window.
  count: `
if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
local count = tonumber(redis.call('HGET', KEYS[1], 'messageCount'))
return {1, count}`,
  // KEYS: user index, then the session key of each id in ARGV. ARGV: limit, session ids…
  // Sessions that expired are dropped from the index.
  list: `
local found = {}
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    if #found < tonumber(ARGV[1]) then found[#found + 1] = redis.call('HGETALL', KEYS[i]) end
  else
    redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
return {1, found}`,
  // KEYS: session, messages, message ids. ARGV: ttl, nowMs, op, args… Renews all three: a session
  // kept alive by feedback or escalation keeps its messages too.
  mutate: `
if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
local status = redis.call('HGET', KEYS[1], 'status')
local op = ARGV[3]
if op == 'feedback' then
  redis.call('HSET', KEYS[1], 'rating', ARGV[4], 'updatedAt', ARGV[2])
  if ARGV[5] == '' then redis.call('HDEL', KEYS[1], 'feedback') else redis.call('HSET', KEYS[1], 'feedback', ARGV[6]) end
elseif op == 'escalate' then
  if status == 'closed' then return {-1} end
  if status == 'active' then
    redis.call('HSET', KEYS[1], 'status', 'escalated', 'escalationReason', ARGV[4], 'escalatedAt', ARGV[2], 'updatedAt', ARGV[2])
  end
elseif op == 'close' then
  if status ~= 'closed' then
    redis.call('HSET', KEYS[1], 'status', 'closed', 'closedAt', ARGV[2], 'updatedAt', ARGV[2])
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[3], ARGV[1])
return {1, redis.call('HGETALL', KEYS[1])}`,
  // KEYS: user index. ARGV: ttl. Renews a user's index after a change to one of their sessions;
  // a separate script because every key a script touches is declared (Redis Cluster).
  touch: `
redis.call('EXPIRE', KEYS[1], ARGV[1])
return {1}`,
  // KEYS: user index. ARGV: none. The user's session ids, newest first.
  members: `
return {1, redis.call('ZREVRANGE', KEYS[1], 0, -1)}`,
} as const;

type ScriptName = keyof typeof scripts;
const compiled = Object.fromEntries(Object.entries(scripts).map(([name, body]) => [name, redisScript(body)])) as Record<ScriptName, RedisScript>;

interface StoredMessage {
  id: string;
  role: ConversationMessage['role'];
  sender?: string;
  content: string;
  tokens: number;
  costMicros: number;
  responseTimeMs?: number;
  incomplete: boolean;
  metadata?: JsonObject;
  createdAt: number;
}

function toSession(flat: string[]): ConversationSession {
  const hash: Record<string, string> = {};
  for (let index = 0; index + 1 < flat.length; index += 2) hash[flat[index] as string] = flat[index + 1] as string;
  const date = (field: string): Date | undefined => (hash[field] === undefined ? undefined : new Date(Number(hash[field])));
  return {
    id: hash.id as string,
    tenantId: hash.tenantId as string,
    ...(hash.userId === undefined ? {} : { userId: hash.userId }),
    sessionType: hash.sessionType as string,
    status: hash.status as ConversationStatus,
    context: JSON.parse(hash.context ?? '{}') as JsonObject,
    ...(hash.visitorInfo === undefined ? {} : { visitorInfo: JSON.parse(hash.visitorInfo) as JsonObject }),
    messageCount: Number(hash.messageCount),
    totalTokens: Number(hash.totalTokens),
    totalCostMicros: Number(hash.totalCostMicros),
    ...(hash.rating === undefined ? {} : { rating: Number(hash.rating) }),
    ...(hash.feedback === undefined ? {} : { feedback: hash.feedback }),
    ...(hash.escalationReason === undefined ? {} : { escalationReason: hash.escalationReason }),
    ...(hash.escalatedAt === undefined ? {} : { escalatedAt: date('escalatedAt') as Date }),
    ...(hash.closedAt === undefined ? {} : { closedAt: date('closedAt') as Date }),
    createdAt: date('createdAt') as Date,
    updatedAt: date('updatedAt') as Date,
  };
}

/**
 * A ConversationStore on Redis for short-lived sessions (website widgets, WhatsApp threads): a
 * session and its messages expire `ttlSeconds` after their last change. Every change is one Lua
 * script, so appends are atomic and numbered without gaps under any concurrency. Keys carry the
 * tenant (as the cluster hash tag, so one tenant's keys share a slot), which makes reading another
 * tenant's session impossible by construction.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createRedisConversationStore } from 'crmkit/adapters/redis';
 *
 * const store = createRedisConversationStore({ client: new Redis(process.env.REDIS_URL!), ttlSeconds: 3600 });
 * const session = await store.createSession('acme', { visitorInfo: { name: 'Jane' } });
 * ```
 */
export function createRedisConversationStore(options: RedisConversationStoreOptions): RedisConversationStore {
  const handle = createRedisClientHandle(options, adapter);
  const prefix = options.keyPrefix ?? 'crmkit:conversation:';
  const ttl = options.ttlSeconds ?? 86_400;
  if (!Number.isInteger(ttl) || ttl < 1) {
    throw new AdapterError(`${adapter}: expected \`ttlSeconds\` to be a positive integer, got ${String(ttl)}`, { kind: 'invalid_state', adapter });
  }
  const clock = options.clock ?? systemClock;
  const generateId = options.generateId ?? (() => crypto.randomUUID());
  const tag = (tenantId: string): string => `${prefix}{${encodeURIComponent(tenantId)}}:`;
  const sessionKey = (tenantId: string, sessionId: string): string => `${tag(tenantId)}s:${sessionId}`;
  const messagesKey = (tenantId: string, sessionId: string): string => `${tag(tenantId)}m:${sessionId}`;
  const messageIdsKey = (tenantId: string, sessionId: string): string => `${tag(tenantId)}i:${sessionId}`;
  /** Every key of one session, in the order the mutate script declares them. */
  const sessionKeys = (tenantId: string, sessionId: string): string[] => [sessionKey(tenantId, sessionId), messagesKey(tenantId, sessionId), messageIdsKey(tenantId, sessionId)];
  const userKey = (tenantId: string, userId: string): string => `${tag(tenantId)}u:${encodeURIComponent(userId)}`;

  const commandTimeoutMs = options.commandTimeoutMs ?? defaultRedisCommandTimeoutMs;
  const run = async (name: ScriptName, keys: readonly string[], args: readonly (string | number)[], callOptions: StoreCallOptions | undefined): Promise<[number, unknown]> => {
    const client = await runRedisCommand(() => handle.get(), { adapter, timeoutMs: Infinity, signal: callOptions?.signal });
    return (await runRedisScript(client, compiled[name], keys, args, { adapter, timeoutMs: commandTimeoutMs, signal: callOptions?.signal })) as [number, unknown];
  };
  // Renews the user's index after a change (fire and forget: a missed renewal only shortens its life).
  const touchUser = (index: string | null | undefined): void => {
    if (index) run('touch', [index], [ttl], undefined).catch(() => undefined);
  };
  const touched = (flat: string[]): ConversationSession => {
    const position = flat.indexOf('userKey');
    if (position >= 0 && position % 2 === 0) touchUser(flat[position + 1]);
    return toSession(flat);
  };
  const expect = (status: number, sessionId: string, action: string): void => {
    if (status === 0) throw sessionNotFound(adapter, sessionId);
    if (status === -1) throw sessionClosed(adapter, sessionId, action);
    if (status === -2) throw sessionExists(adapter, sessionId);
  };

  return {
    async createSession(tenantId, input, callOptions) {
      const checked = checkNewSession(input);
      const key = checkSessionKey(tenantId, checked.id ?? generateId(), 'createSession input');
      const now = clock.now();
      const fields: (string | number)[] = ['id', key.sessionId, 'tenantId', key.tenantId, 'sessionType', checked.sessionType, 'status', 'active'];
      fields.push('context', JSON.stringify(checked.context), 'messageCount', 0, 'totalTokens', 0, 'totalCostMicros', 0, 'createdAt', now, 'updatedAt', now);
      if (checked.visitorInfo !== undefined) fields.push('visitorInfo', JSON.stringify(checked.visitorInfo));
      const index = checked.userId === undefined ? `${tag(key.tenantId)}u:` : userKey(key.tenantId, checked.userId);
      if (checked.userId !== undefined) fields.push('userId', checked.userId, 'userKey', index);
      const [status, flat] = await run('create', [sessionKey(key.tenantId, key.sessionId), index], [ttl, now, key.sessionId, crypto.randomUUID(), ...fields], callOptions);
      expect(status, key.sessionId, 'create');
      return toSession(flat as string[]);
    },

    async getSession(tenantId, sessionId, callOptions) {
      const key = checkSessionKey(tenantId, sessionId, 'getSession input');
      const [status, flat] = await run('get', [sessionKey(key.tenantId, key.sessionId)], [], callOptions);
      return status === 1 ? toSession(flat as string[]) : undefined;
    },

    async appendMessage(tenantId, sessionId, input, callOptions) {
      const key = checkSessionKey(tenantId, sessionId, 'appendMessage input');
      const checked = checkNewMessage(input, options.maxContentBytes);
      const stored: StoredMessage = {
        id: checked.id ?? generateId(),
        role: checked.role,
        ...(checked.sender === undefined ? {} : { sender: checked.sender }),
        content: checked.content,
        tokens: checked.tokens,
        costMicros: checked.costMicros,
        ...(checked.responseTimeMs === undefined ? {} : { responseTimeMs: checked.responseTimeMs }),
        incomplete: checked.incomplete,
        ...(checked.metadata === undefined ? {} : { metadata: checked.metadata }),
        createdAt: clock.now(),
      };
      const reply = (await run(
        'append',
        [sessionKey(key.tenantId, key.sessionId), messagesKey(key.tenantId, key.sessionId), messageIdsKey(key.tenantId, key.sessionId)],
        [ttl, stored.createdAt, stored.tokens, stored.costMicros, JSON.stringify(stored), stored.id],
        callOptions,
      )) as unknown as [number, number, string | null, string | null];
      const [status, sequence, appliedJson] = reply;
      if (status === 2 && appliedJson) return toMessage(JSON.parse(appliedJson) as StoredMessage, key.tenantId, key.sessionId, sequence);
      expect(status, key.sessionId, 'append to');
      touchUser(reply[3]);
      return toMessage(stored, key.tenantId, key.sessionId, sequence);
    },

    async history(tenantId, sessionId, historyOptions) {
      const key = checkSessionKey(tenantId, sessionId, 'history input');
      const checked = checkHistoryOptions(historyOptions);
      const [status, count] = await run('count', [sessionKey(key.tenantId, key.sessionId)], [], historyOptions);
      expect(status, key.sessionId, 'read');
      const window = historyWindow(checked, count as number);
      if (window.last < window.first) return { messages: [], hasMore: false };
      // Messages sit at list index sequence - 1; LRANGE is a plain read, no script needed.
      const client = await runRedisCommand(() => handle.get(), { adapter, timeoutMs: Infinity, signal: historyOptions?.signal });
      const raw = await runRedisCommand(() => client.lrange(messagesKey(key.tenantId, key.sessionId), window.first - 1, window.last - 1), {
        adapter,
        timeoutMs: commandTimeoutMs,
        signal: historyOptions?.signal,
      });
      return {
        messages: raw.map((json, offset) => toMessage(JSON.parse(json) as StoredMessage, key.tenantId, key.sessionId, window.first + offset)),
        hasMore: window.hasMore,
      };
    },

    async listUserSessions(tenantId, userId, listOptions) {
      const tenant = checkTenantId(tenantId, 'listUserSessions input');
      const checked = checkListOptions(userId, listOptions);
      const index = userKey(tenant, checked.userId);
      const [, ids] = await run('members', [index], [], listOptions);
      if ((ids as string[]).length === 0) return [];
      const [, found] = await run('list', [index, ...(ids as string[]).map((id) => sessionKey(tenant, id))], [checked.limit, ...(ids as string[])], listOptions);
      return (found as string[][]).map(toSession);
    },

    async submitFeedback(tenantId, sessionId, feedback, callOptions) {
      const key = checkSessionKey(tenantId, sessionId, 'submitFeedback input');
      const checked = checkFeedback(feedback);
      const hasText = checked.feedback === undefined ? '' : '1';
      const [status, flat] = await run('mutate', sessionKeys(key.tenantId, key.sessionId), [ttl, clock.now(), 'feedback', checked.rating, hasText, checked.feedback ?? ''], callOptions);
      expect(status, key.sessionId, 'rate');
      return touched(flat as string[]);
    },

    async escalate(tenantId, sessionId, escalation, callOptions) {
      const key = checkSessionKey(tenantId, sessionId, 'escalate input');
      const checked = checkEscalation(escalation);
      const [status, flat] = await run('mutate', sessionKeys(key.tenantId, key.sessionId), [ttl, clock.now(), 'escalate', checked.reason], callOptions);
      expect(status, key.sessionId, 'escalate');
      return touched(flat as string[]);
    },

    async close(tenantId, sessionId, callOptions) {
      const key = checkSessionKey(tenantId, sessionId, 'close input');
      const [status, flat] = await run('mutate', sessionKeys(key.tenantId, key.sessionId), [ttl, clock.now(), 'close'], callOptions);
      expect(status, key.sessionId, 'close');
      return touched(flat as string[]);
    },

    end: () => handle.end(),
  };
}

function toMessage(stored: StoredMessage, tenantId: string, sessionId: string, sequence: number): ConversationMessage {
  const { createdAt, ...rest } = stored;
  return { ...rest, tenantId, sessionId, sequence, createdAt: new Date(createdAt) };
}
