import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { runUsageStoreContract } from '../../testing/adapter-contract/run-usage-store-contract.js';
import { createMemoryUsageStore } from './create-memory-usage-store.js';

runUsageStoreContract({ name: 'memory', test: { describe, it }, createStore: () => createMemoryUsageStore() });

describe('createMemoryUsageStore', () => {
  const now = Date.parse('2025-11-21T09:00:00.000Z');
  const amounts = { costMicros: 10, tokens: 5, requests: 1 };

  it('accepts ids with well-formed surrogate pairs (emoji) and still names a lone surrogate', async () => {
    const store = createMemoryUsageStore();
    const buckets = [{ key: 't:🏠 Acme:2025-11-21', limits: { costMicros: 100 }, expiresAt: now + 86_400_000 }];
    await expect(store.reserve({ reservationId: 'r-🙂', tenantId: 'Acme 🏠', buckets, amounts, now, reservationExpiresAt: now + 60_000 })).resolves.toEqual({ ok: true });
    const record = { tenantId: 'Acme 🏠', userId: 'agent 👩‍💻', provider: 'openai', model: 'gpt-4o-mini', day: '2025-11-21', requests: 1, inputTokens: 3, outputTokens: 2, costMicros: 10 };
    await store.settle({ reservationId: 'r-🙂', tenantId: 'Acme 🏠', buckets, actual: amounts, record, now });
    expect((await store.readBuckets([buckets[0]!.key]))[0]?.used).toEqual(amounts);
    expect((await store.getUsage({ tenantId: 'Acme 🏠' })).requests).toBe(1);
    const refused = await store.release({ reservationId: 'r-\ud83d', now }).catch((error: unknown) => error);
    expect(ValidationError.isInstance(refused) && refused.issues.map((issue) => issue.path)).toEqual(['reservationId']);
  });

  it('releases an expired reservation from the bucket it was made on, never from a newer bucket under the same key', async () => {
    const store = createMemoryUsageStore();
    const key = 'u:acme:agent-7:2025-11-21';
    const charge = (expiresAt: number) => [{ key, limits: { requests: 1 }, expiresAt }];
    await store.reserve({ reservationId: 'abandoned', buckets: charge(now + 1_000), amounts, now, reservationExpiresAt: now + 2_000 });
    // Both have expired when another call settles on the key: its charge opens a new bucket.
    await store.settle({ reservationId: 'settled', buckets: charge(now + 90_000), actual: amounts, now: now + 3_000 });
    // The abandoned reservation is swept now; the new bucket, already at its limit, must stay there.
    const over = await store.reserve({ reservationId: 'next', buckets: charge(now + 90_000), amounts, now: now + 3_000, reservationExpiresAt: now + 60_000 });
    expect(over.ok).toBe(false);
    const [state] = await store.readBuckets([key]);
    expect([state?.used, state?.reserved]).toEqual([amounts, { costMicros: 0, tokens: 0, requests: 0 }]);
  });
});
