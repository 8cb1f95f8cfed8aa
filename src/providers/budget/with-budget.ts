import { z } from 'zod/v4';
import { abortError } from '../../core/abort.js';
import { systemClock, type Clock } from '../../core/clock.js';
import { ProviderError, ValidationError } from '../../core/errors.js';
import { createApproximateTokenCounter, type TokenCounter } from '../../core/token-counter.js';
import { countAndShareInput, unshareInputCount } from '../../core/count-input-once.js';
import type { ChatRequest, ChatResult, ChatStream, Provider, Usage } from '../../core/types.js';
import { anyFunction, parseInput } from '../../core/validate.js';
import type { BucketCharge, UsageAmounts, UsageRecord, UsageStore } from '../../core/usage/usage-store.js';
import { streamParts } from '../../core/create-chat-stream.js';
import { completionOf, wrapProvider } from '../wrap-provider.js';
import { BudgetExceededError, type BudgetLimitName, type BudgetScope } from './budget-exceeded-error.js';
import { costMicros } from './cost-micros.js';
import { dayWindow, isValidTimeZone, type DayWindow } from '../../core/calendar.js';
import { defaultPriceTable, resolvePrice, type ModelPrice } from './price-table.js';
import type { BudgetEvent } from './budget-event.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * Limits on one call, checked before it is sent. Tokens are counted input plus the reserved
 * maximum output.
 *
 * @example
 * ```ts
 * const perRequest: RequestLimits = { outputTokens: 256, totalTokens: 8_000 };
 * ```
 */
export interface RequestLimits {
  readonly inputTokens?: number;
  /** Refuses a `maxOutputTokens` above this (seed 001 caps replies at 256). */
  readonly outputTokens?: number;
  readonly totalTokens?: number;
  readonly costMicros?: number;
}

/**
 * Limits over a chat session's lifetime (`metadata.sessionId`).
 *
 * @example
 * ```ts
 * const perSession: SessionLimits = { messages: 100, costMicros: 1_000_000 }; // seed 003: 100 messages, 100 cents
 * ```
 */
export interface SessionLimits {
  /** Model calls per session: each call is one assistant message. */
  readonly messages?: number;
  readonly tokens?: number;
  readonly costMicros?: number;
}

/**
 * Limits per calendar day in the budget's time zone.
 *
 * @example
 * ```ts
 * const perTenantDaily: DailyLimits = { costMicros: 100_000_000 }; // seed 003: 10,000 cents a day
 * ```
 */
export interface DailyLimits {
  readonly requests?: number;
  readonly tokens?: number;
  readonly costMicros?: number;
}

/**
 * Every limit {@link withBudget} enforces. A scope applies when the request carries its id:
 * `perSession` needs `metadata.sessionId`, `perUserDaily` needs `metadata.userId`;
 * `perTenantDaily` uses `metadata.tenantId`, or `'default'` when absent.
 *
 * @example
 * ```ts
 * const limits: BudgetLimits = {
 *   perRequest: { outputTokens: 256 },
 *   perSession: { messages: 100, costMicros: 1_000_000 },
 *   perTenantDaily: { costMicros: 100_000_000 },
 * };
 * ```
 */
export interface BudgetLimits {
  readonly perRequest?: RequestLimits;
  readonly perSession?: SessionLimits;
  readonly perUserDaily?: DailyLimits;
  readonly perTenantDaily?: DailyLimits;
}

/**
 * Options for {@link withBudget}.
 *
 * @example
 * ```ts
 * const options: BudgetOptions = { store: createMemoryUsageStore(), limits: { perTenantDaily: { costMicros: 100_000_000 } }, timeZone: 'Europe/Lisbon' };
 * ```
 */
export interface BudgetOptions {
  /**
   * The ledger (required: the providers layer does not pick a storage adapter for you). Pass
   * `createMemoryUsageStore()` for one process, a Redis or Postgres store when several processes
   * share limits.
   */
  readonly store: UsageStore;
  /** @default {} (usage is recorded, nothing is refused) */
  readonly limits?: BudgetLimits;
  /** Prices per model id, merged over {@link defaultPriceTable} (yours win). */
  readonly prices?: Readonly<Record<string, ModelPrice>>;
  /**
   * Price of a model found neither in `prices` nor in the default table. Without one, such a
   * model is refused when a cost limit is configured (cost cannot be bounded), and recorded at
   * zero cost otherwise.
   */
  readonly defaultPrice?: ModelPrice;
  /**
   * Counts input tokens. Pass `await createTokenCounter()` for exact OpenAI counts.
   * @default createApproximateTokenCounter() (over-counts English slightly, the safe direction)
   */
  readonly tokenCounter?: TokenCounter;
  /** @default systemClock */
  readonly clock?: Clock;
  /** IANA time zone whose midnight resets daily limits and dates usage records. @default 'UTC' */
  readonly timeZone?: string;
  /** Reserved (and sent as `maxOutputTokens`) when a request sets none. @default 256 (seed 001) */
  readonly defaultMaxOutputTokens?: number;
  /**
   * How long a reservation is held if its process dies before settling; longer than any call.
   * @default 600_000 (10 minutes)
   */
  readonly reservationTtlMs?: number;
  /** How long a session's counters live after its last call. @default 2_592_000_000 (30 days) */
  readonly sessionTtlMs?: number;
  /** Makes reservation ids. @default crypto.randomUUID */
  readonly generateId?: () => string;
  /**
   * Called when settling or releasing fails (the store is down). The call's own outcome is kept;
   * the reservation stays held until `reservationTtlMs`, so limits err on the strict side.
   * @default ignore
   */
  readonly onSettleError?: (error: unknown) => void;
  /** Told each reservation, settlement and release (telemetry uses it). Must not throw. @default none */
  readonly onEvent?: (event: BudgetEvent) => void;
}

/** Every default of {@link BudgetOptions}, in one place. */
const defaults = {
  timeZone: 'UTC',
  defaultMaxOutputTokens: 256,
  reservationTtlMs: 600_000,
  sessionTtlMs: 30 * 24 * 3_600_000,
} as const;

const optionsSchema = lazyObject(() => {
  const count = z.number().int().min(0);
  const priceSchema = z.object({ inputMicrosPerMillion: count, outputMicrosPerMillion: count });
  const limitsSchema = z
    .object({
      perRequest: z.object({ inputTokens: count, outputTokens: count, totalTokens: count, costMicros: count }).partial().strict().optional(),
      perSession: z.object({ messages: count, tokens: count, costMicros: count }).partial().strict().optional(),
      perUserDaily: z.object({ requests: count, tokens: count, costMicros: count }).partial().strict().optional(),
      perTenantDaily: z.object({ requests: count, tokens: count, costMicros: count }).partial().strict().optional(),
    })
    .strict();
  return z.object({
    store: z.custom<UsageStore>((value) => typeof (value as UsageStore | undefined)?.reserve === 'function', 'must be a UsageStore'),
    limits: limitsSchema.optional(),
    prices: z.record(z.string(), priceSchema).optional(),
    defaultPrice: priceSchema.optional(),
    tokenCounter: z.custom<TokenCounter>((value) => typeof (value as TokenCounter | undefined)?.countMessages === 'function', 'must be a TokenCounter').optional(),
    clock: z.custom<Clock>((value) => typeof (value as Clock | undefined)?.now === 'function', 'must be a Clock').optional(),
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as "Europe/Lisbon"').optional(),
    defaultMaxOutputTokens: z.number().int().positive().optional(),
    reservationTtlMs: z.number().int().positive().optional(),
    sessionTtlMs: z.number().int().positive().optional(),
    generateId: anyFunction().optional(),
    onSettleError: anyFunction().optional(),
  });
});

/** A reservation the wrapper holds for one call. */
interface Admission {
  readonly reservationId: string;
  readonly buckets: readonly BucketCharge[];
  readonly model: string;
  readonly inputTokens: number;
  readonly maxOutputTokens: number;
  readonly price: ModelPrice | undefined;
  /** Who the usage record names (the record itself is built once, when the call is settled). */
  readonly tenantId: string;
  readonly userId: string | undefined;
  readonly sessionId: string | undefined;
}

/**
 * One tenant's bucket keys, built once and reused call after call: every call of a session, a
 * user's day or a tenant's day charges the very same key string (no encoding, no concatenation,
 * and the stores' maps find it by its cached hash). The daily charges are whole objects, since
 * their limits and expiry are the same all day.
 */
interface TenantKeys {
  readonly encoded: string;
  /** The day `tenantCharge` and `userCharges` are for. */
  day: string;
  tenantCharge: BucketCharge | undefined;
  readonly userCharges: Map<string, BucketCharge>;
  readonly sessionKeys: Map<string, string>;
}

/** How many tenants, and sessions or users per tenant, the key cache holds before it starts over. */
const keyCacheMax = 1_024;

const hasCostLimit = (limits: BudgetLimits): boolean =>
  [limits.perRequest, limits.perSession, limits.perUserDaily, limits.perTenantDaily].some((scope) => scope?.costMicros !== undefined);

const encode = (value: string): string => encodeURIComponent(value);

/**
 * `{ ...value, [key]: keyValue }`, the same keys in the same order, without the literal: V8 (Node
 * 20) builds an object literal that adds a key after a spread through the runtime, in dictionary
 * mode (≈ 1 µs and 0.5 KB for a 10-key result); `Object.assign` takes a fifth of that.
 */
function withKey<VALUE extends object, KEY extends string, KEY_VALUE>(value: VALUE, key: KEY, keyValue: KEY_VALUE): VALUE & Record<KEY, KEY_VALUE> {
  return Object.assign({}, value, { [key]: keyValue } as Record<KEY, KEY_VALUE>);
}

/** The usage record of one settled call (one object, no spreads), with no optional key present when its value is absent. */
function usageRecordOf(admission: Admission, provider: string, model: string, day: string, inputTokens: number, outputTokens: number, cost: number): UsageRecord {
  const record: { -readonly [KEY in keyof UsageRecord]: UsageRecord[KEY] } = { tenantId: admission.tenantId, provider, model, day, requests: 1, inputTokens, outputTokens, costMicros: cost };
  if (admission.userId !== undefined) record.userId = admission.userId;
  if (admission.sessionId !== undefined) record.sessionId = admission.sessionId;
  return record;
}

/**
 * Wraps a provider with token and cost budgets: before each call it counts the input, prices
 * input + maximum output, and atomically reserves that on every applicable limit (per request,
 * per session, per user per day, per tenant per day), refusing with {@link BudgetExceededError}
 * if any would be crossed. After the call it settles the reservation to the usage the vendor
 * reported, writes a usage record (tenant, user, session, provider, model, day) and sets the
 * result's `costMicros`.
 *
 * On failure or abort the reservation is released, except when output had already streamed (the
 * error carries `partialText`, or a stream is aborted mid-way): the vendor has billed that call,
 * so its input and the streamed output are charged. A request without `maxOutputTokens` is sent
 * with `defaultMaxOutputTokens`, so the reservation bounds what the vendor can bill.
 *
 * @example
 * ```ts
 * import { createMemoryUsageStore, createTokenCounter, withBudget } from 'crmkit';
 *
 * const store = createMemoryUsageStore();
 * const budgeted = withBudget(openai, {
 *   store,
 *   tokenCounter: await createTokenCounter(),
 *   timeZone: 'Europe/Lisbon',
 *   limits: {
 *     perRequest: { outputTokens: 256 },
 *     perSession: { messages: 100, costMicros: 1_000_000 },
 *     perTenantDaily: { costMicros: 100_000_000 },
 *   },
 * });
 * const answer = await budgeted.generate({ messages, metadata: { tenantId: 'acme', userId: 'agent-7', sessionId: 's-1' } });
 * console.log(answer.costMicros);
 * const usage = await store.getUsage({ tenantId: 'acme' });
 * ```
 */
export function withBudget(provider: Provider, options: BudgetOptions): Provider {
  const parsed = parseInput(optionsSchema, options, 'withBudget options');
  const store = parsed.store;
  const limits: BudgetLimits = parsed.limits ?? {};
  // The default table is shared, not copied per wrapper, unless the host adds prices of its own.
  const prices = parsed.prices ? { ...defaultPriceTable.prices, ...parsed.prices } : defaultPriceTable.prices;
  const defaultPrice = parsed.defaultPrice;
  const tokenCounter = options.tokenCounter ?? createApproximateTokenCounter();
  const clock = options.clock ?? systemClock;
  const timeZone = parsed.timeZone ?? defaults.timeZone;
  const defaultMaxOutputTokens = parsed.defaultMaxOutputTokens ?? defaults.defaultMaxOutputTokens;
  const reservationTtlMs = parsed.reservationTtlMs ?? defaults.reservationTtlMs;
  const sessionTtlMs = parsed.sessionTtlMs ?? defaults.sessionTtlMs;
  const generateId = options.generateId ?? (() => crypto.randomUUID());
  const onSettleError = options.onSettleError ?? (() => undefined);
  const costLimited = hasCostLimit(limits);
  const onEvent = options.onEvent;
  const report = (event: BudgetEvent): void => {
    try {
      onEvent?.(event);
    } catch {
      // An observer never fails the call.
    }
  };

  // Resolving a dated model id ("gpt-4o-mini-2024-07-18", as vendors answer) scans the table for
  // its longest prefix: done once per model id, not once per call.
  const resolvedPrices = new Map<string, ModelPrice | undefined>();
  const priceOf = (model: string): ModelPrice | undefined => {
    let price = resolvedPrices.get(model);
    if (price === undefined && !resolvedPrices.has(model)) {
      price = resolvePrice(prices, model) ?? defaultPrice;
      if (resolvedPrices.size >= keyCacheMax) resolvedPrices.clear();
      resolvedPrices.set(model, price);
    }
    return price;
  };
  if (costLimited && !priceOf(provider.model)) {
    throw new ValidationError('withBudget options', [
      { path: 'prices', message: `no price for the provider's model "${provider.model}": add it to \`prices\` or set \`defaultPrice\`, or cost limits cannot be enforced` },
    ]);
  }

  // Each scope's bucket limits, built once (they are the same on every call).
  const bucketLimits = {
    session: limits.perSession && { requests: limits.perSession.messages, tokens: limits.perSession.tokens, costMicros: limits.perSession.costMicros },
    user: limits.perUserDaily && { ...limits.perUserDaily },
    tenant: limits.perTenantDaily && { ...limits.perTenantDaily },
  };

  let window: DayWindow | undefined;
  const currentWindow = (now: number): DayWindow => {
    if (!window || now < window.startsAt || now >= window.endsAt) window = dayWindow(now, timeZone);
    return window;
  };

  const tenantKeys = new Map<string, TenantKeys>();
  const keysOf = (tenantId: string, day: string): TenantKeys => {
    let keys = tenantKeys.get(tenantId);
    if (keys === undefined) {
      if (tenantKeys.size >= keyCacheMax) tenantKeys.clear();
      keys = { encoded: encode(tenantId), day, tenantCharge: undefined, userCharges: new Map(), sessionKeys: new Map() };
      tenantKeys.set(tenantId, keys);
    } else if (keys.day !== day) {
      keys.day = day;
      keys.tenantCharge = undefined;
      keys.userCharges.clear();
    }
    return keys;
  };
  const sessionKey = (keys: TenantKeys, sessionId: string): string => {
    let key = keys.sessionKeys.get(sessionId);
    if (key === undefined) {
      if (keys.sessionKeys.size >= keyCacheMax) keys.sessionKeys.clear();
      key = `s:${keys.encoded}:${encode(sessionId)}`;
      keys.sessionKeys.set(sessionId, key);
    }
    return key;
  };
  const userCharge = (keys: TenantKeys, userId: string, today: DayWindow, limits: BucketCharge['limits']): BucketCharge => {
    let charge = keys.userCharges.get(userId);
    if (charge === undefined) {
      if (keys.userCharges.size >= keyCacheMax) keys.userCharges.clear();
      charge = Object.freeze({ key: `u:${keys.encoded}:${encode(userId)}:${today.day}`, limits, expiresAt: today.endsAt + reservationTtlMs });
      keys.userCharges.set(userId, charge);
    }
    return charge;
  };
  const tenantCharge = (keys: TenantKeys, today: DayWindow, limits: BucketCharge['limits']): BucketCharge =>
    (keys.tenantCharge ??= Object.freeze({ key: `t:${keys.encoded}:${today.day}`, limits, expiresAt: today.endsAt + reservationTtlMs }));

  const refuse = (scope: BudgetScope, limit: BudgetLimitName, limitValue: number, requested: number, used: number, resetsAt: number | undefined, model: string): never => {
    throw new BudgetExceededError({
      scope,
      limit,
      limitValue,
      requested,
      remaining: Math.max(0, limitValue - used),
      resetsAt: resetsAt === undefined ? undefined : new Date(resetsAt),
      providerId: provider.id,
      model,
    });
  };

  /** Admits a call. Its input count is shared with the layers below (the rate limiter) until the caller calls `unshareInputCount`, whether admit resolves or throws. */
  const admit = async (request: ChatRequest<unknown>, signal: AbortSignal | undefined): Promise<Admission> => {
    const model = request.model ?? provider.model;
    const inputTokens = countAndShareInput(tokenCounter, request.messages, model);
    if (signal?.aborted) throw abortError(signal, { providerId: provider.id });
    const maxOutputTokens = request.maxOutputTokens ?? defaultMaxOutputTokens;
    const price = priceOf(model);
    if (!price && costLimited) {
      throw new ProviderError(
        `No price is known for model "${model}", so its cost limits cannot be enforced: add it to withBudget's \`prices\` or set \`defaultPrice\``,
        { kind: 'invalid_request', retryable: false, providerId: provider.id, model },
      );
    }
    const reservedCost = price ? costMicros(price, { inputTokens, outputTokens: maxOutputTokens }) : 0;
    const totalTokens = inputTokens + maxOutputTokens;

    const perRequest = limits.perRequest;
    if (perRequest) {
      if (perRequest.inputTokens !== undefined && inputTokens > perRequest.inputTokens) refuse('request', 'inputTokens', perRequest.inputTokens, inputTokens, 0, undefined, model);
      if (perRequest.outputTokens !== undefined && maxOutputTokens > perRequest.outputTokens)
        refuse('request', 'outputTokens', perRequest.outputTokens, maxOutputTokens, 0, undefined, model);
      if (perRequest.totalTokens !== undefined && totalTokens > perRequest.totalTokens) refuse('request', 'totalTokens', perRequest.totalTokens, totalTokens, 0, undefined, model);
      if (perRequest.costMicros !== undefined && reservedCost > perRequest.costMicros) refuse('request', 'costMicros', perRequest.costMicros, reservedCost, 0, undefined, model);
    }

    const now = clock.now();
    const today = currentWindow(now);
    const metadata = request.metadata;
    const tenantId = metadata?.tenantId ?? 'default';
    const userId = metadata?.userId;
    const sessionId = metadata?.sessionId;
    const reservationExpiresAt = now + reservationTtlMs;
    // The bucket limits are built once per wrapper (bucketLimits), the keys once per tenant,
    // session and user (keysOf); a refusal's scope is read off its key's prefix (s:, u:, t:), so
    // admission builds no lookup table per call.
    const buckets: BucketCharge[] = [];
    if (bucketLimits.session || bucketLimits.user || bucketLimits.tenant) {
      const keys = keysOf(tenantId, today.day);
      if (bucketLimits.session && sessionId !== undefined) buckets.push({ key: sessionKey(keys, sessionId), limits: bucketLimits.session, expiresAt: now + sessionTtlMs });
      if (bucketLimits.user && userId !== undefined) buckets.push(userCharge(keys, userId, today, bucketLimits.user));
      if (bucketLimits.tenant) buckets.push(tenantCharge(keys, today, bucketLimits.tenant));
    }

    const reservationId = generateId();
    const amounts: UsageAmounts = { costMicros: reservedCost, tokens: totalTokens, requests: 1 };
    if (buckets.length > 0) {
      const result = await store.reserve({ reservationId, tenantId, buckets, amounts, now, reservationExpiresAt }, { signal });
      if (!result.ok) {
        const { key, metric, limit, used, reserved } = result.refusal;
        const scope: BudgetScope = key.startsWith('s:') ? 'session' : key.startsWith('u:') ? 'user' : 'tenant';
        const name: BudgetLimitName = metric === 'requests' ? (scope === 'session' ? 'messages' : 'requests') : metric;
        refuse(scope, name, limit, amounts[metric], used + reserved, scope === 'session' ? undefined : today.endsAt, model);
      }
      if (signal?.aborted) {
        await release(reservationId, tenantId);
        throw abortError(signal, { providerId: provider.id, model });
      }
    }
    if (onEvent) report({ type: 'reserved', costMicros: reservedCost, tokens: totalTokens });
    return {
      reservationId,
      buckets,
      model,
      inputTokens,
      maxOutputTokens,
      price,
      tenantId,
      userId,
      sessionId,
    };
  };

  const release = async (reservationId: string, tenantId: string): Promise<void> => {
    if (onEvent) report({ type: 'released' });
    try {
      await store.release({ reservationId, tenantId, now: clock.now() });
    } catch (error) {
      onSettleError(error);
    }
  };

  /** Charges the call and returns its cost (undefined when the model has no price). */
  const charge = async (admission: Admission, inputTokens: number, outputTokens: number, model: string, providerId?: string, details?: Usage): Promise<number | undefined> => {
    // A fallback link may answer with another model: bill that model's price, and record who answered.
    const price = (model === admission.model ? undefined : priceOf(model)) ?? admission.price;
    // The vendor's cache and reasoning details apply only to the counts it reported.
    const billable = details ? (details.inputTokens === inputTokens && details.outputTokens === outputTokens ? details : { ...details, inputTokens, outputTokens }) : { inputTokens, outputTokens };
    const cost = price ? costMicros(price, billable) : undefined;
    const now = clock.now();
    if (onEvent) report({ type: 'settled', costMicros: cost ?? 0, tokens: inputTokens + outputTokens });
    try {
      await store.settle({
        reservationId: admission.reservationId,
        tenantId: admission.tenantId,
        buckets: admission.buckets,
        actual: { costMicros: cost ?? 0, tokens: inputTokens + outputTokens, requests: 1 },
        record: usageRecordOf(admission, providerId || provider.id, model, currentWindow(now).day, inputTokens, outputTokens, cost ?? 0),
        now,
      });
    } catch (error) {
      onSettleError(error);
    }
    return cost;
  };

  // Not async: it hands back charge's promise instead of wrapping it in one more.
  const settleResult = (admission: Admission, result: Pick<ChatResult<unknown>, 'usage' | 'text' | 'model' | 'provider' | 'degraded'>): Promise<number | undefined> => {
    // A degraded answer (the rule-based responder) used no model: nothing to bill.
    if (result.degraded) return release(admission.reservationId, admission.tenantId).then(() => undefined);
    const { usage, text } = result;
    const model = result.model || admission.model;
    // Some vendors (Hugging Face text generation) report no usage: fall back to our own counts.
    const reported = usage.inputTokens + usage.outputTokens > 0;
    const inputTokens = reported ? usage.inputTokens : admission.inputTokens;
    const outputTokens = reported ? usage.outputTokens : tokenCounter.countText(text, model).tokens;
    return charge(admission, inputTokens, outputTokens, model, result.provider, reported ? usage : undefined);
  };

  /** Releases, or charges input plus streamed output when the vendor has already billed it. */
  const settleFailure = async (admission: Admission, partialText: string): Promise<void> => {
    if (partialText.length === 0) return release(admission.reservationId, admission.tenantId);
    await charge(admission, admission.inputTokens, tokenCounter.countText(partialText, admission.model).tokens, admission.model);
  };

  const capped = <OBJECT>(request: ChatRequest<OBJECT>, admission: Admission): ChatRequest<OBJECT> =>
    request.maxOutputTokens === admission.maxOutputTokens ? request : withKey(request, 'maxOutputTokens', admission.maxOutputTokens);

  return wrapProvider(provider, {
    async wrapGenerate({ request, options, doGenerate }) {
      let admission: Admission;
      try {
        admission = await admit(request as ChatRequest<unknown>, options.signal);
      } catch (error) {
        unshareInputCount(request.messages);
        throw error;
      }
      let result: Awaited<ReturnType<typeof doGenerate>>;
      try {
        result = await doGenerate(capped(request, admission));
      } catch (error) {
        unshareInputCount(request.messages);
        await settleFailure(admission, ProviderError.isInstance(error) ? (error.partialText ?? '') : '');
        throw error;
      }
      unshareInputCount(request.messages);
      const cost = await settleResult(admission, result);
      return cost === undefined ? result : withKey(result, 'costMicros', cost);
    },

    wrapStream: ({ request, createStream }) =>
      createStream(async function* ({ signal, doStream }) {
        let admission: Admission;
        try {
          admission = await admit(request as ChatRequest<unknown>, signal);
        } catch (error) {
          unshareInputCount(request.messages);
          throw error;
        }
        let streamed = '';
        let settled = false;
        try {
          const inner = doStream(capped(request, admission));
          for await (const delta of streamParts(inner as ChatStream<unknown>)) {
            streamed += typeof delta === 'string' ? delta : delta.argumentsDelta;
            yield delta;
          }
          const result = await inner.result;
          settled = true;
          const cost = await settleResult(admission, result);
          const completion = completionOf(result);
          return cost === undefined ? completion : withKey(completion, 'costMicros', cost);
        } finally {
          unshareInputCount(request.messages);
          // Runs on failure, on abort, and when the consumer stops iterating early.
          if (!settled) await settleFailure(admission, streamed);
        }
      }),
  });
}
