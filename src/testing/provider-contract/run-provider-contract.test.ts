import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Provider } from '../../core/types.js';
import { createMemoryUsageStore } from '../../adapters/memory/create-memory-usage-store.js';
import { withPiiRedaction } from '../../providers/privacy/with-pii-redaction.js';
import { createAnthropicProvider } from '../../providers/anthropic/create-anthropic-provider.js';
import { withBudget } from '../../providers/budget/with-budget.js';
import { createHuggingFaceProvider } from '../../providers/huggingface/create-huggingface-provider.js';
import { createOpenAIProvider } from '../../providers/openai/create-openai-provider.js';
import { createFallbackChain } from '../../providers/resilience/create-fallback-chain.js';
import { createLocalRateLimiter } from '../../core/rate-limit/create-local-rate-limiter.js';
import { withCircuitBreaker } from '../../providers/resilience/with-circuit-breaker.js';
import { withRateLimit } from '../../providers/resilience/with-rate-limit.js';
import { withRetry } from '../../providers/resilience/with-retry.js';
import { withTimeout } from '../../providers/resilience/with-timeout.js';
import { withTelemetry } from '../../providers/telemetry/with-telemetry.js';
import { forwardStream, wrapProvider } from '../../providers/wrap-provider.js';
import { createTelemetrySdk } from '../../../test/support/telemetry-sdk.js';
import { createFakeProviderServer, fake, type FakeProviderServer, type FakeResponse } from '../fake-provider-server/index.js';
import { createMockProvider } from '../mock-provider.js';
import { runProviderContract, type ProviderContractScenario } from './run-provider-contract.js';

const test = { describe, it };

// The built-in wrappers, each around the contract's reference provider.
runProviderContract({ name: 'wrapProvider, no hooks', test, createProvider: ({ backing }) => wrapProvider(backing, {}) });
runProviderContract({
  name: 'wrapProvider, every hook',
  test,
  createProvider: ({ backing }) =>
    wrapProvider(backing, {
      transformRequest: (request) => ({ ...request, metadata: { tags: { contract: 'yes' } } }),
      wrapGenerate: ({ doGenerate }) => doGenerate(),
      wrapStream: ({ createStream }) => createStream(async function* ({ doStream }) {
        return yield* forwardStream(doStream());
      }),
    }),
});
runProviderContract({ name: 'withRetry', test, createProvider: ({ backing }) => withRetry(backing, { minDelayMs: 1, maxDelayMs: 2 }) });
runProviderContract({ name: 'withCircuitBreaker', test, createProvider: ({ backing }) => withCircuitBreaker(backing) });
runProviderContract({
  name: 'withRateLimit',
  test,
  createProvider: ({ backing }) => withRateLimit(backing, { limiter: createLocalRateLimiter({ requestsPerMinute: 1_000, tokensPerMinute: 1_000_000 }) }),
});
runProviderContract({
  name: 'withBudget',
  test,
  createProvider: ({ backing }) =>
    withBudget(backing, {
      store: createMemoryUsageStore(),
      defaultPrice: { inputMicrosPerMillion: 150_000, outputMicrosPerMillion: 600_000 },
      limits: { perRequest: { outputTokens: 1_000 }, perTenantDaily: { costMicros: 1_000_000 } },
    }),
});
runProviderContract({ name: 'withTimeout', test, createProvider: ({ backing }) => withTimeout(backing, { timeoutMs: 5_000, idleTimeoutMs: 5_000 }) });
runProviderContract({ name: 'withPiiRedaction', test, createProvider: ({ backing }) => withPiiRedaction(backing, { restore: true }) });
const sdk = createTelemetrySdk();
runProviderContract({ name: 'withTelemetry', test, createProvider: ({ backing }) => withTelemetry(backing, { telemetry: { tracer: sdk.tracer, meter: sdk.meter } }) });
runProviderContract({ name: 'createFallbackChain, one link', test, createProvider: ({ backing }) => createFallbackChain([backing]) });
runProviderContract({
  name: 'the whole stack',
  test,
  createProvider: ({ backing }) =>
    withTimeout(withRetry(withCircuitBreaker(withRateLimit(withPiiRedaction(backing), { limiter: createLocalRateLimiter({ requestsPerMinute: 1_000 }) }))), { timeoutMs: 5_000 }),
});

// The mock provider itself: it neither validates requests nor honours deadlines.
runProviderContract({
  name: 'createMockProvider',
  test,
  validatesRequests: false,
  createProvider: ({ scenario }) =>
    createMockProvider({
      reply: scenario.type === 'reply' ? { text: scenario.text, deltas: scenario.deltas, usage: scenario.usage } : scenario.type === 'hang' ? { hang: true, afterDeltas: scenario.afterDeltas } : { fail: scenario.kind },
    }),
});

// The vendor providers, against the loopback fake server.
let server: FakeProviderServer;
beforeAll(async () => {
  server = await createFakeProviderServer();
});
afterAll(async () => {
  await server.close();
});

const answer = (scenario: ProviderContractScenario): FakeResponse =>
  scenario.type === 'reply'
    ? fake.reply(scenario.text, { chunks: scenario.deltas, usage: { inputTokens: scenario.usage.inputTokens, outputTokens: scenario.usage.outputTokens } })
    : scenario.type === 'hang'
      ? // Nothing at all, not even headers (a deadline bounds the wait for the response to start), or a stream that stalls.
        scenario.afterDeltas.length === 0
        ? fake.reply('late', { latencyMs: 30_000 })
        : fake.stall(scenario.afterDeltas.join(''))
      : fake.fault(scenario.kind);

const apiKey = 'sk-contract-abcdefghijklmnopqrstuvwxyz123456';
const vendors: Record<string, () => Provider> = {
  openai: () => createOpenAIProvider({ apiKey, baseURL: server.openaiBaseURL }),
  anthropic: () => createAnthropicProvider({ apiKey, baseURL: server.anthropicBaseURL }),
  huggingface: () => createHuggingFaceProvider({ apiKey, baseURL: server.huggingfaceBaseURL }),
};
for (const [name, make] of Object.entries(vendors)) {
  runProviderContract({
    name: `${name} over the fake provider server`,
    test,
    createProvider: ({ scenario }) => {
      const response = answer(scenario);
      server.script(() => response);
      return make();
    },
  });
}
