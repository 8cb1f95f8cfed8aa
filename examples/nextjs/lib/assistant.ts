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
  // example (and its browser test) runs offline. Its script answers like a model would from the
  // prompt crmkit sent, so drafts and chat replies fit the ticket or question on screen.
  const { createFakeProviderServer, fake } = await import('crmkit/testing');
  const server = await createFakeProviderServer({ defaultReply: offlineChatReply('') });
  server.script((request) => {
    const messages = (request.body as { messages?: { role?: string; content?: unknown }[] } | undefined)?.messages ?? [];
    const text = (role: string) => messages.filter((message) => message.role === role).map((message) => (typeof message.content === 'string' ? message.content : '')).join('\n');
    const system = text('system');
    const user = text('user');
    return fake.reply(/\bCHANNEL: (EMAIL|SMS|CHAT|PHONE)\b/.test(system) ? offlineDraft(system, user) : offlineChatReply(user.split('\n').slice(-3).join(' ')));
  });
  server.script(await groundedStandIn());
  const { createOpenAIProvider } = await import('crmkit/providers/openai');
  return { providers: [createOpenAIProvider({ apiKey: 'offline', baseURL: server.openaiBaseURL })], mode: 'offline' };
}

/** The customer's words inside crmkit's untrusted blocks, without the tags. */
const untrusted = (text: string): string[] => [...text.matchAll(/<untrusted_\w+[^>]*>\n?([\s\S]*?)\n?<\/untrusted_\w+>/g)].map((match) => match[1]!.trim());

function offlineDraft(system: string, user: string): string {
  const channel = /\bCHANNEL: (\w+)/.exec(system)?.[1]?.toLowerCase() ?? 'email';
  const name = /Customer name:\s*<untrusted_\w+[^>]*>\s*([\p{L}'-]+)/u.exec(user)?.[1] ?? 'there';
  const subject = untrusted(user.split("CUSTOMER'S MESSAGE:")[1] ?? '')[0] ?? 'your request';
  const order = /#(\d{4,})/.exec(user)?.[1];
  const vip = /CRITICAL INSTRUCTIONS/.test(user);
  if (channel === 'sms') return `Hi ${name}, about "${subject}"${order ? ` (order #${order})` : ''}: we're on it and will text you an update within 24h.`;
  const lines = [
    `Hi ${name},`,
    '',
    `Thanks for getting in touch about "${subject}". ${order ? `I've pulled up order #${order} and checked its tracking with the carrier. ` : ''}I'm sorry for the trouble, and I'll make sure this is sorted quickly.`,
    vip ? "As one of our most valued customers, I've also added a priority flag to your account, so anything else you need comes straight to me." : "I'll follow up within one business day with the next step.",
  ];
  return channel === 'email' ? [...lines, '', 'Best regards,', 'The Support Team'].join('\n') : lines.slice(2).join(' ');
}

function offlineChatReply(question: string): string {
  if (/return|refund/i.test(question)) return 'You can return any item within 30 days for free: open Orders, choose the item and press "Return". The label arrives by email, and the refund follows within 5 days of the parcel reaching us.';
  if (/canada|ship(ping)? to|deliver to/i.test(question)) return 'Yes, we ship to Canada: standard delivery takes 5–8 business days, express 2–3. Duties are included in the price you see at checkout.';
  if (/order|parcel|package|track/i.test(question)) return 'Your order #54321 is with UPS. Tracking has not moved for a few days, so I have asked them for an update and will email you as soon as it moves.';
  return 'Thanks for your message! I can help with orders, returns, shipping and your account. What would you like to do?';
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
