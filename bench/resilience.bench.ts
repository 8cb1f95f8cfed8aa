/**
 * `npm run bench -- resilience`: what the resilience stack costs, against the loopback fake
 * provider server, next to its baselines in the same run.
 *
 * 1. Added latency (p50 / p99) of the full per-provider stack (retry + circuit breaker + local
 *    rate limit + timeouts + fallback chain) over the vendor provider and over the bare SDK.
 * 2. Throughput at concurrency 32 as a ratio to the bare SDK.
 * 3. Failover time from an instant primary failure to the fallback's answer.
 * 4. In-process: the limiter alone (createLocalRateLimiter vs bottleneck's local scheduler) and
 *    the wrapper stack over a zero-latency provider, where network noise cannot hide overhead.
 */
import Bottleneck from 'bottleneck';
import OpenAI from 'openai';
import { Bench } from 'tinybench';
import { createOpenAIProvider } from '../src/providers/openai/index.js';
import { createLocalRateLimiter, createProviderChain } from '../src/providers/resilience/index.js';
import { createFakeProviderServer, fake } from '../src/testing/fake-provider-server/index.js';
import { createMockProvider } from '../src/testing/mock-provider.js';
import type { Provider } from '../src/core/types.js';

const request = { messages: [{ role: 'user' as const, content: 'Where is order #54321?' }], maxOutputTokens: 50 };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const benchLimits = { requestsPerMinute: 1_000_000, tokensPerMinute: 100_000_000, maxConcurrent: 256 };

/** The stack exactly as createProviderChain builds it: retry → breaker → rate limit → (timeout) → provider, in a chain with a deadline. */
function stackOver(provider: Provider): Promise<Provider> {
  return createProviderChain({ providers: [{ type: 'custom', provider, rateLimit: benchLimits }] });
}

async function sequentialLatencies(variants: Record<string, () => Promise<unknown>>, rounds: number): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    // Interleaved, so drift (GC, CPU frequency) hits every variant alike.
    for (const [name, call] of Object.entries(variants)) {
      const startedAt = performance.now();
      await call();
      samples[name]!.push(performance.now() - startedAt);
    }
  }
  for (const list of Object.values(samples)) list.sort((a, b) => a - b);
  return samples;
}

async function throughput(call: () => Promise<unknown>, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await call();
    }),
  );
  return total / ((performance.now() - startedAt) / 1000);
}

export async function run(): Promise<void> {
  const server = await createFakeProviderServer();
  try {
    const sdk = new OpenAI({ apiKey: 'sk-bench', baseURL: server.openaiBaseURL, maxRetries: 0 });
    const vendor = createOpenAIProvider({ apiKey: 'sk-bench', baseURL: server.openaiBaseURL });
    // For a vendor the per-attempt timeouts are the vendor's own (createProviderChain passes them on).
    const stack = await createProviderChain({ providers: [{ type: 'openai', apiKey: 'sk-bench', baseURL: server.openaiBaseURL, rateLimit: benchLimits }] });
    const variants = {
      'bare SDK': () => sdk.chat.completions.create({ model: 'gpt-4o-mini', messages: request.messages, max_completion_tokens: 50 }),
      'vendor provider': () => vendor.generate(request),
      'full stack': () => stack.generate(request),
    };
    for (const call of Object.values(variants)) for (let index = 0; index < 200; index++) await call(); // warm-up
    server.reset();
    const latencies = await sequentialLatencies(variants, 2_000);
    const base = latencies['bare SDK']!;
    const provider = latencies['vendor provider']!;
    console.log('Latency per call, sequential, against the fake server (ms):');
    console.table(
      Object.entries(latencies).map(([name, list]) => ({
        variant: name,
        p50: percentile(list, 50).toFixed(3),
        p99: percentile(list, 99).toFixed(3),
        'added p50 vs SDK': (percentile(list, 50) - percentile(base, 50)).toFixed(3),
        'added p99 vs SDK': (percentile(list, 99) - percentile(base, 99)).toFixed(3),
        'added p50 vs provider': (percentile(list, 50) - percentile(provider, 50)).toFixed(3),
        'added p99 vs provider': (percentile(list, 99) - percentile(provider, 99)).toFixed(3),
      })),
    );

    // The client and the fake server share this process and its 2 cores, so one run of each variant
    // is at the mercy of GC, JIT timing and the VM's neighbours: rotate the order over several rounds,
    // and compare each variant with the SDK run of the same round (drift then hits both alike). The
    // ratio reported is the median of those per-round ratios; calls/s is each variant's median rate.
    const names = Object.keys(variants) as (keyof typeof variants)[];
    const runs: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    const rounds = 9;
    for (let round = 0; round < rounds; round++) {
      for (let offset = 0; offset < names.length; offset++) {
        const name = names[(round + offset) % names.length]!;
        // The fake server keeps every request for assertions; forgetting them keeps its heap (and
        // the major GCs that would land on whichever variant runs next) out of the measurement.
        server.reset();
        runs[name]!.push(await throughput(variants[name], 2_000, 32));
      }
    }
    const median = (values: readonly number[]): number => percentile([...values].sort((a, b) => a - b), 50);
    const sdkRuns = runs['bare SDK']!;
    console.log(`Throughput at concurrency 32 against the fake server (${rounds} rotated rounds of 2,000 calls):`);
    console.table(
      names.map((name) => ({
        variant: name,
        'calls/s (median)': median(runs[name]!).toFixed(0),
        'ratio to SDK (median of per-round ratios)': median(runs[name]!.map((rate, round) => rate / sdkRuns[round]!)).toFixed(3),
        'per-round ratios': runs[name]!.map((rate, round) => (rate / sdkRuns[round]!).toFixed(2)).join(' '),
      })),
    );

    // Failover: the primary answers 503 at once; the fallback answers.
    server.script((recorded) => (recorded.vendor === 'openai' ? fake.fault('overloaded') : undefined));
    const failoverChain = await createProviderChain({
      providers: [
        { type: 'openai', apiKey: 'sk-bench', baseURL: server.openaiBaseURL, retry: false, circuitBreaker: false },
        { type: 'anthropic', apiKey: 'sk-ant-bench', baseURL: server.anthropicBaseURL },
      ],
    });
    const circuitChain = await createProviderChain({
      providers: [
        { type: 'openai', apiKey: 'sk-bench', baseURL: server.openaiBaseURL, retry: false },
        { type: 'anthropic', apiKey: 'sk-ant-bench', baseURL: server.anthropicBaseURL },
      ],
    });
    // Default retry settings on both links (3 attempts, inPlace 'auto'): the primary's 503 fails
    // over at once because another link remains. Its breaker is off only so that every call meets
    // the 503 itself; with the default breaker, calls after the 5th meet an open circuit (next rows).
    const defaultRetryChain = await createProviderChain({
      providers: [
        { type: 'openai', apiKey: 'sk-bench', baseURL: server.openaiBaseURL, circuitBreaker: false },
        { type: 'anthropic', apiKey: 'sk-ant-bench', baseURL: server.anthropicBaseURL },
      ],
    });
    const anthropicOnly = createProviderChain({ providers: [{ type: 'anthropic', apiKey: 'sk-ant-bench', baseURL: server.anthropicBaseURL }] });
    const fallbackAlone = await anthropicOnly;
    for (let index = 0; index < 100; index++) await Promise.all([failoverChain.generate(request), defaultRetryChain.generate(request), circuitChain.generate(request), fallbackAlone.generate(request)]);
    const failover = await sequentialLatencies(
      {
        'fallback alone (baseline)': () => fallbackAlone.generate(request),
        'failover: primary 503 → fallback, retries off': () => failoverChain.generate(request),
        'failover: primary 503 → fallback, default retry (inPlace auto)': () => defaultRetryChain.generate(request),
        'failover: primary circuit open → fallback': () => circuitChain.generate(request),
      },
      1_000,
    );
    console.log('Failover from an instant primary failure to the fallback answer (ms):');
    console.table(Object.entries(failover).map(([name, list]) => ({ variant: name, p50: percentile(list, 50).toFixed(3), p99: percentile(list, 99).toFixed(3) })));
    // The 0.1 policy, one option away: the primary is retried in place (real backoff: 0.5 s, then
    // 1 s, with jitter) before the fallback answers. A few calls only; each takes over a second.
    const alwaysChain = await createProviderChain({
      providers: [
        { type: 'openai', apiKey: 'sk-bench', baseURL: server.openaiBaseURL, circuitBreaker: false, retry: { inPlace: 'always' } },
        { type: 'anthropic', apiKey: 'sk-ant-bench', baseURL: server.anthropicBaseURL },
      ],
    });
    const always = (await sequentialLatencies({ "failover: primary 503 → fallback, retry: { inPlace: 'always' } (0.1 default)": () => alwaysChain.generate(request) }, 5))["failover: primary 503 → fallback, retry: { inPlace: 'always' } (0.1 default)"]!;
    console.log(`retry: { inPlace: 'always' } (the 0.1 default), 5 calls: p50 ${percentile(always, 50).toFixed(0)} ms, max ${percentile(always, 100).toFixed(0)} ms`);
    server.script(undefined);
  } finally {
    await server.close();
  }

  // In-process: the limiter alone, and the whole stack over a zero-latency provider.
  const local = createLocalRateLimiter({ requestsPerMinute: 1_000_000_000, maxConcurrent: 1_000 });
  const bottleneck = new Bottleneck({ maxConcurrent: 1_000, reservoir: 1_000_000_000 });
  const instant = createMockProvider({ reply: { text: 'ok', usage: { inputTokens: 10, outputTokens: 1, totalTokens: 11 } } });
  const instantStack = await stackOver(instant);
  const bench = new Bench({ time: 1_000 });
  bench
    .add('limiter: createLocalRateLimiter acquire+release', async () => (await local.acquire({ tokens: 0 })).release())
    .add('limiter: bottleneck local schedule', () => bottleneck.schedule(() => Promise.resolve()))
    .add('provider: zero-latency mock, bare', () => instant.generate(request))
    .add('provider: zero-latency mock, full stack', () => instantStack.generate(request));
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
