import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryMemberSource } from '../adapters/memory/create-memory-member-source.js';
import { CrmKitError, ProviderError } from '../core/errors.js';
import type { Provider } from '../core/types.js';
import { createRuleBasedResponder } from '../fallback/create-rule-based-responder.js';
import { createAnthropicProvider } from '../providers/anthropic/index.js';
import { createOpenAIProvider } from '../providers/openai/index.js';
import { createFallbackChain } from '../providers/resilience/create-fallback-chain.js';
import { withRetry } from '../providers/resilience/with-retry.js';
import { createFakeProviderServer, fake } from '../testing/fake-provider-server/index.js';
import { createMockProvider } from '../testing/mock-provider.js';
import { createSampleData } from '../testing/sample-data.js';
import { degradedReasonOf } from './assistant-context.js';
import { createCrmAssistant } from './create-crm-assistant.js';

const ask = { messages: [{ role: 'user' as const, content: 'Who needs a call today?' }] };

describe('degradedReasonOf', () => {
  it('names each provider’s failure kind in order, retries of one provider counted once with their last kind', async () => {
    const chain = createFallbackChain([
      createMockProvider({ id: 'openai', reply: { fail: 'auth' } }),
      withRetry(createMockProvider({ id: 'anthropic', script: [{ fail: 'server' }], reply: { fail: 'overloaded' } }), { sleep: async () => undefined, maxAttempts: 2, inPlace: 'always' }),
      createMockProvider({ id: 'huggingface', reply: { fail: 'quota_exhausted' } }),
    ]);
    const error = await chain.generate(ask).catch((caught: unknown) => caught);
    expect(degradedReasonOf(error)).toBe('model unavailable (openai: auth; anthropic: overloaded; huggingface: quota_exhausted)');
  });

  it('falls back to the kind alone when the error lists no attempts, and never shows vendor text', () => {
    const bare = new ProviderError('OpenAI answered 503 (overloaded): upstream said something long', { kind: 'overloaded' });
    expect(degradedReasonOf(bare)).toBe('model unavailable (overloaded)');
    expect(degradedReasonOf(new CrmKitError('bad output', { code: 'model_output' }))).toBe('model output unusable (model_output)');
    expect(degradedReasonOf(new Error('boom'))).toBe('model unavailable');
  });
});

describe('the assistant’s degradedReason when every provider fails', () => {
  const sample = createSampleData({ now: new Date('2025-11-21T15:00:00Z'), timeZone: 'UTC', tenantId: 'demo' });
  const serverReady = createFakeProviderServer();
  afterAll(async () => (await serverReady).close());

  const askWith = async (provider: (links: Provider[]) => Provider) => {
    const server = await serverReady;
    const links = [createOpenAIProvider({ apiKey: 'sk-test', baseURL: server.openaiBaseURL }), createAnthropicProvider({ apiKey: 'sk-ant-test', baseURL: server.anthropicBaseURL })];
    server.enqueue(fake.fault('auth'), fake.fault('overloaded'));
    const assistant = createCrmAssistant({
      provider: provider(links),
      data: { members: createMemoryMemberSource({ members: sample.members }) },
      clock: { now: () => sample.now.getTime() },
      timeZone: sample.timeZone,
    });
    return assistant.ask({ tenantId: sample.tenantId, query: 'Who needs follow-up today?', filter: 'today' });
  };

  it('names each provider’s failure kind in order when the chain throws', async () => {
    const answer = await askWith((links) => createFallbackChain(links));
    expect(answer).toMatchObject({ degraded: true, degradedReason: 'model unavailable (openai: auth; anthropic: overloaded)' });
  });

  it('names them too when the chain’s own degraded responder answers, after the responder’s reason', async () => {
    const answer = await askWith((links) => createFallbackChain(links, { degraded: createRuleBasedResponder() }));
    expect(answer.degraded).toBe(true);
    expect(answer.degradedReason).toMatch(/^No model answered.*\(openai: auth; anthropic: overloaded\)$/);
  });
});
