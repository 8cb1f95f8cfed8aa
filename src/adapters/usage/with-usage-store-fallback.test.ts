import { describe, expect, it } from 'vitest';
import { AdapterError } from '../adapter-error.js';
import { createMemoryUsageStore } from '../memory/create-memory-usage-store.js';
import type { BucketCharge, UsageStore } from '../../core/usage/usage-store.js';
import { withUsageStoreFallback, type UsageStoreFallbackOptions } from './with-usage-store-fallback.js';

const now = Date.parse('2025-11-21T09:00:00Z');
const buckets: BucketCharge[] = [{ key: 'tenant:acme:2025-11-21', limits: { costMicros: 1_000 }, expiresAt: now + 86_400_000 }];
const amounts = { costMicros: 300, tokens: 0, requests: 1 };

/** A shared store whose server can be taken away and brought back. */
function flakyStore(): { store: UsageStore; shared: UsageStore; setDown(down: boolean): void } {
  const shared = createMemoryUsageStore();
  let down = false;
  const guard = <T>(call: () => Promise<T>): Promise<T> =>
    down ? Promise.reject(new AdapterError('Redis refused the connection (ECONNREFUSED)', { kind: 'unavailable', adapter: 'test-store' })) : call();
  const store: UsageStore = {
    reserve: (request) => guard(() => shared.reserve(request)),
    settle: (request) => guard(() => shared.settle(request)),
    release: (request) => guard(() => shared.release(request)),
    readBuckets: (keys) => guard(() => shared.readBuckets(keys)),
    getUsage: (query) => guard(() => shared.getUsage(query)),
  };
  return { store, shared, setDown: (value) => void (down = value) };
}

const reserve = (store: UsageStore, reservationId = crypto.randomUUID()): ReturnType<UsageStore['reserve']> =>
  store.reserve({ reservationId, buckets, amounts, now, reservationExpiresAt: now + 600_000 });

function setup(options: UsageStoreFallbackOptions): ReturnType<typeof flakyStore> & { wrapped: UsageStore; events: string[] } {
  const flaky = flakyStore();
  const events: string[] = [];
  const wrapped = withUsageStoreFallback(flaky.store, { ...options, retryAfterMs: 0, onUnavailable: (event) => events.push(`${event.operation}:${event.policy}`) });
  return { ...flaky, wrapped, events };
}

describe('withUsageStoreFallback', () => {
  it("'fail-closed' (the default): a reservation fails with the store's retryable AdapterError; nothing is admitted", async () => {
    const { wrapped, setDown, events } = setup({});
    setDown(true);
    await expect(reserve(wrapped)).rejects.toMatchObject({ name: 'AdapterError', kind: 'unavailable', retryable: true });
    expect(events).toEqual(['reserve:fail-closed']);
  });

  it("'fail-open': admits while the store is down and writes the spend to it, once, when it is back", async () => {
    const { wrapped, shared, setDown } = setup({ whenUnavailable: 'fail-open' });
    setDown(true);
    const reservationId = crypto.randomUUID();
    expect(await reserve(wrapped, reservationId)).toEqual({ ok: true });
    await wrapped.settle({ reservationId, buckets, actual: amounts, now });
    await wrapped.settle({ reservationId, buckets, actual: amounts, now }); // a retry: charged once
    setDown(false);
    expect(await reserve(wrapped)).toEqual({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const [state] = await shared.readBuckets([buckets[0]!.key]);
    expect(state?.used.costMicros).toBe(300);
  });

  it("'local-share': admits this process's share of each limit while the store is down, then refuses", async () => {
    const { wrapped, setDown } = setup({ whenUnavailable: 'local-share', instances: 3 });
    setDown(true);
    // 1 000 / 3 = 333 micro-dollars here: one reservation of 300 fits, the second does not.
    expect(await reserve(wrapped)).toEqual({ ok: true });
    expect(await reserve(wrapped)).toMatchObject({ ok: false, refusal: { metric: 'costMicros', limit: 333 } });
  });

  it('passes refusals and non-retryable errors through untouched', async () => {
    const { wrapped } = setup({ whenUnavailable: 'fail-open' });
    for (let index = 0; index < 3; index++) await reserve(wrapped);
    expect(await reserve(wrapped)).toMatchObject({ ok: false });
    const broken: UsageStore = { ...createMemoryUsageStore(), reserve: () => Promise.reject(new AdapterError('tables missing', { kind: 'invalid_state', adapter: 'x' })) };
    await expect(reserve(withUsageStoreFallback(broken, { whenUnavailable: 'fail-open' }))).rejects.toMatchObject({ kind: 'invalid_state' });
  });

  it('asks for instances with local-share', () => {
    expect(() => withUsageStoreFallback(createMemoryUsageStore(), { whenUnavailable: 'local-share' })).toThrow(/instances/);
  });
});
