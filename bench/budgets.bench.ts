/**
 * Token counting and budget checks.
 *
 * Counting: both tokenizer engines in the same run — one count of a 300-character ticket
 * (uncached), and re-counting a 20-message conversation in which one message is new (per-message
 * cache), against the uncached full count as baseline. Each engine's first use
 * (`createTokenCounter()` in a fresh process) is in startup.bench.ts.
 *
 * Budget check: `withBudget` around an instant provider, on the memory store and on Redis,
 * against the same provider unwrapped as baseline; plus one raw reserve + settle per store.
 */
import { Redis } from 'ioredis';
import { Bench } from 'tinybench';
import { createMemoryUsageStore } from '../src/adapters/memory/create-memory-usage-store.js';
import type { UsageStore } from '../src/core/usage/usage-store.js';
import { createRedisUsageStore } from '../src/adapters/redis/create-redis-usage-store.js';
import { createTokenCounter } from '../src/core/tokens/create-token-counter.js';
import type { TokenizerEngine } from '../src/core/tokens/load-encoder.js';
import type { ChatMessage, ChatResult, Provider } from '../src/core/types.js';
import { withBudget } from '../src/providers/budget/with-budget.js';
import { createChatStream } from '../src/core/create-chat-stream.js';

const ticket =
  "Hi team, my order #54321 still hasn't arrived after 12 days. The tracking page says 'label created' since last Monday. " +
  "I've emailed twice with no reply. Can someone tell me where it is or refund me? This is getting really frustrating, I need it by Friday. Ana";

const engines: readonly TokenizerEngine[] = ['gpt-tokenizer', 'tiktoken'];
const micro = (ns: number | undefined): string => (ns === undefined ? '-' : `${(ns / 1000).toFixed(1)} µs`);

function instantProvider(): Provider {
  const result: ChatResult<never> = {
    text: 'ok',
    object: undefined as never,
    finishReason: 'stop',
    usage: { inputTokens: 120, outputTokens: 20, totalTokens: 140 },
    provider: 'openai',
    model: 'gpt-4o-mini',
    latencyMs: 0,
    degraded: false,
    attempts: [],
  };
  return {
    id: 'openai',
    model: 'gpt-4o-mini',
    contextWindow: 128_000,
    generate: async () => result as never,
    stream: () => createChatStream(async function* () {
      yield 'ok';
      return result;
    }) as never,
  };
}

async function counting(): Promise<void> {
  const rows: Record<string, string>[] = [];
  for (const engine of engines) {
    const uncached = await createTokenCounter({ engine, cacheSize: 0 });
    const cached = await createTokenCounter({ engine });
    const history: ChatMessage[] = Array.from({ length: 19 }, (_, index) => ({ role: index % 2 ? 'assistant' : 'user', content: `${ticket} (${index})` }));
    let turn = 0;
    const bench = new Bench({ time: 1_000 });
    bench
      .add('count one 300-char ticket', () => {
        uncached.countText(`${ticket} ${turn++}`, 'gpt-4o-mini');
      })
      .add('20 messages, 1 new (cached)', () => {
        cached.countMessages([...history, { role: 'user', content: `${ticket} ${turn++}` }], 'gpt-4o-mini');
      })
      .add('20 messages, uncached (baseline)', () => {
        uncached.countMessages([...history, { role: 'user', content: `${ticket} ${turn++}` }], 'gpt-4o-mini');
      });
    await bench.run();
    const mean = (name: string): string => {
      const latency = bench.tasks.find((task) => task.name === name)?.result?.latency?.mean;
      return micro(latency === undefined ? undefined : latency * 1e6);
    };
    rows.push({
      engine,
      'count 300-char ticket': mean('count one 300-char ticket'),
      '20 msgs, 1 new (cached)': mean('20 messages, 1 new (cached)'),
      '20 msgs uncached (baseline)': mean('20 messages, uncached (baseline)'),
    });
  }
  console.log('Token counting (target: 20 messages with one new ≤ 200 µs; the first use of each engine, createTokenCounter() included, is in `npm run bench -- startup`)');
  console.table(rows);
}

async function budgetChecks(): Promise<void> {
  const stores: { name: string; store: UsageStore; close?: () => Promise<void> }[] = [{ name: 'memory', store: createMemoryUsageStore() }];
  let client: Redis | undefined;
  try {
    client = new Redis(process.env.CRMKIT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    stores.push({ name: 'redis', store: createRedisUsageStore({ client, keyPrefix: `crmkit-bench:${crypto.randomUUID().slice(0, 8)}:` }) });
  } catch {
    console.log('(Redis not reachable on 127.0.0.1:6379: Redis rows skipped)');
    client?.disconnect();
    client = undefined;
  }
  const counter = await createTokenCounter();
  const bare = instantProvider();
  const messages: ChatMessage[] = [{ role: 'system', content: 'You are the support assistant.' }, { role: 'user', content: ticket }];
  const bench = new Bench({ time: 1_000 });
  bench.add('bare provider (baseline)', async () => {
    await bare.generate({ messages });
  });
  let tenant = 0;
  for (const { name, store } of stores) {
    const budgeted = withBudget(bare, {
      store,
      tokenCounter: counter,
      limits: { perRequest: { outputTokens: 256 }, perSession: { messages: 1_000_000_000, costMicros: 1e15 }, perUserDaily: { costMicros: 1e15 }, perTenantDaily: { costMicros: 1e15 } },
    });
    bench.add(`withBudget, ${name} store (3 buckets)`, async () => {
      await budgeted.generate({ messages, metadata: { tenantId: `t${tenant++ % 16}`, userId: 'u', sessionId: 's' } });
    });
  }
  await bench.run();
  console.log('Budget check: one generate() through withBudget (count + reserve + settle) vs the bare provider');
  console.table(
    bench.tasks.map((task) => ({
      task: task.name,
      'mean latency': micro((task.result?.latency?.mean ?? 0) * 1e6),
      'p99 latency': micro((task.result?.latency?.p99 ?? 0) * 1e6),
      'ops/s': Math.round(task.result?.throughput?.mean ?? 0).toLocaleString('en-US'),
    })),
  );
  if (client) {
    const keys = await client.keys('crmkit-bench:*');
    if (keys.length > 0) await client.del(...keys);
    await client.quit();
  }
}

/** Prints the counting table (both engines) and the budget-check table (memory and Redis). */
export async function run(): Promise<void> {
  await counting();
  await budgetChecks();
}
