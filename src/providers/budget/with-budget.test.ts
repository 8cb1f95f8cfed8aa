import { describe, expect, it } from 'vitest';
import { abortError } from '../../core/abort.js';
import { ProviderError, ValidationError } from '../../core/errors.js';
import type { ChatRequest, ChatResult, Provider, Usage } from '../../core/types.js';
import { createMemoryUsageStore } from '../../adapters/memory/create-memory-usage-store.js';
import type { UsageStore } from '../../core/usage/usage-store.js';
import { createChatStream } from '../../core/create-chat-stream.js';
import { BudgetExceededError } from './budget-exceeded-error.js';
import { withBudget, type BudgetOptions } from './with-budget.js';

/** What the fake vendor does for one call. */
type Behaviour =
  | { readonly reply: string; readonly usage?: Usage; readonly deltas?: readonly string[] }
  | { readonly fail: ProviderError; readonly afterDeltas?: readonly string[] }
  | { readonly hang: true; readonly afterDeltas?: readonly string[] };

/** A tiny in-process provider: `behave` decides each call; every request is recorded. */
function fakeProvider(behave: (request: ChatRequest<unknown>, index: number) => Behaviour, model = 'gpt-4o-mini'): Provider & { requests: ChatRequest<unknown>[] } {
  const requests: ChatRequest<unknown>[] = [];
  const run = async function* (request: ChatRequest<unknown>, signal: AbortSignal | undefined): AsyncGenerator<string, ChatResult<unknown>> {
    const behaviour = behave(request, requests.push(request) - 1);
    await Promise.resolve();
    const deltas = 'reply' in behaviour ? (behaviour.deltas ?? [behaviour.reply]) : (behaviour.afterDeltas ?? []);
    for (const delta of deltas) {
      if (signal?.aborted) throw abortError(signal);
      yield delta;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if ('fail' in behaviour) throw behaviour.fail;
    if ('hang' in behaviour) {
      await new Promise((_, reject) => {
        if (signal?.aborted) reject(abortError(signal));
        signal?.addEventListener('abort', () => reject(abortError(signal)), { once: true });
      });
    }
    const reply = behaviour as { reply: string; usage?: Usage };
    return {
      text: reply.reply,
      object: undefined,
      finishReason: 'stop',
      usage: reply.usage ?? { inputTokens: 100, outputTokens: 50, totalTokens: 150 },
      provider: 'openai',
      model: request.model ?? model,
      latencyMs: 1,
      degraded: false,
      attempts: [],
    };
  };
  return {
    id: 'openai',
    model,
    contextWindow: 128_000,
    requests,
    async generate(request, options) {
      const generator = run(request as ChatRequest<unknown>, options?.signal);
      let step = await generator.next();
      while (!step.done) step = await generator.next();
      return step.value as ChatResult<never>;
    },
    stream(request, options) {
      return createChatStream(async function* (signal) {
        const { text: _text, latencyMs: _latency, ...rest } = (yield* run(request as ChatRequest<unknown>, signal)) as ChatResult<never>;
        return rest;
      }, { signal: options?.signal });
    },
  };
}

const ok = (): Behaviour => ({ reply: 'Your parcel is in Madrid.' });
const question = (metadata: ChatRequest['metadata'] = { tenantId: 'acme', userId: 'agent-7', sessionId: 's-1' }): ChatRequest => ({
  messages: [{ role: 'user', content: 'Where is my order #1001?' }],
  metadata,
});

/** A clock the tests move by hand: 2025-11-21 12:00 UTC. */
function manualClock(start = Date.parse('2025-11-21T12:00:00Z')): { now: () => number; set: (iso: string) => void; advance: (ms: number) => void } {
  let now = start;
  return { now: () => now, set: (iso) => (now = Date.parse(iso)), advance: (ms) => (now += ms) };
}

const price = { inputMicrosPerMillion: 150_000, outputMicrosPerMillion: 600_000 }; // gpt-4o-mini
const fixedCounter = { countText: (text: string) => ({ tokens: Math.ceil(text.length / 4), approximate: true }), countMessages: () => ({ tokens: 1_000, approximate: true }) };

function setup(options: Partial<BudgetOptions> = {}, behave: (request: ChatRequest<unknown>, index: number) => Behaviour = ok) {
  const store = options.store ?? createMemoryUsageStore();
  const clock = manualClock();
  const inner = fakeProvider(behave);
  const budgeted = withBudget(inner, { store, clock, tokenCounter: fixedCounter, ...options });
  return { store, clock, inner, budgeted };
}

async function reservedEverywhere(store: UsageStore, keys: string[]): Promise<number[]> {
  return (await store.readBuckets(keys)).map((state) => state.reserved.costMicros + state.reserved.tokens + state.reserved.requests);
}

const tenantKey = (day = '2025-11-21'): string => `t:acme:${day}`;

describe('withBudget', () => {
  it('reserves input + max output at price, then settles to the usage the vendor reported', async () => {
    const { store, budgeted, inner } = setup({ limits: { perTenantDaily: { costMicros: 100_000_000 } } });
    const result = await budgeted.generate(question());
    // 100 input and 50 output tokens of gpt-4o-mini: (100 × 150,000 + 50 × 600,000) / 1e6 = 45 µ$.
    expect(result.costMicros).toBe(45);
    expect(inner.requests[0]?.maxOutputTokens).toBe(256);
    const [tenant] = await store.readBuckets([tenantKey()]);
    expect(tenant).toEqual({ key: tenantKey(), used: { costMicros: 45, tokens: 150, requests: 1 }, reserved: { costMicros: 0, tokens: 0, requests: 0 } });
  });

  it('refuses, before calling the model, a reservation that would cross the tenant daily cost limit', async () => {
    // A reservation is 1,000 input + 256 output tokens: ceil((150,000,000 + 153,600,000) / 1e6) = 304 µ$.
    const { budgeted, inner, clock } = setup({ limits: { perTenantDaily: { costMicros: 350 } }, timeZone: 'Europe/Lisbon' });
    await budgeted.generate(question());
    await budgeted.generate(question());
    const error = await budgeted.generate(question()).catch((caught: unknown) => caught);
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    const refusal = error as BudgetExceededError;
    expect([refusal.kind, refusal.retryable, refusal.scope, refusal.limit, refusal.limitValue, refusal.requested, refusal.remaining]).toEqual([
      'budget_exceeded',
      false,
      'tenant',
      'costMicros',
      350,
      304,
      260, // 350 − 2 × 45 settled

    ]);
    expect(refusal.resetsAt?.toISOString()).toBe('2025-11-22T00:00:00.000Z'); // Lisbon midnight in winter = UTC
    expect(refusal.message).toContain('per-tenant daily cost limit');
    expect(refusal.message).not.toContain('acme');
    expect(inner.requests).toHaveLength(2);
    // A new day in the budget's time zone starts from zero.
    clock.set('2025-11-22T00:00:00Z');
    await expect(budgeted.generate(question())).resolves.toMatchObject({ costMicros: 45 });
  });

  it('enforces seed 003: 100 messages per session, 100 cents per session', async () => {
    const { budgeted } = setup({ limits: { perSession: { messages: 100, costMicros: 1_000_000 } } });
    for (let index = 0; index < 100; index++) await budgeted.generate(question());
    const error = (await budgeted.generate(question()).catch((caught: unknown) => caught)) as BudgetExceededError;
    expect([error.scope, error.limit, error.remaining, error.resetsAt]).toEqual(['session', 'messages', 0, undefined]);
    expect(error.message).toContain('start a new session');
    await expect(budgeted.generate(question({ tenantId: 'acme', sessionId: 's-2' }))).resolves.toBeDefined();
  });

  it('enforces the per-user daily limit in the configured time zone, rolling over at local midnight', async () => {
    const { budgeted, clock } = setup({ limits: { perUserDaily: { requests: 2 } }, timeZone: 'Asia/Tokyo' });
    clock.set('2025-11-21T14:59:00Z'); // 23:59 in Tokyo
    await budgeted.generate(question());
    await budgeted.generate(question());
    const error = (await budgeted.generate(question()).catch((caught: unknown) => caught)) as BudgetExceededError;
    expect([error.scope, error.limit, error.resetsAt?.toISOString()]).toEqual(['user', 'requests', '2025-11-21T15:00:00.000Z']);
    // Another user of the same tenant is not affected.
    await expect(budgeted.generate(question({ tenantId: 'acme', userId: 'agent-8' }))).resolves.toBeDefined();
    clock.advance(60_000); // 00:00 in Tokyo
    await expect(budgeted.generate(question())).resolves.toBeDefined();
  });

  it('refuses a request above the per-request output cap (seed 001: 256 tokens) without touching the store', async () => {
    const { budgeted, store, inner } = setup({ limits: { perRequest: { outputTokens: 256 }, perTenantDaily: { costMicros: 10_000 } } });
    const error = (await budgeted.generate({ ...question(), maxOutputTokens: 1_000 }).catch((caught: unknown) => caught)) as BudgetExceededError;
    expect([error.scope, error.limit, error.limitValue, error.requested]).toEqual(['request', 'outputTokens', 256, 1_000]);
    expect(inner.requests).toHaveLength(0);
    expect(await reservedEverywhere(store, [tenantKey()])).toEqual([0]);
  });

  it('releases the reservation when the vendor fails before answering', async () => {
    const { budgeted, store } = setup({ limits: { perTenantDaily: { costMicros: 10_000 } } }, () => ({ fail: new ProviderError('boom', { kind: 'server', status: 500 }) }));
    await expect(budgeted.generate(question())).rejects.toMatchObject({ kind: 'server' });
    const [tenant] = await store.readBuckets([tenantKey()]);
    expect([tenant?.used.costMicros, tenant?.reserved.costMicros]).toEqual([0, 0]);
  });

  it('charges input and streamed output when a failure comes after output (the vendor billed it)', async () => {
    const partial = new ProviderError('cut', { kind: 'truncated_stream', partialText: 'Your parcel is in Mad' });
    const { budgeted, store } = setup({ limits: { perTenantDaily: { costMicros: 10_000 } } }, () => ({ fail: partial }));
    await expect(budgeted.generate(question())).rejects.toBe(partial);
    const [tenant] = await store.readBuckets([tenantKey()]);
    // 1,000 input tokens + ceil(21 / 4) = 6 output tokens: ceil((150,000,000 + 3,600,000) / 1e6) = 154.
    expect([tenant?.used.costMicros, tenant?.used.tokens, tenant?.reserved.costMicros]).toEqual([154, 1_006, 0]);
  });

  it('releases when the caller aborts a call in flight, and refuses an already-aborted signal', async () => {
    const { budgeted, store, inner } = setup({ limits: { perTenantDaily: { costMicros: 10_000 } } }, () => ({ hang: true }));
    const controller = new AbortController();
    const call = budgeted.generate(question(), { signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await reservedEverywhere(store, [tenantKey()])).toEqual([304 + 1_256 + 1]);
    controller.abort();
    await expect(call).rejects.toMatchObject({ kind: 'aborted' });
    expect(await reservedEverywhere(store, [tenantKey()])).toEqual([0]);
    await expect(budgeted.generate(question(), { signal: AbortSignal.abort() })).rejects.toMatchObject({ kind: 'aborted' });
    expect(inner.requests).toHaveLength(1);
  });

  it('settles a stream when it completes and reports its cost', async () => {
    const { budgeted, store } = setup({ limits: { perTenantDaily: { costMicros: 10_000 } } }, () => ({ reply: 'Hello there', deltas: ['Hello', ' there'] }));
    const stream = budgeted.stream(question());
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    expect(deltas).toEqual(['Hello', ' there']);
    expect((await stream.result).costMicros).toBe(45);
    const [tenant] = await store.readBuckets([tenantKey()]);
    expect([tenant?.used.costMicros, tenant?.reserved.costMicros]).toEqual([45, 0]);
  });

  it('charges the streamed part when a stream is aborted mid-way, and releases when nothing streamed', async () => {
    const { budgeted, store } = setup({ limits: { perTenantDaily: { costMicros: 10_000 } } }, (_, index) => (index === 0 ? { hang: true, afterDeltas: ['Your parcel '] } : { hang: true }));
    const first = budgeted.stream(question());
    for await (const delta of first) {
      expect(delta).toBe('Your parcel ');
      break; // leaving the loop aborts the stream
    }
    await expect(first.result).rejects.toMatchObject({ kind: 'aborted' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    let [tenant] = await store.readBuckets([tenantKey()]);
    expect([tenant?.used.tokens, tenant?.reserved.costMicros]).toEqual([1_000 + 3, 0]);

    const second = budgeted.stream(question());
    await new Promise((resolve) => setTimeout(resolve, 5));
    second.abort();
    await expect(second.result).rejects.toMatchObject({ kind: 'aborted' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    [tenant] = await store.readBuckets([tenantKey()]);
    expect([tenant?.used.tokens, tenant?.used.requests, tenant?.reserved.costMicros]).toEqual([1_003, 1, 0]);
  });

  it('refuses a stream over budget through the stream itself', async () => {
    const { budgeted } = setup({ limits: { perTenantDaily: { requests: 0 } } });
    const stream = budgeted.stream(question());
    await expect(stream.result).rejects.toSatisfy((error: unknown) => BudgetExceededError.isInstance(error));
  });

  it('keeps 100 concurrent calls racing one limit within the limit plus one reservation, and ends with nothing reserved', async () => {
    let calls = 0;
    const { budgeted, store } = setup({ limits: { perTenantDaily: { costMicros: 5_000 } } }, () => {
      calls++;
      if (calls % 4 === 0) return { fail: new ProviderError('overloaded', { kind: 'overloaded' }) };
      if (calls % 4 === 1) return { fail: new ProviderError('cut', { kind: 'network', partialText: 'partial answer' }) };
      return { reply: 'ok', usage: { inputTokens: 1_000, outputTokens: 256, totalTokens: 1_256 } };
    });
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, () => budgeted.generate(question())));
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected' && BudgetExceededError.isInstance(outcome.reason)).length;
    expect(refused).toBeGreaterThan(0);
    const [tenant] = await store.readBuckets([tenantKey()]);
    expect(tenant?.used.costMicros).toBeLessThanOrEqual(5_000 + 304);
    expect(tenant?.reserved).toEqual({ costMicros: 0, tokens: 0, requests: 0 });
  });

  it('records usage per tenant, user, provider, model and day for getUsage', async () => {
    const { budgeted, store, clock } = setup({ timeZone: 'America/New_York' });
    await budgeted.generate(question());
    await budgeted.generate({ ...question(), model: 'gpt-4o' });
    clock.set('2025-11-22T04:59:00Z'); // still the 21st in New York
    await budgeted.generate(question({ tenantId: 'acme', userId: 'agent-8' }));
    clock.set('2025-11-22T05:00:00Z');
    await budgeted.generate(question());
    const report = await store.getUsage({ tenantId: 'acme' });
    expect([report.requests, report.inputTokens, report.outputTokens]).toEqual([4, 400, 200]);
    expect(report.byModel.map((row) => [row.model, row.requests])).toEqual([
      ['gpt-4o', 1],
      ['gpt-4o-mini', 3],
    ]);
    expect(report.byDay.map((row) => [row.day, row.requests])).toEqual([
      ['2025-11-21', 3],
      ['2025-11-22', 1],
    ]);
    expect((await store.getUsage({ tenantId: 'acme', userId: 'agent-8' })).requests).toBe(1);
  });

  it('gives every reservation an id of its own, across wrappers sharing a store', async () => {
    const memory = createMemoryUsageStore();
    const ids: string[] = [];
    const store: UsageStore = { ...memory, reserve: (request, options) => (ids.push(request.reservationId), memory.reserve(request, options)) };
    const limits = { perTenantDaily: { requests: 1_000 } };
    const first = setup({ store, limits }).budgeted;
    const second = setup({ store, limits }).budgeted;
    for (let call = 0; call < 3; call++) await Promise.all([first.generate(question()), second.generate(question())]);
    expect(new Set(ids).size).toBe(6);
    expect((await memory.readBuckets([tenantKey()]))[0]?.used.requests).toBe(6);
  });

  it('falls back to its own counts when the vendor reports no usage', async () => {
    const { budgeted } = setup({}, () => ({ reply: 'x'.repeat(40), usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } }));
    const result = await budgeted.generate(question());
    expect(result.costMicros).toBe(Math.ceil((1_000 * 150_000 + 10 * 600_000) / 1_000_000));
  });

  it('refuses cost limits on a model without a price, and uses defaultPrice or host prices when given', async () => {
    expect(() => withBudget(fakeProvider(ok, 'my-fine-tune'), { store: createMemoryUsageStore(), limits: { perTenantDaily: { costMicros: 1 } } })).toThrow(ValidationError);
    const { budgeted } = setup({ limits: { perTenantDaily: { costMicros: 1_000_000 } } });
    await expect(budgeted.generate({ ...question(), model: 'my-fine-tune' })).rejects.toMatchObject({ kind: 'invalid_request' });
    const priced = setup({ limits: { perTenantDaily: { costMicros: 1_000_000 } }, prices: { 'my-fine-tune': { inputMicrosPerMillion: 1_000_000, outputMicrosPerMillion: 0 } } });
    await expect(priced.budgeted.generate({ ...question(), model: 'my-fine-tune' })).resolves.toMatchObject({ costMicros: 100 });
    const fallback = setup({ defaultPrice: price, limits: { perTenantDaily: { costMicros: 1_000_000 } } });
    await expect(fallback.budgeted.generate({ ...question(), model: 'my-fine-tune' })).resolves.toMatchObject({ costMicros: 45 });
    const unlimited = setup();
    const result = await unlimited.budgeted.generate({ ...question(), model: 'my-fine-tune' });
    expect(result.costMicros).toBeUndefined();
  });

  it('validates its options, naming each field', () => {
    const error = (() => {
      try {
        withBudget(fakeProvider(ok), { store: createMemoryUsageStore(), timeZone: 'Mars/Olympus', limits: { perTenantDaily: { costMicros: -1 } }, defaultMaxOutputTokens: 0 });
      } catch (caught) {
        return caught as ValidationError;
      }
      return undefined;
    })();
    expect(error?.issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['timeZone', 'limits.perTenantDaily.costMicros', 'defaultMaxOutputTokens']));
  });

  it('requires the ledger to be injected: without a store it refuses to build, naming the field', () => {
    const build = () => withBudget(fakeProvider(ok), {} as unknown as Parameters<typeof withBudget>[1]);
    expect(build).toThrow(ValidationError);
    expect(build).toThrow(expect.objectContaining({ issues: expect.arrayContaining([expect.objectContaining({ path: 'store' })]) }));
  });

  it('keeps the call result when settling fails, and reports the store error', async () => {
    const failing = createMemoryUsageStore();
    const errors: unknown[] = [];
    const store: UsageStore = { ...failing, settle: () => Promise.reject(new Error('redis down')) };
    const { budgeted } = setup({ store, onSettleError: (error) => errors.push(error), limits: { perTenantDaily: { costMicros: 10_000 } } });
    await expect(budgeted.generate(question())).resolves.toMatchObject({ costMicros: 45 });
    expect(errors).toHaveLength(1);
  });
});
