import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep as realSleep } from '../../core/abort.js';
import type { Sleep } from '../../core/clock.js';
import { ProviderError } from '../../core/errors.js';
import { createFakeProviderServer, fake, type FakeProviderServer, type FakeResponse } from '../../testing/fake-provider-server/index.js';
import { createMockProvider } from '../../testing/mock-provider.js';
import { createProviderChain } from './create-provider-chain.js';
import { seededRandom } from '../../core/seeded-random.js';


const faults: readonly (() => FakeResponse)[] = [
  () => fake.fault('rate_limited', { retryAfterSeconds: 1 }),
  () => fake.fault('rate_limited', { retryAfterSeconds: 90 }),
  () => fake.fault('quota_exhausted'),
  () => fake.fault('context_length'),
  () => fake.fault('auth'),
  () => fake.fault('server'),
  () => fake.fault('overloaded'),
  () => fake.fault('model_loading', { estimatedTimeSeconds: 1 }),
  () => fake.fault('invalid_request'),
  () => fake.fault('content_filter'),
  () => fake.streamError('server', { text: 'partial ' }),
  () => fake.truncate('cut '),
  () => fake.reset(),
  () => fake.http(502, 'Bad gateway'),
];

describe('soak: 2,000 calls at concurrency 50 with 20% faults in all three vendor formats', () => {
  let server: FakeProviderServer;
  beforeAll(async () => {
    server = await createFakeProviderServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('every call answers or fails with a typed error, attempts stay within bounds, nothing hangs', async () => {
    const random = seededRandom(20_261_121);
    server.script(() => (random() < 0.2 ? (faults[Math.floor(random() * faults.length)] as () => FakeResponse)() : fake.reply('ok', { chunks: ['o', 'k'] })));
    // Backoff waits pass at once; timeouts and the deadline run on real timers.
    const sleep: Sleep = (ms, signal) => (ms < 10_000 ? Promise.resolve() : realSleep(ms, signal));
    const maxAttempts = 3;
    const rules = createMockProvider({ id: 'rules', reply: 'degraded answer' });
    const chain = await createProviderChain({
      providers: [
        { type: 'openai', apiKey: 'sk-soak', baseURL: server.openaiBaseURL, retry: { maxAttempts } },
        { type: 'anthropic', apiKey: 'sk-ant-soak', baseURL: server.anthropicBaseURL, retry: { maxAttempts } },
        { type: 'huggingface', apiKey: 'hf_soak', baseURL: server.huggingfaceBaseURL, retry: { maxAttempts } },
      ],
      fallback: rules,
      sleep,
      random,
    });

    const total = 2_000;
    const concurrency = 50;
    let next = 0;
    const outcomes = { answered: 0, degraded: 0, typedFailure: 0, other: 0 };
    let maxSeenAttempts = 0;
    const worker = async (): Promise<void> => {
      while (next < total) {
        const index = next++;
        const request = { messages: [{ role: 'user' as const, content: `call ${index}` }] };
        const guard = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`call ${index} hung`)), 15_000).unref());
        guard.catch(() => undefined);
        try {
          const result = await Promise.race([index % 3 === 0 ? chain.stream(request).result : chain.generate(request), guard]);
          maxSeenAttempts = Math.max(maxSeenAttempts, result.attempts.length);
          if (result.degraded) outcomes.degraded++;
          else outcomes.answered++;
        } catch (error) {
          if (ProviderError.isInstance(error)) {
            outcomes.typedFailure++;
            maxSeenAttempts = Math.max(maxSeenAttempts, error.attempts.length);
          } else {
            outcomes.other++;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));

    expect(outcomes.other).toBe(0);
    expect(outcomes.answered + outcomes.degraded + outcomes.typedFailure).toBe(total);
    // auth and quota faults open a provider's circuit for 5 s, so many calls end degraded: by design.
    expect(outcomes.answered).toBeGreaterThan(0);
    expect(new Set(server.requests.map((request) => request.vendor))).toEqual(new Set(['openai', 'anthropic', 'huggingface']));
    // Three providers × maxAttempts, plus the degraded responder.
    expect(maxSeenAttempts).toBeLessThanOrEqual(3 * maxAttempts + 1);
    expect(rules.pendingCount).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.openConnections).toBeLessThanOrEqual(3 * concurrency); // idle keep-alive sockets of three SDK clients
    expect(server.requests.filter((request) => request.outcome === 'pending')).toHaveLength(0);
  }, 120_000);
});
