import type { Channel, Customer, Order, Ticket, Tracking } from '../core/domain.js';
import { channels } from '../core/domain.js';
import { ValidationError, type ValidationIssue } from '../core/errors.js';
import { analyzeSentiment } from './analyze-sentiment.js';
import { channelLimits, measureForChannel } from './channel-limits.js';
import { classifyIntent } from './classify-intent.js';
import { generalIntent, type IntentRule } from './default-intents.js';
import { defaultReplyPhrases, type ReplyPhrases } from './default-reply-phrases.js';
import { detectLanguage } from './detect-language.js';
import { defaultReplyLanguages, type ReplyLanguage } from './reply-languages.js';
import { defaultReplyTemplates, type ReplySection, type ReplySlot, type ReplyTemplate } from './reply-template.js';
import { limitWords, shortenText } from './shorten-text.js';

/**
 * Options for {@link draftReply}. Every piece of context is optional; the draft uses what it gets.
 *
 * @example
 * ```ts
 * const options: DraftReplyOptions = {
 *   channel: 'sms',
 *   customer: { name: 'Jane Doe' },
 *   order: { number: '54321', status: 'in_transit' },
 *   message: 'Where is my order?',
 *   companyName: 'Acme',
 * };
 * draftReply(options).content; // "Hi Jane, here's the latest on your order. … Order #54321: in transit. - Acme"
 * ```
 */
export interface DraftReplyOptions {
  readonly channel: Channel;
  readonly customer?: Partial<Pick<Customer, 'name' | 'vip' | 'ltv' | 'churnRisk'>>;
  readonly order?: Partial<Pick<Order, 'number' | 'status' | 'totalCents' | 'currency'>>;
  readonly tracking?: Partial<Pick<Tracking, 'status' | 'description' | 'carrier' | 'trackingNumber'>>;
  /** The ticket being answered; its subject and body give the intent and the mood. */
  readonly ticket?: Partial<Pick<Ticket, 'subject' | 'body'>>;
  /** Earlier tickets of the same customer, most recent first. */
  readonly pastTickets?: readonly Partial<Pick<Ticket, 'subject'>>[];
  /** The customer's message, when there is no ticket. */
  readonly message?: string;
  /** The intent to answer; classified from the ticket or message when absent. */
  readonly intent?: string;
  /** Intent table used when the intent is classified here. @default defaultIntents */
  readonly intents?: readonly IntentRule[];
  /** @default 'Customer Support' */
  readonly agentName?: string;
  readonly companyName?: string;
  /** Per-channel template overrides. @default defaultReplyTemplates */
  readonly templates?: Partial<Record<Channel, ReplyTemplate>>;
  /** Per-intent phrase overrides, merged over the defaults. @default defaultReplyPhrases */
  readonly phrases?: Readonly<Record<string, ReplyPhrases>>;
  /**
   * The language to reply in (ISO 639-1), or `auto` to reply in the language the customer wrote
   * in when there is a template set for it (`languages`), and in English otherwise. `templates`
   * and `phrases` above are the English ones.
   * @default 'auto'
   */
  readonly language?: string;
  /** Reply languages besides English, merged over the built-in ones. @default defaultReplyLanguages */
  readonly languages?: Readonly<Record<string, ReplyLanguage>>;
}

/**
 * A reply draft, shaped like seed 004's draft response so AI and rule-based drafts are
 * interchangeable.
 *
 * @example
 * ```ts
 * const draft: ReplyDraft = {
 *   content: 'Hi Jane, sorry your order is late. …', channel: 'sms', tone: 'casual', intent: 'shipping_delay',
 *   reasoning: 'Rule-based casual sms reply for shipping_delay', source: 'rules', length: { unit: 'characters', value: 96, max: 160 },
 *   language: { detected: 'en', used: 'en', available: true },
 *   personalization: { usedOrderInfo: true, mentionedTracking: false, referencedPastIssue: false, appliedVipTreatment: false },
 * };
 * ```
 */
export interface ReplyDraft {
  readonly content: string;
  readonly channel: Channel;
  readonly tone: 'professional' | 'casual' | 'friendly' | 'conversational';
  readonly intent: string;
  readonly reasoning: string;
  readonly personalization: {
    readonly usedOrderInfo: boolean;
    readonly mentionedTracking: boolean;
    readonly referencedPastIssue: boolean;
    readonly appliedVipTreatment: boolean;
  };
  readonly source: 'rules';
  /**
   * The language the customer wrote in (`und` when it could not be told), the one the reply is
   * in, and whether a template set existed for the customer's language.
   */
  readonly language: { readonly detected: string; readonly used: string; readonly available: boolean };
  /** The draft's length in its channel's unit, and the limit it fits. */
  readonly length: { readonly unit: 'characters' | 'words'; readonly value: number; readonly max: number };
}

const tones: Readonly<Record<Channel, ReplyDraft['tone']>> = { email: 'professional', sms: 'casual', chat: 'friendly', phone: 'conversational' };
const upsetIntents = new Set(['shipping_delay', 'damaged_item', 'complaint']);
const slotPattern = /\{\{(\w+)(\?)?\}\}/g;

/**
 * Field limits per shortening level, in code points. Level 0 keeps everything; each level cuts
 * deeper before whole sections are dropped.
 */
const levels = [
  { name: Infinity, first: Infinity, order: Infinity, tracking: Infinity, pastIssue: Infinity, signature: Infinity },
  { name: 40, first: 24, order: 24, tracking: 80, pastIssue: 60, signature: 40 },
  { name: 20, first: 16, order: 14, tracking: 40, pastIssue: 30, signature: 24 },
  { name: 12, first: 10, order: 10, tracking: 24, pastIssue: 20, signature: 16 },
] as const;

/**
 * Drafts a reply for a channel from templates, using whatever context is known: the customer's
 * name, the order number and status, the tracking status, a past issue, VIP treatment. The draft
 * always fits the channel (SMS 160 characters, email 200 words, chat 100, phone 75): long
 * fields are shortened first (with an ellipsis, never a silent mid-word cut), then optional
 * sections are dropped, lowest `drop` rank first.
 *
 * @example
 * ```ts
 * const draft = draftReply({
 *   channel: 'email',
 *   customer: { name: 'Jane Doe', vip: true },
 *   order: { number: '54321', status: 'in_transit', totalCents: 15699, currency: 'USD' },
 *   tracking: { carrier: 'UPS', description: 'No updates for 5 days' },
 *   ticket: { subject: 'Order not delivered', body: "My order #54321 hasn't arrived yet" },
 *   companyName: 'Acme',
 * });
 * console.log(draft.content); // 'Hi Jane,\n\nThank you for contacting us. … Your order #54321 ($156.99) is currently in transit. …'
 * ```
 */
export function draftReply(options: DraftReplyOptions): ReplyDraft {
  checkOptions(options);
  const channel = options.channel;
  const text = [options.ticket?.subject, options.ticket?.body, options.message].filter((part): part is string => typeof part === 'string' && part.length > 0).join('\n');
  const intent = options.intent ?? (text ? classifyIntent(text, options.intents ? { intents: options.intents } : {}).intent : generalIntent);
  const detected = text ? detectLanguage(text).language : 'und';
  const wanted = options.language === undefined || options.language === 'auto' ? detected : options.language.toLowerCase();
  const pack = wanted === 'en' || wanted === 'und' ? undefined : (options.languages?.[wanted] ?? defaultReplyLanguages[wanted]);
  const template = pack ? pack.templates[channel] : (options.templates?.[channel] ?? defaultReplyTemplates[channel]);
  const phrases = pack
    ? (pack.phrases[intent] ?? (pack.phrases[generalIntent] as ReplyPhrases))
    : (options.phrases?.[intent] ?? defaultReplyPhrases[intent] ?? options.phrases?.[generalIntent] ?? (defaultReplyPhrases[generalIntent] as ReplyPhrases));
  const used = pack ? wanted : 'en';
  const language = { detected, used, available: wanted === 'und' || wanted === used };
  const upset = upsetIntents.has(intent) || (text.length > 0 && analyzeSentiment(text).score < 0.3);
  const limit = channelLimits[channel];
  const ellipsis = channel === 'sms' ? '...' : '…';

  const droppable = template.sections
    .map((section, index) => ({ index, drop: section.drop }))
    .filter((entry): entry is { index: number; drop: number } => entry.drop !== undefined)
    .sort((a, b) => a.drop - b.drop || b.index - a.index);
  // Shorten fields before dropping whole sections: a clipped name beats a missing order number.
  const attempts: { level: number; dropped: number }[] = levels.map((_, level) => ({ level, dropped: 0 }));
  for (let dropped = 1; dropped <= droppable.length; dropped += 1) attempts.push({ level: levels.length - 1, dropped });

  let rendered: Rendered | undefined;
  for (const attempt of attempts) {
    const skip = new Set(droppable.slice(0, attempt.dropped).map((entry) => entry.index));
    const slots = buildSlots(options, phrases, pack ?? english, upset, channel, attempt.level, ellipsis);
    rendered = render(template, slots, skip);
    if (measureForChannel(rendered.content, channel) <= limit.max) break;
  }
  let content = (rendered as Rendered).content;
  // Only a custom template with long fixed text gets here; cut it visibly rather than overflow.
  if (measureForChannel(content, channel) > limit.max) content = limit.unit === 'characters' ? shortenText(content, limit.max, ellipsis) : limitWords(content, limit.max, ellipsis);
  const slotsUsed = (rendered as Rendered).used;
  const languageNote = language.available ? (used === 'en' ? '' : ` in ${(pack as ReplyLanguage).name}`) : `; the customer wrote in ${wanted}, which has no reply templates, so the reply is in English`;
  return {
    content,
    channel,
    tone: tones[channel],
    intent,
    reasoning: `Rule-based ${tones[channel]} ${channel} reply for ${intent}${slotsUsed.has('orderNumber') ? ', with order details' : ''}${slotsUsed.has('tracking') ? ' and tracking status' : ''}${languageNote}`,
    personalization: {
      usedOrderInfo: slotsUsed.has('orderNumber'),
      mentionedTracking: slotsUsed.has('tracking'),
      referencedPastIssue: slotsUsed.has('pastIssue'),
      appliedVipTreatment: slotsUsed.has('vip'),
    },
    source: 'rules',
    language,
    length: { unit: limit.unit, value: measureForChannel(content, channel), max: limit.max },
  };
}

function checkOptions(options: DraftReplyOptions): void {
  const issues: ValidationIssue[] = [];
  if (typeof options !== 'object' || options === null) throw new ValidationError('draftReply options', [{ path: '', message: 'Expected an options object with a `channel`' }]);
  if (!channels.includes(options.channel)) issues.push({ path: 'channel', message: `Expected \`channel\` to be one of ${channels.join(', ')}` });
  for (const [channel, template] of Object.entries(options.templates ?? {})) {
    if (!Array.isArray(template?.sections) || template.sections.length === 0) issues.push({ path: `templates.${channel}.sections`, message: 'Expected at least one section' });
  }
  if (issues.length > 0) throw new ValidationError('draftReply options', issues);
}

type Slots = Partial<Record<ReplySlot, string>>;

interface Rendered {
  readonly content: string;
  readonly used: ReadonlySet<string>;
}

/** The fixed English words of a draft, in the shape of a {@link ReplyLanguage}. */
const english: Pick<ReplyLanguage, 'words' | 'locale' | 'statuses'> = {
  locale: 'en-US',
  words: {
    there: 'there',
    empathy: 'I understand how frustrating this is.',
    empathyPhone: 'I completely understand how frustrating this must be.',
    vip: 'As one of our most valued customers, you have my personal attention until this is resolved.',
    vipPhone: "You're one of our most valued customers, so I'll personally see this through.",
    agentName: 'Customer Support',
  },
};

function buildSlots(
  options: DraftReplyOptions,
  phrases: ReplyPhrases,
  language: Pick<ReplyLanguage, 'words' | 'locale' | 'statuses'>,
  upset: boolean,
  channel: Channel,
  level: number,
  ellipsis: string,
): Slots {
  const { words } = language;
  const status = (value: string): string => language.statuses?.[value.toLowerCase()] ?? humanise(value);
  const limits = levels[Math.min(level, levels.length - 1)] as (typeof levels)[number];
  const cut = (value: string | undefined, max: number): string => (value ? shortenText(collapse(value), max, ellipsis) : '');
  const name = collapse(options.customer?.name ?? '');
  const firstName = cut(name.split(' ')[0], limits.first);
  const customer = options.customer;
  const valuable = Boolean(customer?.vip) || (customer?.ltv ?? 0) >= 1000 || (customer?.churnRisk ?? 0) >= 0.7;
  const order = options.order;
  const tracking = options.tracking;
  return {
    greetingName: firstName || words.there,
    name: cut(name, limits.name),
    firstName,
    acknowledgement: phrases.acknowledgement,
    nextStep: phrases.nextStep,
    short: phrases.short,
    empathy: upset ? (channel === 'phone' ? words.empathyPhone : words.empathy) : '',
    orderNumber: cut(order?.number?.replace(/^#/, ''), limits.order),
    orderStatus: cut(order?.status ? status(order.status) : undefined, limits.tracking),
    orderTotal: order?.totalCents !== undefined && order.currency ? formatMoney(order.totalCents, order.currency, language.locale) : '',
    tracking: cut(tracking?.description ? tracking.description.replace(/[.!\s]+$/, '') : tracking?.status ? status(tracking.status) : undefined, limits.tracking),
    carrier: cut(tracking?.carrier, limits.signature),
    trackingNumber: cut(tracking?.trackingNumber, limits.order),
    pastIssue: cut(options.pastTickets?.[0]?.subject, limits.pastIssue),
    vip: valuable ? (channel === 'phone' ? words.vipPhone : words.vip) : '',
    agentName: cut(options.agentName ?? words.agentName, limits.signature),
    companyName: cut(options.companyName, limits.signature),
  };
}

function render(template: ReplyTemplate, slots: Slots, skip: ReadonlySet<number>): Rendered {
  const used = new Set<string>();
  const parts: string[] = [];
  template.sections.forEach((section, index) => {
    if (skip.has(index)) return;
    const text = renderSection(section, slots, used);
    if (text) parts.push(text);
  });
  return { content: parts.join(template.separator ?? ' '), used };
}

function renderSection(section: ReplySection, slots: Slots, used: Set<string>): string | undefined {
  const alternatives = typeof section.text === 'string' ? [section.text] : section.text;
  for (const alternative of alternatives) {
    let complete = true;
    const names: string[] = [];
    // Single pass: slot values are never re-expanded, so a name containing "{{vip}}" stays text.
    const text = alternative.replace(slotPattern, (_, slot: string, optional: string | undefined) => {
      const value = slots[slot as ReplySlot] ?? '';
      if (!value && !optional) complete = false;
      if (value) names.push(slot);
      return value;
    });
    if (!complete) continue;
    for (const name of names) used.add(name);
    const tidy = text.replace(/(\.\.\.|…)\./g, '$1').replace(/[ \t]{2,}/g, ' ').replace(/ +\n/g, '\n').replace(/\n +/g, '\n').trim();
    return tidy.length > 0 ? tidy : undefined;
  }
  return undefined;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function humanise(status: string): string {
  return status.replace(/[_-]+/g, ' ').trim().toLowerCase();
}

function formatMoney(cents: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}
