import { fileURLToPath } from 'node:url';
import { createContentFilter, createCrmAssistant, createFallbackChain, createMemoryConversationStore, createMemoryKnowledgeSource, createMemoryCustomerSource, createMemoryMemberSource, createMemoryOrderSource, createMemoryPromptStore, createMemoryTicketSource, createMemoryUsageStore, createRuleBasedResponder, withRetry } from 'crmkit';
import type { BudgetLimits, ConversationStore, CrmAssistant, EscalationEvent, PromptStore, Provider, UsageStore } from 'crmkit';
import { createSampleData, createFakeProviderServer, type FakeProviderServer } from 'crmkit/testing';
import { indexHelpFolder } from './help-center.js';
import { telemetryFromEnv } from './telemetry-from-env.js';

/** Everything the app needs, built from the environment. */
export interface Wiring {
  readonly assistant: CrmAssistant;
  readonly conversations: ConversationStore;
  /** One line per choice made ("providers: OpenAI, Anthropic", "conversations: PostgreSQL"…), for the startup log. */
  readonly summary: readonly string[];
  /** The offline stand-in for the vendors, when no API key was set. */
  readonly fakeServer?: FakeProviderServer;
  close(): Promise<void>;
}

export interface WiringOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Model providers in failover order; by default from the API keys in `env`, or the fake server. */
  readonly providers?: readonly Provider[];
  /** Budget limits; seed 003's defaults unless given. */
  readonly limits?: BudgetLimits;
  /** Tenant of the sample data loaded into the memory sources. @default 'demo' */
  readonly tenantId?: string;
  readonly now?: Date;
  /** Called when a session is escalated: notify your team here (Slack, e-mail, a ticket…). */
  readonly onEscalate?: (event: EscalationEvent) => void | Promise<void>;
  /** Folder of Markdown help-center articles the site chatbot answers from. @default the example's `help/` folder */
  readonly helpFolder?: string;
}

/** What seed 001's site chatbot knows about the company (the `company_assistant` session type). Yours goes here. */
export const companyKnowledge = {
  company: 'Acme Home Goods',
  website: 'acme.example',
  services: ['Online store for kitchen and home goods', 'Free returns within 30 days', 'Express shipping in the US and Canada'],
  pricing: { shipping: 'Free over $50, otherwise $4.99', express: '$12.99, 1–2 business days' },
  notes: 'Support hours are 8am–8pm ET, Monday to Saturday.',
} as const;

/** Seed 003's cost controls: $100 per user per day, $1 and 100 messages per session. */
export const defaultLimits: BudgetLimits = {
  perSession: { costMicros: 1_000_000, messages: 100 },
  perUserDaily: { costMicros: 100_000_000 },
};

async function providersFromEnv(env: NodeJS.ProcessEnv, summary: string[]): Promise<{ providers: Provider[]; fakeServer?: FakeProviderServer }> {
  const providers: Provider[] = [];
  // Vendor SDKs load only when their key is set: subpath imports keep them out of the rest of the app.
  if (env.ANTHROPIC_API_KEY) {
    const { createAnthropicProvider } = await import('crmkit/providers/anthropic');
    providers.push(createAnthropicProvider({ apiKey: env.ANTHROPIC_API_KEY }));
  }
  if (env.OPENAI_API_KEY) {
    const { createOpenAIProvider } = await import('crmkit/providers/openai');
    providers.push(createOpenAIProvider({ apiKey: env.OPENAI_API_KEY, model: 'gpt-4o-mini' }));
  }
  if (env.HF_TOKEN) {
    const { createHuggingFaceProvider } = await import('crmkit/providers/huggingface');
    providers.push(createHuggingFaceProvider({ apiKey: env.HF_TOKEN }));
  }
  if (providers.length > 0) {
    summary.push(`providers: ${providers.map((provider) => provider.id).join(' → ')} (real, from your API keys)`);
    return { providers };
  }
  // No key: a loopback server speaking the vendors' wire formats stands in, so every route works offline.
  const fakeServer = await createFakeProviderServer();
  const [{ createAnthropicProvider }, { createOpenAIProvider }] = await Promise.all([import('crmkit/providers/anthropic'), import('crmkit/providers/openai')]);
  providers.push(createAnthropicProvider({ apiKey: 'offline', baseURL: fakeServer.anthropicBaseURL }));
  providers.push(createOpenAIProvider({ apiKey: 'offline', baseURL: fakeServer.openaiBaseURL }));
  summary.push(`providers: anthropic → openai (offline: fake provider server at ${fakeServer.url}; set ANTHROPIC_API_KEY / OPENAI_API_KEY / HF_TOKEN for real ones)`);
  return { providers, fakeServer };
}

interface Stores {
  readonly conversations: ConversationStore;
  readonly prompts: PromptStore;
  readonly usage: UsageStore;
  readonly close: () => Promise<void>;
}

async function storesFromEnv(env: NodeJS.ProcessEnv, summary: string[]): Promise<Stores> {
  const closers: (() => Promise<void>)[] = [];
  let conversations: ConversationStore = createMemoryConversationStore();
  let prompts: PromptStore = createMemoryPromptStore();
  let usage: UsageStore = createMemoryUsageStore();
  const chosen = { conversations: 'memory', prompts: 'memory', usage: 'memory' };

  if (env.DATABASE_URL) {
    const postgres = await import('crmkit/adapters/postgres');
    await postgres.migrate({ connectionString: env.DATABASE_URL });
    const conversationStore = postgres.createPostgresConversationStore({ connectionString: env.DATABASE_URL });
    const promptStore = postgres.createPostgresPromptStore({ connectionString: env.DATABASE_URL });
    conversations = conversationStore;
    prompts = promptStore;
    closers.push(() => conversationStore.end(), () => promptStore.end());
    chosen.conversations = 'PostgreSQL';
    chosen.prompts = 'PostgreSQL';
  }
  if (env.REDIS_URL) {
    const redis = await import('crmkit/adapters/redis');
    // Budgets must be shared by every instance, or each one would allow the whole limit.
    const usageStore = redis.createRedisUsageStore({ url: env.REDIS_URL });
    usage = usageStore;
    closers.push(() => usageStore.end());
    chosen.usage = 'Redis';
    if (!env.DATABASE_URL) {
      const conversationStore = redis.createRedisConversationStore({ url: env.REDIS_URL });
      conversations = conversationStore;
      closers.push(() => conversationStore.end());
      chosen.conversations = 'Redis';
    }
  }
  summary.push(`stores: conversations ${chosen.conversations}, prompts ${chosen.prompts}, usage ${chosen.usage}`);
  return {
    conversations,
    prompts,
    usage,
    close: async () => {
      await Promise.allSettled(closers.map((close) => close()));
    },
  };
}

/**
 * Builds the assistant the way a production server would: providers in a fallback chain ending in
 * the rule-based responder, budgets, stores, and the host's data. This example loads crmkit's
 * sample data into memory sources; point the sources at your database instead.
 */
export async function createWiring(options: WiringOptions = {}): Promise<Wiring> {
  const env = options.env ?? process.env;
  const summary: string[] = [];
  const fromEnv = options.providers ? { providers: [...options.providers] } : await providersFromEnv(env, summary);
  if (options.providers) summary.push(`providers: ${options.providers.map((provider) => provider.id).join(' → ')}`);
  const stores = await storesFromEnv(env, summary);
  const data = createSampleData({ tenantId: options.tenantId ?? 'demo', ...(options.now ? { now: options.now } : {}) });
  // Seed 001's site chatbot answers from the help center: Markdown articles indexed at start.
  const helpCenter = createMemoryKnowledgeSource();
  const helpFolder = options.helpFolder ?? fileURLToPath(new URL('../help', import.meta.url));
  const indexed = await indexHelpFolder({ folder: helpFolder, tenantId: data.tenantId, source: helpCenter });
  summary.push(`help center: ${indexed.documents} Markdown articles (${indexed.passages} passages) from ${helpFolder}`);

  // Seed 002's AI_CONTENT_FILTER_ENABLED: screen customer input before any model sees it.
  const contentFilterEnabled = /^(true|1|yes|on)$/i.test(env.AI_CONTENT_FILTER_ENABLED?.trim() ?? '');
  summary.push(`content filter: ${contentFilterEnabled ? 'on' : 'off'} (AI_CONTENT_FILTER_ENABLED)`);

  const telemetry = telemetryFromEnv(env, summary);
  const chain = createFallbackChain(fromEnv.providers.map((provider) => withRetry(provider, { maxAttempts: 2 })), { degraded: createRuleBasedResponder(), telemetry });
  const assistant = createCrmAssistant({
    provider: chain,
    data: {
      members: createMemoryMemberSource({ members: data.members }),
      customers: createMemoryCustomerSource({ customers: data.customers }),
      tickets: createMemoryTicketSource({ tickets: [...data.tickets, ...data.pastTickets] }),
      orders: createMemoryOrderSource({ orders: data.orders, tracking: data.tracking }),
    },
    conversations: stores.conversations,
    promptStore: stores.prompts,
    usageStore: stores.usage,
    budget: { limits: options.limits ?? defaultLimits },
    chat: { knowledge: companyKnowledge },
    knowledge: { source: helpCenter, company: companyKnowledge.company, sessionTypes: ['company_assistant'] },
    telemetry,
    ...(options.onEscalate ? { onEscalate: options.onEscalate } : {}),
    ...(contentFilterEnabled ? { contentFilter: createContentFilter() } : {}),
  });

  return {
    assistant,
    conversations: stores.conversations,
    summary,
    ...(fromEnv.fakeServer ? { fakeServer: fromEnv.fakeServer } : {}),
    close: async () => {
      await stores.close();
      await fromEnv.fakeServer?.close();
    },
  };
}
