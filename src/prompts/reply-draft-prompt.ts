import { z } from 'zod/v4';
import { channels, type Channel } from '../core/domain.js';
import { parseInput } from '../core/validate.js';
import { channelRules } from './channel-rules.js';
import { definePrompt, type Prompt } from './define-prompt.js';
import { neutralizeInline } from './neutralize-untrusted.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Options of {@link createReplyDraftPrompt}.
 *
 * @example
 * ```ts
 * const options: ReplyDraftPromptOptions = { companyName: 'Acme Outdoor', highChurnRisk: 0.6 };
 * ```
 */
export interface ReplyDraftPromptOptions {
  /** The business the agent answers for. */
  readonly companyName?: string;
  /**
   * Customers at or above this lifetime value count as high-value, like VIPs.
   * @default 1000
   */
  readonly highValueLtv?: number;
  /**
   * Churn risk (0–1) at or above which a customer is flagged HIGH RISK.
   * @default 0.7
   */
  readonly highChurnRisk?: number;
  /**
   * Currency of lifetime values and order totals (ISO 4217).
   * @default 'USD'
   */
  readonly currency?: string;
}

/**
 * Everything the draft is based on (seed 004's automatic context injection). Field names match
 * the `Customer`, `Ticket`, `Order` and `Tracking` records, so those can be passed as they are.
 *
 * @example
 * ```ts
 * const input: ReplyDraftInput = {
 *   channel: 'email', message: 'My order #54321 hasn\'t arrived yet...',
 *   customer: { name: 'Jane', vip: true, ltv: 3500, churnRisk: 0.8, totalOrders: 18 },
 *   order: { number: '54321', totalCents: 15699, status: 'in_transit' },
 *   tracking: { status: 'in_transit', description: 'No updates for 5 days' },
 * };
 * ```
 */
export interface ReplyDraftInput {
  readonly channel: Channel;
  /** The customer's message. Untrusted. */
  readonly message: string;
  /** The ticket's subject. Untrusted. */
  readonly subject?: string;
  readonly customer: {
    /** Untrusted: customers choose their own names. */
    readonly name?: string;
    readonly vip?: boolean;
    readonly ltv: number;
    readonly churnRisk: number;
    readonly totalOrders?: number;
  };
  readonly order?: { readonly number: string; readonly totalCents?: number; readonly currency?: string; readonly status: string };
  readonly tracking?: { readonly status: string; readonly description?: string; readonly carrier?: string };
  /** Earlier tickets of this customer, most relevant first; the tail is trimmed to fit. Untrusted. */
  readonly pastTickets?: readonly { readonly subject: string; readonly body?: string; readonly status?: string; readonly resolution?: string }[];
  /** Who signs the reply. */
  readonly agentName?: string;
  /**
   * The customer's language (ISO 639-1, e.g. from `detectLanguage`); the reply is written in it.
   * `und` or absent leaves the choice to the model.
   */
  readonly language?: string;
}

const optionsSchema = lazyObject(() => z.object({
  companyName: z.string().min(1).max(200).optional(),
  highValueLtv: z.number().nonnegative().default(1000),
  highChurnRisk: z.number().min(0).max(1).default(0.7),
  currency: z.string().regex(/^[A-Z]{3}$/, 'Expected `currency` to be an ISO 4217 code such as "USD"').default('USD'),
}));

const inputSchema = lazyObject(() => z.object({
  channel: z.enum(channels as [Channel, ...Channel[]], { message: 'Expected `channel` to be "email", "sms", "chat" or "phone"' }),
  message: z.string().min(1, 'Expected `message` to be a non-empty string'),
  subject: z.string().optional(),
  customer: z.object({
    name: z.string().optional(),
    vip: z.boolean().optional(),
    ltv: z.number().nonnegative('Expected `customer.ltv` to be a non-negative number'),
    churnRisk: z.number().min(0).max(1, 'Expected `customer.churnRisk` between 0 and 1'),
    totalOrders: z.number().int().nonnegative().optional(),
  }),
  order: z.object({ number: z.string().min(1), totalCents: z.number().int().optional(), currency: z.string().optional(), status: z.string().min(1) }).optional(),
  tracking: z.object({ status: z.string().min(1), description: z.string().optional(), carrier: z.string().optional() }).optional(),
  pastTickets: z
    .array(z.object({ subject: z.string(), body: z.string().optional(), status: z.string().optional(), resolution: z.string().optional() }))
    .default([]),
  agentName: z.string().min(1).max(100).optional(),
  language: z.string().regex(/^(?:[a-z]{2,3}|und)$/i, 'Expected `language` to be an ISO 639-1 code such as "es"').optional(),
}));

const criticalInstructions = [
  '🎯 CRITICAL INSTRUCTIONS (High-value customer at churn risk):',
  '1. Be extra helpful and proactive',
  '2. Offer expedited solutions',
  '3. Consider compensation',
  "4. Solve completely - don't ask them to do extra steps",
].join('\n');

const replyDraft = lazyObject(() => definePrompt({
  name: 'reply-draft',
  template: {
    system: [
      'You are a customer support agent{{#if company}} for {{company}}{{/if}} responding to a ticket. Write only the reply itself, ready to send: no notes, no placeholders.',
      '',
      'CHANNEL: {{channel}}',
      '{{channel_rules}}',
      '{{#if agent}}',
      'Sign as {{agent}}.',
      '{{/if}}',
      '{{#if language}}',
      "LANGUAGE: write the reply in {{language}}, the customer's language.",
      '{{/if}}',
    ].join('\n'),
    user: [
      'CUSTOMER PROFILE:',
      '{{profile}}',
      '{{#if customer_name}}',
      'Customer name:',
      '{{untrusted customer_name}}',
      '{{/if}}',
      '',
      "CUSTOMER'S MESSAGE:",
      '{{#if subject}}',
      '{{untrusted subject}}',
      '{{/if}}',
      '{{untrusted message}}',
      '{{#if issue_context}}',
      '',
      'ISSUE CONTEXT:',
      '{{issue_context}}',
      '{{/if}}',
      '{{#if past_tickets}}',
      '',
      'PAST TICKETS (most relevant first):',
      '{{untrusted past_tickets}}',
      '{{/if}}',
      '{{#if critical}}',
      '',
      '{{critical}}',
      '{{/if}}',
      '',
      'Write the response now:',
    ].join('\n'),
  },
  variables: z.object({
    company: z.string().optional(),
    channel: z.string(),
    channel_rules: z.string(),
    agent: z.string().optional(),
    language: z.string().optional(),
    profile: z.string(),
    customer_name: z.string().optional(),
    subject: z.string().optional(),
    message: z.string(),
    issue_context: z.string(),
    past_tickets: z.array(z.string()),
    critical: z.string(),
  }),
  trim: [{ variable: 'past_tickets', from: 'end' }],
}));

/**
 * The channel-aware reply draft prompt of seed 004: the channel's rules (SMS at most 160
 * characters, casual; email at most 200 words, professional, greeting and signature; chat at
 * most 100 words, friendly; phone at most 75 words, conversational), the customer profile (VIP
 * status, LTV, churn risk, total orders), the customer's message, the issue context (recent
 * order, status, tracking), past tickets (trimmed from the end to fit), and the critical
 * instructions for a high-value customer at churn risk. Check the model's draft with
 * {@link checkDraft}.
 *
 * @example
 * ```ts
 * import { checkDraft, createReplyDraftPrompt } from 'crmkit/prompts';
 *
 * const prompt = createReplyDraftPrompt({ companyName: 'Acme' });
 * const { messages } = prompt.render({ channel: 'sms', message: 'Where is my order?', customer: { ltv: 120, churnRisk: 0.1 } });
 * const { text } = await provider.generate({ messages });
 * if (!checkDraft(text, 'sms').ok) console.warn('draft breaks the SMS rules');
 * ```
 */
export function createReplyDraftPrompt(options: ReplyDraftPromptOptions = {}): Prompt<ReplyDraftInput> {
  const settings = parseInput(optionsSchema, options, 'createReplyDraftPrompt options');
  const money = (amount: number, currency = settings.currency): string => {
    try {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
    } catch {
      return `${amount.toFixed(2)} ${neutralizeInline(currency, 3)}`;
    }
  };
  return {
    name: replyDraft.name,
    render(input, renderOptions) {
      const data = parseInput(inputSchema, input, 'reply-draft input');
      const { customer } = data;
      const highValue = customer.vip === true || customer.ltv >= settings.highValueLtv;
      const highRisk = customer.churnRisk >= settings.highChurnRisk;
      const profile = [
        `- Status: ${customer.vip ? '⭐ VIP CUSTOMER' : 'Regular customer'}`,
        `- Lifetime Value: ${money(customer.ltv)}`,
        `- Churn Risk: ${Math.round(customer.churnRisk * 100)}%${highRisk ? ' ⚠️ HIGH RISK' : ''}`,
        ...(customer.totalOrders === undefined ? [] : [`- Total Orders: ${customer.totalOrders}`]),
      ];
      const issue: string[] = [];
      if (data.order) {
        const total = data.order.totalCents === undefined ? '' : ` (${money(data.order.totalCents / 100, data.order.currency ?? settings.currency)})`;
        issue.push(`- Recent Order: #${neutralizeInline(data.order.number, 40)}${total}`, `- Order Status: ${neutralizeInline(data.order.status, 60)}`);
      }
      if (data.tracking) {
        const carrier = data.tracking.carrier ? ` (${neutralizeInline(data.tracking.carrier, 40)})` : '';
        issue.push(`- Tracking Status: ${neutralizeInline(data.tracking.description ?? data.tracking.status)}${carrier}`);
      }
      return replyDraft.render(
        {
          company: settings.companyName,
          channel: data.channel.toUpperCase(),
          channel_rules: channelRules[data.channel].guidance.map((line) => `- ${line}`).join('\n'),
          agent: data.agentName === undefined ? undefined : neutralizeInline(data.agentName, 100),
          language: data.language === undefined || data.language.toLowerCase() === 'und' ? undefined : languageName(data.language),
          profile: profile.join('\n'),
          customer_name: customer.name,
          subject: data.subject,
          message: data.message,
          issue_context: issue.join('\n'),
          past_tickets: data.pastTickets.map((ticket) =>
            [
              `Subject: ${ticket.subject.replace(/\s+/g, ' ').trim()}`,
              ...(ticket.status ? [`Status: ${ticket.status.replace(/\s+/g, ' ').trim()}`] : []),
              ...(ticket.resolution ? [`Resolution: ${ticket.resolution.replace(/\s+/g, ' ').trim()}`] : []),
              ...(ticket.body ? ['', ticket.body] : []),
            ].join('\n'),
          ),
          critical: highValue && highRisk ? criticalInstructions : '',
        },
        renderOptions,
      );
    },
  };
}

/** "es" → "Spanish (es)"; the code alone when the runtime has no name for it. */
function languageName(code: string): string {
  const lower = code.toLowerCase();
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(lower);
    return name && name.toLowerCase() !== lower ? `${name} (${lower})` : lower;
  } catch {
    return lower;
  }
}
