/**
 * `npm run bench -- resilience`: the resilience layers in process, where no network noise can
 * hide overhead: the limiter alone (createLocalRateLimiter vs bottleneck's local scheduler) and a
 * zero-latency provider under the createProviderChain stack (retry, breaker, local limiter,
 * timeout, chain) and under the assistant's full stack (the same plus withBudget). The loopback
 * figures beside the peers are in stack.bench.ts.
 */
import Bottleneck from 'bottleneck';
import { Bench } from 'tinybench';
import { createMemoryUsageStore } from '../src/adapters/memory/create-memory-usage-store.js';
import { defaultAssistantLimits } from '../src/assistant/create-crm-assistant.js';
import { createApproximateTokenCounter } from '../src/core/token-counter.js';
import { withBudget } from '../src/providers/budget/with-budget.js';
import { createLocalRateLimiter, createProviderChain } from '../src/providers/resilience/index.js';
import { createMockProvider } from '../src/testing/mock-provider.js';
import type { Provider } from '../src/core/types.js';

const request = { messages: [{ role: 'user' as const, content: 'Where is order #54321?' }], maxOutputTokens: 50 };

const benchLimits = { requestsPerMinute: 1_000_000, tokensPerMinute: 100_000_000, maxConcurrent: 256 };

/** The stack exactly as createProviderChain builds it: retry → breaker → rate limit → (timeout) → provider, in a chain with a deadline. */
function stackOver(provider: Provider): Promise<Provider> {
  return createProviderChain({ providers: [{ type: 'custom', provider, rateLimit: benchLimits }] });
}

export async function run(): Promise<void> {
  // The loopback figures (latency, throughput at c=32, failover) beside the peers are in stack.bench.ts.
  // In-process: the limiter alone, and the whole stack over a zero-latency provider.
  const local = createLocalRateLimiter({ requestsPerMinute: 1_000_000_000, maxConcurrent: 1_000 });
  const bottleneck = new Bottleneck({ maxConcurrent: 1_000, reservoir: 1_000_000_000 });
  const instant = createMockProvider({ model: 'gpt-4o-mini', reply: { text: 'ok', usage: { inputTokens: 10, outputTokens: 1, totalTokens: 11 } } });
  const instantStack = await stackOver(instant);
  const instantBudgeted = withBudget(instantStack, { store: createMemoryUsageStore(), limits: defaultAssistantLimits, tokenCounter: createApproximateTokenCounter(), timeZone: 'UTC' });
  const bench = new Bench({ time: 1_000 });
  bench
    .add('limiter: createLocalRateLimiter acquire+release', async () => (await local.acquire({ tokens: 0 })).release())
    .add('limiter: bottleneck local schedule', () => bottleneck.schedule(() => Promise.resolve()))
    .add('provider: zero-latency mock, bare', () => instant.generate(request))
    .add('provider: zero-latency mock, createProviderChain stack (no budget)', () => instantStack.generate(request))
    .add("provider: zero-latency mock, the assistant's full stack (chain + withBudget)", () => instantBudgeted.generate({ ...request, metadata: { tenantId: 'bench', userId: 'agent-1' } }));
  await bench.run();
  console.log('In-process overhead (no network):');
  console.table(
    bench.tasks.map((task) => {
      const latency = task.result && 'latency' in task.result ? task.result.latency : undefined;
      return {
        task: task.name,
        'mean (µs)': latency ? (latency.mean * 1000).toFixed(2) : 'n/a',
        'p50 (µs)': latency?.p50 !== undefined ? (latency.p50 * 1000).toFixed(2) : 'n/a',
        'p99 (µs)': latency?.p99 !== undefined ? (latency.p99 * 1000).toFixed(2) : 'n/a',
        'ops/s': task.result && 'throughput' in task.result ? task.result.throughput.mean.toFixed(0) : 'n/a',
      };
    }),
  );
  await bottleneck.stop();
}
