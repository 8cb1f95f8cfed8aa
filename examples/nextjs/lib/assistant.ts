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
} from 'crmkit';
import type { CrmAssistant, Provider } from 'crmkit';
import { createHelpCenter, groundedStandIn } from './help-center';

interface Wiring {
  readonly assistant: CrmAssistant;
  readonly mode: 'real' | 'offline';
}

async function providers(): Promise<{ providers: Provider[]; mode: Wiring['mode'] }> {
  const env = process.env;
  const found: Provider[] = [];
  if (env.ANTHROPIC_API_KEY) found.push((await import('crmkit/providers/anthropic')).createAnthropicProvider({ apiKey: env.ANTHROPIC_API_KEY }));
  if (env.OPENAI_API_KEY) found.push((await import('crmkit/providers/openai')).createOpenAIProvider({ apiKey: env.OPENAI_API_KEY, model: 'gpt-4o-mini' }));
  if (env.HF_TOKEN) found.push((await import('crmkit/providers/huggingface')).createHuggingFaceProvider({ apiKey: env.HF_TOKEN }));
  if (found.length > 0) return { providers: found, mode: 'real' };

  // No key: a loopback server that speaks the OpenAI wire format stands in for the vendor, so the
  // example (and its browser test) runs offline.
  const { createFakeProviderServer } = await import('crmkit/testing');
  const server = await createFakeProviderServer({
    defaultReply: 'Thanks for reaching out! Your order #54321 is with UPS and I have asked them for an update. I will email you as soon as it moves.',
  });
  server.script(await groundedStandIn());
  const { createOpenAIProvider } = await import('crmkit/providers/openai');
  return { providers: [createOpenAIProvider({ apiKey: 'offline', baseURL: server.openaiBaseURL })], mode: 'offline' };
}

async function build(): Promise<Wiring> {
  const { createSampleData } = await import('crmkit/testing');
  const data = createSampleData({ tenantId: 'demo' });
  const { providers: links, mode } = await providers();
  const assistant = createCrmAssistant({
    provider: createFallbackChain(
      links.map((link) => withRetry(link, { maxAttempts: 2 })),
      { degraded: createRuleBasedResponder() },
    ),
    data: {
      members: createMemoryMemberSource({ members: data.members }),
      customers: createMemoryCustomerSource({ customers: data.customers }),
      tickets: createMemoryTicketSource({ tickets: [...data.tickets, ...data.pastTickets] }),
      orders: createMemoryOrderSource({ orders: data.orders, tracking: data.tracking }),
    },
    conversations: createMemoryConversationStore(),
    promptStore: createMemoryPromptStore(),
    usageStore: createMemoryUsageStore(),
    budget: { limits: { perSession: { costMicros: 1_000_000, messages: 100 } } },
    // The chat's customer_support sessions answer from the help center, with citations (issue 21).
    knowledge: { source: await createHelpCenter('demo'), company: 'Example Shop', sessionTypes: ['customer_support'] },
    onEscalate: ({ sessionId }) => {
      // Replace with a real notification (Slack, e-mail, your ticketing system).
      console.log(`[escalation] session ${sessionId} needs a human`);
    },
  });
  if (mode === 'offline') console.log('[crmkit] no API key set: answering from the offline fake provider');
  return { assistant, mode };
}

// One assistant per server process; kept on globalThis so dev-mode hot reloads do not build a
// second one (with its own memory stores) on every edit.
const globalCache = globalThis as typeof globalThis & { crmkitWiring?: Promise<Wiring> };

/** The process-wide assistant, built on first use. */
export function getAssistant(): Promise<Wiring> {
  globalCache.crmkitWiring ??= build();
  return globalCache.crmkitWiring;
}
