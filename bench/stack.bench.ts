/**
 * `npm run bench -- stack`: crmkit's full model stack beside the bare openai SDK, LangChain.js and
 * the AI SDK, in one run, against the fake provider servers (OpenAI wire format) in a child
 * process, so the servers' CPU and GC land on neither side of a ratio.
 *
 * crmkit runs from the built package (dist/), as an application gets it. "Full stack" is exactly
 * what `createCrmAssistant({ provider })` puts around a provider by default — `withBudget` over
 * the in-memory usage store with `defaultAssistantLimits` and the approximate token counter
 * (observability adds nothing when it is off) — over `createProviderChain` with one OpenAI link:
 * retry, circuit breaker, a local rate limiter (requests, tokens, concurrency), the vendor's
 * per-attempt timeout and the chain's 30 s total deadline.
 *
 * 1. Latency, sequential, the variants interleaved call by call: p50, p99, added over the SDK.
 * 2. Throughput at concurrency 32: 30 rounds of 1,000 calls per variant, order rotated per round;
 *    ratios and added client CPU per call are medians of the per-round figures (paired).
 * 3. The same stacks over an Anthropic link against the bare Anthropic SDK (the SDK stays on that
 *    path, so this is what crmkit's layers cost over an SDK).
 * 4. Failover, the primary answering 503 `overloaded` at once: each library's default settings,
 *    then retries off.
 */
import OpenAI from 'openai';
import type * as LangChain from '@langchain/openai';
import type * as Ai from 'ai';
import type * as AiOpenAI from '@ai-sdk/openai';
import type * as AnthropicModule from '@anthropic-ai/sdk';
import type * as Crmkit from '../src/index.js';
import type * as ProviderUtils from '../src/entries/provider-utils.js';
import type * as OpenAIProviderModule from '../src/providers/openai/index.js';
import type { ChatMessage, Provider } from '../src/core/types.js';
import type { ChainProviderConfig } from '../src/providers/resilience/create-provider-chain.js';
import { conditions, pairedMeanError, pairedMedian, pairedRounds, percentile, printTable, sequentialLatencies, startFakeServerProcess, versionOf, type Call, type PairedRounds } from './lib/measure.js';
import { ensureBuilt } from './startup.bench.js';

// The built package (dist/, built first when stale), loaded by run(): what `npm i crmkit` runs.
// Source under tsx keeps every function's name (esbuild's keepNames), which costs on each call.
let crmkit: typeof Crmkit;
let providerUtils: typeof ProviderUtils;
let openaiProvider: typeof OpenAIProviderModule;

const apiKey = 'sk-bench-000000000000000000000000';
const model = 'gpt-4o-mini';
const system = 'You are the support assistant of Acme Home Goods. Answer in two or three short sentences, politely, and never promise a refund you cannot see in the order data.';
const customer =
  "Hi, my order #54321 still hasn't arrived after 12 days. The tracking page says 'label created' since last Monday and nobody answered my two emails. " +
  'Can you tell me where it is, or refund me? I need it by Friday for my mother’s birthday.';
const messages = [
  { role: 'system' as const, content: system },
  { role: 'user' as const, content: customer },
] satisfies ChatMessage[];
const maxOutputTokens = 50;
/** The AI SDK 7 takes the system prompt as `instructions`. */
const aiPrompt = { instructions: system, messages: [{ role: 'user' as const, content: customer }] };
/** Generous local limits: the limiter runs (requests, tokens, concurrency) but never queues. */
const rateLimit = { requestsPerMinute: 1_000_000, tokensPerMinute: 1_000_000_000, maxConcurrent: 256 };

/** What createCrmAssistant builds around `provider` by default (see create-crm-assistant.ts). */
function assistantStack(provider: Provider): Provider {
  return crmkit.withBudget(provider, { store: crmkit.createMemoryUsageStore(), limits: crmkit.defaultAssistantLimits, tokenCounter: providerUtils.createApproximateTokenCounter(), timeZone: 'UTC' });
}

let calls = 0;
/** An assistant chat call's metadata: tenant, user, and a session of 50 messages (the default allows 100). */
const metadata = (): { tenantId: string; userId: string; sessionId: string } => {
  calls++;
  return { tenantId: 'bench', userId: `agent-${calls % 7}`, sessionId: `s-${Math.floor(calls / 50)}` };
};

type LangChainModule = typeof LangChain;
type AiModule = typeof Ai;
type AiOpenAIModule = typeof AiOpenAI;

interface Peers {
  readonly langchain?: LangChainModule;
  readonly ai?: AiModule;
  readonly aiOpenAI?: AiOpenAIModule;
}

async function loadPeers(): Promise<Peers> {
  const load = async <T>(name: string, importer: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await importer();
    } catch (error) {
      console.log(`${name} not loadable on ${process.version} (${(error as Error).message.split('\n')[0]}): its rows are skipped`);
      return undefined;
    }
  };
  return {
    langchain: await load('@langchain/openai', () => import('@langchain/openai')),
    ai: await load('ai', () => import('ai')),
    aiOpenAI: await load('@ai-sdk/openai', () => import('@ai-sdk/openai')),
  };
}

export async function run(): Promise<void> {
  const crmkitURL = ensureBuilt();
  crmkit = (await import(crmkitURL)) as typeof Crmkit;
  providerUtils = (await import(crmkitURL.replace(/index\.js$/, 'provider-utils.js'))) as typeof ProviderUtils;
  openaiProvider = (await import(crmkitURL.replace(/index\.js$/, 'providers/openai.js'))) as typeof OpenAIProviderModule;
  const peers = await loadPeers();
  const versions = [
    `openai ${versionOf('openai')}`,
    `@langchain/openai ${versionOf('@langchain/openai')} (@langchain/core ${versionOf('@langchain/core')})`,
    `ai ${versionOf('ai')} + @ai-sdk/openai ${versionOf('@ai-sdk/openai')}`,
  ].join(', ');
  const server = await startFakeServerProcess();
  try {
    const healthy = server.healthyURL;
    const link = (overrides: Partial<ChainProviderConfig> = {}): ChainProviderConfig => ({ type: 'openai', apiKey, baseURL: healthy, model, rateLimit, ...overrides });
    const chain = await crmkit.createProviderChain({ providers: [link()] });
    const full = assistantStack(chain);

    const vendor = openaiProvider.createOpenAIProvider({ apiKey, baseURL: healthy, model });
    const sdk = new OpenAI({ apiKey, baseURL: healthy, maxRetries: 0 });
    const variants: Record<string, Call> = {
      'bare openai SDK': () => sdk.chat.completions.create({ model, messages, max_completion_tokens: maxOutputTokens }),
      'crmkit full stack (budget on)': () => full.generate({ messages, maxOutputTokens, metadata: metadata() }),
      'crmkit chain, no budget': () => chain.generate({ messages, maxOutputTokens, metadata: metadata() }),
      // No layers: what the layers above cost is the difference to this row.
      'crmkit OpenAI provider alone': () => vendor.generate({ messages, maxOutputTokens, metadata: metadata() }),
    };
    if (peers.langchain) {
      const { ChatOpenAI } = peers.langchain;
      const primary = new ChatOpenAI({ apiKey, model, maxTokens: maxOutputTokens, configuration: { baseURL: healthy } });
      const backup = new ChatOpenAI({ apiKey, model, maxTokens: maxOutputTokens, configuration: { baseURL: healthy } });
      const withFallbacks = primary.withFallbacks([backup]);
      const lcMessages = messages.map((message) => ({ role: message.role, content: message.content }));
      variants['LangChain withFallbacks'] = () => withFallbacks.invoke(lcMessages);
    }
    if (peers.ai && peers.aiOpenAI) {
      const { generateText } = peers.ai;
      const aiModel = peers.aiOpenAI.createOpenAI({ apiKey, baseURL: healthy }).chat(model);
      variants['AI SDK generateText'] = () => generateText({ model: aiModel, ...aiPrompt, maxOutputTokens });
    }
    for (const call of Object.values(variants)) for (let index = 0; index < 300; index++) await call(); // warm-up (JIT, sockets)
    await server.reset();

    console.log(`Conditions: ${conditions()}; ${versions}. Fake servers in a child process; ${server.placement}.\n`);
    const latencies = await sequentialLatencies(variants, 1_000);
    const base = latencies['bare openai SDK']!;
    console.log('Latency per call, sequential, interleaved (1,000 calls per variant):\n');
    printTable(
      Object.entries(latencies).map(([name, list]) => ({
        variant: name,
        'p50 (ms)': percentile(list, 50).toFixed(3),
        'p99 (ms)': percentile(list, 99).toFixed(3),
        'added p50 vs SDK (ms)': (percentile(list, 50) - percentile(base, 50)).toFixed(3),
        'added p99 vs SDK (ms)': (percentile(list, 99) - percentile(base, 99)).toFixed(3),
      })),
    );

    // Many short rounds rather than a few long ones: the per-round differences give a standard
    // error, and a round that holds a major GC moves one pair of many.
    const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
    const perRound = 1_000;
    const result = await pairedRounds(variants, { rounds, calls: perRound, concurrency: 32, reset: () => server.reset() });
    console.log(`Throughput at concurrency 32 (${rounds} rounds of ${perRound.toLocaleString('en-US')} calls per variant, order rotated per round; ratio and added CPU are medians of per-round figures, the mean with its standard error beside):\n`);
    printTable(throughputRows(result, 'bare openai SDK'));

    await anthropicStack(server.healthyAnthropicURL, rounds, perRound, () => server.reset());
    await failover(server.healthyURL, server.failingURL, peers, () => server.reset());
  } finally {
    await server.close();
  }
}

/** One table row per variant of paired throughput rounds, against `base`: medians, and means with their standard error. */
function throughputRows(result: PairedRounds, base: string): Record<string, string>[] {
  const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
  const meanError = (value: { mean: number; error: number }, digits: number): string => `${value.mean.toFixed(digits)} ± ${Number.isNaN(value.error) ? '–' : value.error.toFixed(digits)}`;
  const ratio = (value: number, baseline: number): number => value / baseline;
  const difference = (value: number, baseline: number): number => value - baseline;
  return Object.keys(result.rates).map((name) => ({
    variant: name,
    'calls/s (median)': percentile(sorted(result.rates[name]!), 50).toFixed(0),
    'ratio to SDK': pairedMedian(result.rates, name, base, ratio).toFixed(3),
    'ratio, mean ± s.e.': meanError(pairedMeanError(result.rates, name, base, ratio), 3),
    'client CPU per call (µs)': percentile(sorted(result.cpu[name]!), 50).toFixed(1),
    'added CPU vs SDK (µs)': pairedMedian(result.cpu, name, base, difference).toFixed(1),
    'added CPU, mean ± s.e. (µs)': meanError(pairedMeanError(result.cpu, name, base, difference), 1),
  }));
}

/**
 * Where the SDK stays on the path: the Anthropic provider calls `@anthropic-ai/sdk` for every
 * request, so this measures crmkit's layers over the SDK, against the bare Anthropic SDK.
 */
async function anthropicStack(baseURL: string, rounds: number, perRound: number, reset: () => Promise<void>): Promise<void> {
  let Anthropic: typeof AnthropicModule.default;
  try {
    Anthropic = (await import('@anthropic-ai/sdk')).default;
  } catch (error) {
    console.log(`@anthropic-ai/sdk not loadable (${(error as Error).message.split('\n')[0]}): the Anthropic table is skipped\n`);
    return;
  }
  const claude = 'claude-haiku-4-5'; // crmkit's default Anthropic model (not on the SDK's deprecation list, which warns on every call)
  const sdk = new Anthropic({ apiKey, baseURL, maxRetries: 0 });
  const chain = await crmkit.createProviderChain({ providers: [{ type: 'anthropic', apiKey, baseURL, model: claude, rateLimit }] });
  const full = assistantStack(chain);
  const variants: Record<string, Call> = {
    'bare @anthropic-ai/sdk': () => sdk.messages.create({ model: claude, max_tokens: maxOutputTokens, system, messages: [{ role: 'user', content: customer }] }),
    'crmkit full stack (budget on), Anthropic link': () => full.generate({ messages, maxOutputTokens, metadata: metadata() }),
    'crmkit chain, no budget, Anthropic link': () => chain.generate({ messages, maxOutputTokens, metadata: metadata() }),
  };
  for (const call of Object.values(variants)) for (let index = 0; index < 300; index++) await call();
  const result = await pairedRounds(variants, { rounds, calls: perRound, concurrency: 32, reset });
  console.log(`Where the SDK stays on the path: the same stacks over an Anthropic link (@anthropic-ai/sdk ${versionOf('@anthropic-ai/sdk')}, Anthropic wire format, same server process), against the bare Anthropic SDK; concurrency 32, ${rounds} rounds of ${perRound.toLocaleString('en-US')} calls:\n`);
  printTable(throughputRows(result, 'bare @anthropic-ai/sdk'));
}

async function failover(healthy: string, failing: string, peers: Peers, reset: () => Promise<void>): Promise<void> {
  const primary = (overrides: Partial<ChainProviderConfig> = {}): ChainProviderConfig => ({ type: 'openai', id: 'primary', apiKey, baseURL: failing, model, ...overrides });
  const backup: ChainProviderConfig = { type: 'openai', id: 'backup', apiKey, baseURL: healthy, model };
  const request = (): Parameters<Provider['generate']>[0] => ({ messages, maxOutputTokens, metadata: metadata() });
  const crmkitDefault = assistantStack(await crmkit.createProviderChain({ providers: [primary(), backup] }));
  const crmkitNoBreaker = assistantStack(await crmkit.createProviderChain({ providers: [primary({ circuitBreaker: false }), backup] }));
  const crmkitOff = assistantStack(await crmkit.createProviderChain({ providers: [primary({ retry: false, circuitBreaker: false }), { ...backup, retry: false, circuitBreaker: false }] }));
  const crmkitAlways = assistantStack(await crmkit.createProviderChain({ providers: [primary({ circuitBreaker: false, retry: { inPlace: 'always' } }), backup] }));
  const backupAlone = assistantStack(await crmkit.createProviderChain({ providers: [backup] }));

  const sdkPair = (maxRetries: number | undefined): Call => {
    const first = new OpenAI({ apiKey, baseURL: failing, ...(maxRetries === undefined ? {} : { maxRetries }) });
    const second = new OpenAI({ apiKey, baseURL: healthy, ...(maxRetries === undefined ? {} : { maxRetries }) });
    const body = { model, messages, max_completion_tokens: maxOutputTokens };
    return async () => {
      try {
        return await first.chat.completions.create(body);
      } catch {
        return second.chat.completions.create(body);
      }
    };
  };
  const langchainPair = (maxRetries: number | undefined): Call | undefined => {
    if (!peers.langchain) return undefined;
    const { ChatOpenAI } = peers.langchain;
    const options = (baseURL: string) => ({ apiKey, model, maxTokens: maxOutputTokens, configuration: { baseURL }, ...(maxRetries === undefined ? {} : { maxRetries }) });
    const chain = new ChatOpenAI(options(failing)).withFallbacks([new ChatOpenAI(options(healthy))]);
    const lcMessages = messages.map((message) => ({ role: message.role, content: message.content }));
    return () => chain.invoke(lcMessages, { signal: AbortSignal.timeout(slowCapMs) });
  };
  const aiPair = (maxRetries: number | undefined): Call | undefined => {
    if (!peers.ai || !peers.aiOpenAI) return undefined;
    const { generateText } = peers.ai;
    const first = peers.aiOpenAI.createOpenAI({ apiKey, baseURL: failing }).chat(model);
    const second = peers.aiOpenAI.createOpenAI({ apiKey, baseURL: healthy }).chat(model);
    const settings = maxRetries === undefined ? {} : { maxRetries };
    return async () => {
      try {
        return await generateText({ model: first, ...aiPrompt, maxOutputTokens, abortSignal: AbortSignal.timeout(slowCapMs), ...settings });
      } catch {
        return generateText({ model: second, ...aiPrompt, maxOutputTokens, ...settings });
      }
    };
  };

  // Retries off, and crmkit's defaults (which fail over at once): many interleaved calls.
  const fast: Record<string, Call> = {
    'backup alone (crmkit full stack; baseline)': () => backupAlone.generate(request()),
    'crmkit, default settings (breaker opens after 5 failures)': () => crmkitDefault.generate(request()),
    'crmkit, default retry, breaker off (every call meets the 503)': () => crmkitNoBreaker.generate(request()),
    'crmkit, retries off': () => crmkitOff.generate(request()),
    'bare SDK try/catch, maxRetries 0': sdkPair(0),
  };
  const lcOff = langchainPair(0);
  if (lcOff) fast['LangChain withFallbacks, maxRetries 0'] = lcOff;
  const aiOff = aiPair(0);
  if (aiOff) fast['AI SDK try/catch, maxRetries 0'] = aiOff;
  for (const call of Object.values(fast)) for (let index = 0; index < 50; index++) await call();
  await reset();
  const fastTimes = await sequentialLatencies(fast, 500);
  const alone = percentile(fastTimes['backup alone (crmkit full stack; baseline)']!, 50);
  console.log('Failover: the primary answers 503 `overloaded` at once, the backup answers (500 sequential calls per variant, interleaved):\n');
  printTable(
    Object.entries(fastTimes).map(([name, list]) => ({
      variant: name,
      'p50 (ms)': percentile(list, 50).toFixed(2),
      'p99 (ms)': percentile(list, 99).toFixed(2),
      'added p50 vs backup alone (ms)': (percentile(list, 50) - alone).toFixed(2),
    })),
  );

  // Each peer's default settings retry the primary with real backoff first: a few calls each.
  const slow: [string, Call | undefined, number][] = [
    ['crmkit, default settings, breaker off', () => crmkitNoBreaker.generate(request()), 3],
    ["crmkit, retry: { inPlace: 'always' } (the 0.1 default)", () => crmkitAlways.generate(request()), 2],
    ['bare SDK try/catch, default maxRetries (2)', sdkPair(undefined), 3],
    ['AI SDK try/catch, default maxRetries (2)', aiPair(undefined), 2],
    ['LangChain withFallbacks, default maxRetries (6)', langchainPair(undefined), 1],
  ];
  const rows: Record<string, string>[] = [];
  for (const [name, call, count] of slow) {
    if (!call) continue;
    const times: number[] = [];
    let capped = false;
    for (let index = 0; index < count; index++) {
      const startedAt = performance.now();
      try {
        await call();
      } catch {
        capped = true;
      }
      times.push(performance.now() - startedAt);
    }
    times.sort((a, b) => a - b);
    rows.push({
      variant: name,
      calls: String(count),
      'median (ms)': capped ? `> ${slowCapMs.toLocaleString('en-US')} (stopped)` : percentile(times, 50).toFixed(0),
      'max (ms)': capped ? `> ${slowCapMs.toLocaleString('en-US')} (stopped)` : (times.at(-1) ?? Number.NaN).toFixed(0),
    });
  }
  console.log(`Failover with each library's default retry settings (a few calls each; a call still retrying after ${slowCapMs / 1000} s is stopped):\n`);
  printTable(rows);
}

const slowCapMs = 15_000;
