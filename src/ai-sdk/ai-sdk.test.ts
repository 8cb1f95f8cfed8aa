import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryUsageStore } from '../adapters/memory/create-memory-usage-store.js';
import { ProviderError, ValidationError } from '../core/errors.js';
import type { Provider } from '../core/types.js';
import { createOpenAIProvider } from '../providers/openai/index.js';
import { withBudget } from '../providers/budget/with-budget.js';
import { createFallbackChain } from '../providers/resilience/create-fallback-chain.js';
import { withRetry } from '../providers/resilience/with-retry.js';
import { createFakeProviderServer, fake, type FakeProviderServer } from '../testing/fake-provider-server/index.js';
import { createAiSdkProvider, toAiSdkModel } from './index.js';

// `ai` 7 and `@ai-sdk/*` 4 require Node >= 22 (their engines); CI runs this file on Node 22 and 24.
const nodeMajor = Number(process.versions.node.split('.')[0]);
const supported = nodeMajor >= 22;
if (!supported) console.log(`skipped crmkit/ai-sdk tests: ai 7 and @ai-sdk/* 4 need Node >= 22, this is Node ${process.versions.node} (CI runs them on Node 22 and 24)`);

const apiKey = 'sk-test-ai-sdk-0123456789abcdef';
const server: FakeProviderServer = await createFakeProviderServer();
afterAll(() => server.close());
beforeEach(() => server.reset());
const ask = { messages: [{ role: 'user' as const, content: 'Where is my order #54321?' }] };

async function aiSdk() {
  const [ai, { createOpenAI }, { createAnthropic }] = await Promise.all([import('ai'), import('@ai-sdk/openai'), import('@ai-sdk/anthropic')]);
  const openai = createOpenAI({ apiKey, baseURL: server.openaiBaseURL });
  const anthropic = createAnthropic({ apiKey, baseURL: `${server.anthropicBaseURL}/v1` });
  return { ai, openai, anthropic };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(ProviderError.isInstance(error), `expected a ProviderError, got ${String(error)}`).toBe(true);
  return error as ProviderError;
}

describe.skipIf(!supported)('createAiSdkProvider: an AI SDK model inside crmkit', () => {
  it('generates text with the vendor usage, through @ai-sdk/openai against the fake server', async () => {
    const { openai } = await aiSdk();
    const provider = createAiSdkProvider({ model: openai.chat('gpt-4.1-mini') });
    server.enqueue(fake.reply('It ships today.', { usage: { inputTokens: 11, outputTokens: 4 } }));
    const result = await provider.generate(ask);
    expect(result).toMatchObject({ text: 'It ships today.', provider: 'openai', finishReason: 'stop', usage: { inputTokens: 11, outputTokens: 4, totalTokens: 15 } });
    expect(server.requests[0]!.body).toMatchObject({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Where is my order #54321?' }] });
  });

  it('streams text deltas and the final usage, through @ai-sdk/anthropic', async () => {
    const { anthropic } = await aiSdk();
    const provider = createAiSdkProvider({ model: anthropic('claude-haiku-4-5') });
    server.enqueue(fake.reply('', { chunks: ['Your ', 'order ', 'ships.'], usage: { inputTokens: 9, outputTokens: 3 } }));
    const stream = provider.stream(ask);
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    expect(deltas.join('')).toBe('Your order ships.');
    const result = await stream.result;
    expect(result).toMatchObject({ provider: 'anthropic', finishReason: 'stop', usage: { inputTokens: 9, outputTokens: 3 } });
  });

  it.each([
    ['rate_limited', true],
    ['overloaded', true],
    ['server', true],
    ['auth', false],
    ['context_length', false],
  ] as const)('maps a %s failure from the AI SDK model to the same crmkit kind (retryable: %s)', async (kind, retryable) => {
    const { openai } = await aiSdk();
    const provider = createAiSdkProvider({ model: openai.chat('gpt-4.1-mini') });
    server.enqueue(fake.fault(kind));
    const error = await failure(provider.generate(ask));
    expect(error).toMatchObject({ kind, retryable, providerId: 'openai' });
    expect(JSON.stringify(error.toJSON())).not.toContain(apiKey);
  });

  it('maps a refused connection to kind network', async () => {
    const { createOpenAI } = await import('@ai-sdk/openai');
    const provider = createAiSdkProvider({ model: createOpenAI({ apiKey, baseURL: 'http://127.0.0.1:1/v1' }).chat('gpt-4.1-mini') });
    expect((await failure(provider.generate(ask))).kind).toBe('network');
  });

  it('runs under crmkit retry and fallback: a 503 from the AI SDK model is retried, then the chain fails over', async () => {
    const { openai, anthropic } = await aiSdk();
    // inPlace 'always': retry this link before failing over (the default fails over at once when another link remains).
    const first = withRetry(createAiSdkProvider({ model: openai.chat('gpt-4.1-mini') }), { maxAttempts: 2, inPlace: 'always', sleep: async () => {} });
    const chain = createFallbackChain([first, createAiSdkProvider({ model: anthropic('claude-haiku-4-5') })]);
    server.enqueue(fake.fault('overloaded'), fake.fault('overloaded'), fake.reply('Claude answered.'));
    const result = await chain.generate(ask);
    expect(result).toMatchObject({ text: 'Claude answered.', provider: 'anthropic' });
    expect(server.requests.map((request) => request.vendor)).toEqual(['openai', 'openai', 'anthropic']);
  });

  it('fails over at once by default when another link remains', async () => {
    const { openai, anthropic } = await aiSdk();
    const first = withRetry(createAiSdkProvider({ model: openai.chat('gpt-4.1-mini') }), { maxAttempts: 2, sleep: async () => {} });
    const chain = createFallbackChain([first, createAiSdkProvider({ model: anthropic('claude-haiku-4-5') })]);
    server.enqueue(fake.fault('overloaded'), fake.reply('Claude answered.'));
    const result = await chain.generate(ask);
    expect(result).toMatchObject({ text: 'Claude answered.', provider: 'anthropic' });
    expect(server.requests.map((request) => request.vendor)).toEqual(['openai', 'anthropic']);
  });

  it('runs under a crmkit budget, which refuses once the limit is reached', async () => {
    const { openai } = await aiSdk();
    const budgeted = withBudget(createAiSdkProvider({ model: openai.chat('gpt-4.1-mini') }), { store: createMemoryUsageStore(), limits: { perRequest: { totalTokens: 50 } } });
    const error = await failure(budgeted.generate({ ...ask, maxOutputTokens: 500, metadata: { tenantId: 'acme' } }));
    expect(error.kind).toBe('budget_exceeded');
    expect(server.requests).toHaveLength(0);
  });
});

describe.skipIf(!supported)('toAiSdkModel: a crmkit chain inside the AI SDK', () => {
  const chain = (): Provider => createFallbackChain([createOpenAIProvider({ apiKey, baseURL: server.openaiBaseURL, model: 'gpt-4.1-mini' }), createOpenAIProvider({ id: 'backup', apiKey, baseURL: server.openaiBaseURL, model: 'gpt-4.1-nano' })]);

  it('answers generateText, with crmkit metadata saying who answered after a failover', async () => {
    const { ai } = await aiSdk();
    server.enqueue(fake.fault('overloaded'), fake.reply('Backup here.', { usage: { inputTokens: 7, outputTokens: 2 } }));
    const result = await ai.generateText({ model: toAiSdkModel(chain()), prompt: 'Where is my order?' });
    expect(result.text).toBe('Backup here.');
    expect(result.usage).toMatchObject({ inputTokens: 7, outputTokens: 2 });
    expect(result.providerMetadata?.crmkit).toMatchObject({ provider: 'backup', degraded: false, attempts: 2 });
  });

  it('streams through streamText', async () => {
    const { ai } = await aiSdk();
    server.enqueue(fake.reply('', { chunks: ['Shipped ', 'today.'] }));
    const result = ai.streamText({ model: toAiSdkModel(chain()), prompt: 'Status?' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('Shipped today.');
    expect(await result.finishReason).toBe('stop');
  });

  it('surfaces crmkit failure kinds to generateText once every link has failed, without the AI SDK retrying again', async () => {
    const { ai } = await aiSdk();
    server.enqueue(fake.fault('auth'), fake.fault('auth'));
    const error = await ai.generateText({ model: toAiSdkModel(chain()), prompt: 'Hi' }).then(() => undefined, (caught: unknown) => caught);
    const cause = ProviderError.isInstance(error) ? error : (error as { lastError?: unknown; cause?: unknown }).lastError ?? (error as { cause?: unknown }).cause;
    expect(ProviderError.isInstance(cause), String(error)).toBe(true);
    expect((cause as ProviderError).kind).toBe('auth');
    expect(server.requests).toHaveLength(2);
  });

  it('refuses tools rather than dropping them', async () => {
    const { ai } = await aiSdk();
    const error = await ai
      .generateText({ model: toAiSdkModel(chain()), prompt: 'Hi', tools: { lookup: ai.tool({ description: 'x', inputSchema: z.object({ id: z.string() }), execute: async () => 'x' }) } })
      .then(() => undefined, (caught: unknown) => caught);
    expect(ValidationError.isInstance(error) || ValidationError.isInstance((error as { cause?: unknown }).cause), String(error)).toBe(true);
    expect(server.requests).toHaveLength(0);
  });
});

describe('createAiSdkProvider options', () => {
  it('rejects something that is not an AI SDK model, naming the option', () => {
    expect(() => createAiSdkProvider({ model: { modelId: 'x' } as never })).toThrow(/`model` to be an AI SDK language model/);
  });
});
