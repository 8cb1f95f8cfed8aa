// In your app these imports are `from 'crmkit'`, `'crmkit/testing'` and `'crmkit/providers/…'`;
// the demo imports the sources so it runs without a build.
import {
  createCrmAssistant,
  createFallbackChain,
  createMemoryConversationStore,
  createMemoryCustomerSource,
  createMemoryMemberSource,
  createMemoryOrderSource,
  createMemoryPromptStore,
  createMemoryTicketSource,
  createMemoryUsageStore,
  createRuleBasedResponder,
  withRetry,
} from '../src/index.js';
import type { CrmAssistant, Provider } from '../src/index.js';
import { createFakeProviderServer, createSampleData, type FakeProviderServer, type SampleData } from '../src/testing/index.js';
import { scriptedModel } from './scripted-model.js';

export interface DemoWiring {
  readonly assistant: CrmAssistant;
  /** The provider chain the assistant uses, for the failover section. */
  readonly chain: Provider;
  readonly data: SampleData;
  /** Set offline: the loopback server standing in for the three vendors. */
  readonly fakeServer?: FakeProviderServer;
  /** Vendor names in failover order. */
  readonly providerNames: readonly string[];
  close(): Promise<void>;
}

async function realProviders(env: NodeJS.ProcessEnv): Promise<Provider[]> {
  const providers: Provider[] = [];
  if (env.ANTHROPIC_API_KEY) providers.push((await import('../src/providers/anthropic/index.js')).createAnthropicProvider({ apiKey: env.ANTHROPIC_API_KEY }));
  if (env.OPENAI_API_KEY) providers.push((await import('../src/providers/openai/index.js')).createOpenAIProvider({ apiKey: env.OPENAI_API_KEY, model: 'gpt-4o-mini' }));
  const huggingFaceToken = env.HF_TOKEN ?? env.HUGGINGFACE_API_KEY;
  if (huggingFaceToken) providers.push((await import('../src/providers/huggingface/index.js')).createHuggingFaceProvider({ apiKey: huggingFaceToken }));
  return providers;
}

/** The assistant over sample data and memory stores, on real providers when keys are set. */
export async function createDemoWiring(env: NodeJS.ProcessEnv = process.env): Promise<DemoWiring> {
  const data = createSampleData({ tenantId: 'demo' });
  let providers = await realProviders(env);
  let fakeServer: FakeProviderServer | undefined;
  if (providers.length === 0) {
    fakeServer = await createFakeProviderServer();
    fakeServer.script(scriptedModel);
    const [{ createAnthropicProvider }, { createOpenAIProvider }, { createHuggingFaceProvider }] = await Promise.all([
      import('../src/providers/anthropic/index.js'),
      import('../src/providers/openai/index.js'),
      import('../src/providers/huggingface/index.js'),
    ]);
    providers = [
      createAnthropicProvider({ apiKey: 'offline', baseURL: fakeServer.anthropicBaseURL }),
      createOpenAIProvider({ apiKey: 'offline', baseURL: fakeServer.openaiBaseURL }),
      createHuggingFaceProvider({ apiKey: 'offline', baseURL: fakeServer.huggingfaceBaseURL }),
    ];
  }
  // One try per provider: the demo shows failover, not backoff (retries would wait on real timers).
  const chain = createFallbackChain(
    providers.map((provider) => withRetry(provider, { maxAttempts: 1 })),
    { degraded: createRuleBasedResponder() },
  );
  const assistant = createCrmAssistant({
    provider: chain,
    data: {
      members: createMemoryMemberSource({ members: data.members }),
      customers: createMemoryCustomerSource({ customers: data.customers }),
      tickets: createMemoryTicketSource({ tickets: [...data.tickets, ...data.pastTickets] }),
      orders: createMemoryOrderSource({ orders: data.orders, tracking: data.tracking }),
    },
    conversations: createMemoryConversationStore(),
    promptStore: createMemoryPromptStore(),
    usageStore: createMemoryUsageStore(),
    budget: { limits: { perTenantDaily: { costMicros: 5_000_000 } } },
  });
  return {
    assistant,
    chain,
    data,
    ...(fakeServer ? { fakeServer } : {}),
    providerNames: providers.map((provider) => provider.id),
    close: async () => {
      await fakeServer?.close();
    },
  };
}
