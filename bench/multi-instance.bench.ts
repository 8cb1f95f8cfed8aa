/**
 * Chat-sized waits under shared rate limits (issue 14): 70 concurrent `ask` calls over two
 * providers limited to 60 and 50 requests per minute (seed 002's limits) by Redis rate limiters,
 * plus the rule-based responder, wired as docs/deployment.md shows (Redis limiters, retry,
 * fallback chain with the rules as its last link, a Redis usage ledger). Two bursts back to back:
 * the first fits the limits (110 a minute), the second finds OpenAI's minute used up and
 * Anthropic's nearly so, so the rules answer the rest. Requirement: p99 time to an answer ≤ 1 s,
 * every answer accounted for (model or rules), and no vendor ever answering 429 (the fake
 * servers enforce the same limits).
 *
 * Needs Redis on 127.0.0.1:6379 (or CRMKIT_TEST_REDIS_URL).
 */
import { createCrmAssistant } from '../src/assistant/create-crm-assistant.js';
import { createMemoryMemberSource } from '../src/adapters/memory/create-memory-member-source.js';
import { createRedisRateLimiter } from '../src/adapters/redis/create-redis-rate-limiter.js';
import { createRedisUsageStore } from '../src/adapters/redis/create-redis-usage-store.js';
import { createRuleBasedResponder } from '../src/fallback/index.js';
import { createAnthropicProvider } from '../src/providers/anthropic/create-anthropic-provider.js';
import { createOpenAIProvider } from '../src/providers/openai/create-openai-provider.js';
import { createFallbackChain } from '../src/providers/resilience/create-fallback-chain.js';
import { withRateLimit } from '../src/providers/resilience/with-rate-limit.js';
import { withRetry } from '../src/providers/resilience/with-retry.js';
import { createFakeProviderServer } from '../src/testing/fake-provider-server/index.js';
import { createSampleData } from '../src/testing/sample-data.js';

const redisUrl = process.env.CRMKIT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export async function run(): Promise<void> {
  const runId = `crmkit-bench-${process.pid}-${Date.now()}`;
  const [openaiServer, anthropicServer] = await Promise.all([
    createFakeProviderServer({ defaultReply: 'Follow up with the members listed.', rateLimits: { requestsPerMinute: 60 } }),
    createFakeProviderServer({ defaultReply: 'Follow up with the members listed.', rateLimits: { requestsPerMinute: 50 } }),
  ]);
  const limiters = await Promise.all([
    createRedisRateLimiter({ url: redisUrl, key: `${runId}-openai`, requestsPerMinute: 60 }),
    createRedisRateLimiter({ url: redisUrl, key: `${runId}-anthropic`, requestsPerMinute: 50 }),
  ]);
  const usageStore = createRedisUsageStore({ url: redisUrl, keyPrefix: `${runId}:usage:` });
  try {
    const openai = withRateLimit(withRetry(createOpenAIProvider({ apiKey: 'sk-bench-000000000000000000000000', baseURL: openaiServer.openaiBaseURL, model: 'gpt-4o-mini' })), { limiter: limiters[0] });
    const anthropic = withRateLimit(withRetry(createAnthropicProvider({ apiKey: 'sk-ant-bench-0000000000000000', baseURL: anthropicServer.anthropicBaseURL })), { limiter: limiters[1] });
    const data = createSampleData();
    const assistant = createCrmAssistant({
      provider: createFallbackChain([openai, anthropic], { degraded: createRuleBasedResponder() }),
      data: { members: createMemoryMemberSource({ members: data.members }) },
      usageStore,
    });

    // Warm up off the books (SDKs load lazily, the first prompt compiles): a server of its own and
    // an assistant without a provider, so the measured bursts use the limits from zero.
    const warmServer = await createFakeProviderServer();
    await createOpenAIProvider({ apiKey: 'sk-bench-000000000000000000000000', baseURL: warmServer.openaiBaseURL }).generate({ messages: [{ role: 'user', content: 'hi' }] });
    await createAnthropicProvider({ apiKey: 'sk-ant-bench-0000000000000000', baseURL: warmServer.anthropicBaseURL }).generate({ messages: [{ role: 'user', content: 'hi' }] });
    await warmServer.close();
    const warm = createCrmAssistant({ data: { members: createMemoryMemberSource({ members: data.members }) } });
    await warm.ask({ tenantId: data.tenantId, query: 'What are member IDs I need to follow up today?', filter: 'today' });
    await usageStore.readBuckets(['warm-up']);

    const rows: Record<string, string | number>[] = [];
    for (const burst of ['first 70 (fit the limits)', 'next 70 (limits used up)']) {
      const startedAt = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 70 }, async (_, index) => {
          const callStartedAt = performance.now();
          const answer = await assistant.ask({ tenantId: data.tenantId, query: 'What are member IDs I need to follow up today?', filter: 'today', userId: `agent-${index % 7}` });
          return { ms: performance.now() - callStartedAt, provider: answer.connected ? answer.provider : 'rules' };
        }),
      );
      const times = answers.map((answer) => answer.ms).sort((a, b) => a - b);
      const bySource = (source: string): number => answers.filter((answer) => answer.provider === source).length;
      rows.push({
        burst,
        answered: answers.length,
        openai: bySource('openai'),
        anthropic: bySource('anthropic'),
        rules: bySource('rules'),
        'p50 ms': Number(percentile(times, 50).toFixed(1)),
        'p99 ms': Number(percentile(times, 99).toFixed(1)),
        'max ms': Number((times.at(-1) ?? 0).toFixed(1)),
        'wall ms': Number((performance.now() - startedAt).toFixed(1)),
      });
    }
    console.table(rows);
    const refused = [...openaiServer.requests, ...anthropicServer.requests].filter((request) => request.outcome !== 'completed').length;
    console.log(`vendor requests: OpenAI ${openaiServer.requests.length} (limit 60/min), Anthropic ${anthropicServer.requests.length} (limit 50/min); not completed (429 or other): ${refused}`);
  } finally {
    await Promise.all([...limiters.map((limiter) => limiter.disconnect()), usageStore.end(), openaiServer.close(), anthropicServer.close()]);
  }
}
