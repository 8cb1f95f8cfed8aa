/**
 * `npm run bench -- telemetry`: what OpenTelemetry costs per call, in-process over a zero-latency
 * mock provider (so network noise cannot hide it), next to the same stack without it.
 *
 * 1. The provider stack (createProviderChain: retry, breaker, rate limit, timeout, chain) as
 *    today, with `telemetry: false`, and with telemetry on into the real SDK's in-memory span
 *    exporter and metric reader. Target: on ≤ 15 µs over off; off = no measurable difference.
 * 2. The assistant's `ask` over that stack, telemetry off and on (operation span + model span).
 */
import { createTelemetrySdk } from '../test/support/telemetry-sdk.js';
import { createCrmAssistant } from '../src/assistant/create-crm-assistant.js';
import { createMemoryMemberSource } from '../src/adapters/memory/create-memory-member-source.js';
import { createProviderChain } from '../src/providers/resilience/index.js';
import { createMockProvider } from '../src/testing/mock-provider.js';
import { createSampleData } from '../src/testing/sample-data.js';
import type { Provider } from '../src/core/types.js';

const request = { messages: [{ role: 'user' as const, content: 'Where is order #54321?' }], maxOutputTokens: 50, metadata: { tenantId: 'acme' } };
const limits = { requestsPerMinute: 1_000_000, tokensPerMinute: 100_000_000, maxConcurrent: 256 };

function stack(telemetry: Parameters<typeof createProviderChain>[0]['telemetry'] | 'absent'): Promise<Provider> {
  const provider = createMockProvider({ id: 'openai', model: 'gpt-4o-mini', reply: { text: 'Shipped.', usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 } } });
  return createProviderChain({ providers: [{ type: 'custom', provider, rateLimit: limits }], ...(telemetry === 'absent' ? {} : { telemetry }) });
}

/**
 * Interleaved sequential samples (every variant once per round, so GC and CPU-frequency drift hit
 * all alike); on a shared machine the mean is dominated by other processes, so the table gives
 * the median and the mean of the fastest 90%.
 */
async function sample(variants: Record<string, () => Promise<unknown>>, rounds: number, onRound: (round: number) => void): Promise<Record<string, { p50: number; p90: number; trimmedMean: number }>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (const call of Object.values(variants)) for (let index = 0; index < 2_000; index++) await call(); // warm-up
  for (let round = 0; round < rounds; round++) {
    onRound(round);
    for (const [name, call] of Object.entries(variants)) {
      const startedAt = performance.now();
      await call();
      samples[name]!.push((performance.now() - startedAt) * 1_000);
    }
  }
  const out: Record<string, { p50: number; p90: number; trimmedMean: number }> = {};
  for (const [name, list] of Object.entries(samples)) {
    list.sort((a, b) => a - b);
    const fastest = list.slice(0, Math.floor(list.length * 0.9));
    out[name] = { p50: list[Math.floor(list.length / 2)]!, p90: list[Math.floor(list.length * 0.9)]!, trimmedMean: fastest.reduce((sum, value) => sum + value, 0) / fastest.length };
  }
  console.table(Object.entries(out).map(([variant, stats]) => ({ variant, 'p50 (µs)': stats.p50.toFixed(2), 'p90 (µs)': stats.p90.toFixed(2), 'mean of fastest 90% (µs)': stats.trimmedMean.toFixed(2) })));
  return out;
}

export async function run(): Promise<void> {
  const sdk = createTelemetrySdk();
  const telemetry = { tracer: sdk.tracer, meter: sdk.meter };
  const today = await stack('absent');
  const off = await stack(false);
  const on = await stack(telemetry);
  // The in-memory exporter keeps every span: empty it now and then so memory stays flat.
  const reset = (round: number): void => {
    if (round % 5_000 === 0) sdk.reset();
  };
  await on.generate(request); // loads @opentelemetry/api once, as the first real call would

  console.log('Per call, provider stack over a zero-latency mock (20,000 interleaved rounds):');
  const stacks = await sample(
    {
      'stack, as today (no option)': () => today.generate(request),
      'stack, telemetry: false': () => off.generate(request),
      'stack, telemetry on (in-memory exporter)': () => on.generate(request),
    },
    20_000,
    reset,
  );
  const base = stacks['stack, as today (no option)']!;
  const delta = (name: string, key: 'p50' | 'trimmedMean'): string => (stacks[name]![key] - base[key]).toFixed(2);
  console.log(
    `telemetry off − today: ${delta('stack, telemetry: false', 'p50')} µs (p50), ${delta('stack, telemetry: false', 'trimmedMean')} µs (mean of fastest 90%); ` +
      `telemetry on − today: ${delta('stack, telemetry on (in-memory exporter)', 'p50')} µs (p50), ${delta('stack, telemetry on (in-memory exporter)', 'trimmedMean')} µs (mean of fastest 90%); target ≤ 15 µs`,
  );

  const data = createSampleData({ now: new Date('2025-11-21T15:00:00Z'), timeZone: 'UTC', tenantId: 'demo' });
  const members = createMemoryMemberSource({ members: data.members });
  const assistantOff = createCrmAssistant({ provider: off, data: { members }, budget: false });
  const assistantOn = createCrmAssistant({ provider: on, data: { members }, budget: false, telemetry });
  const input = { tenantId: data.tenantId, query: 'Who needs a call today?', filter: 'today' as const };
  console.log('Per call, assistant.ask over the same stack (5,000 interleaved rounds):');
  const asks = await sample({ 'ask, telemetry off': () => assistantOff.ask(input), 'ask, telemetry on (operation + model span)': () => assistantOn.ask(input) }, 5_000, reset);
  console.log(`ask: telemetry on − off: ${(asks['ask, telemetry on (operation + model span)']!.p50 - asks['ask, telemetry off']!.p50).toFixed(2)} µs (p50)`);
}
