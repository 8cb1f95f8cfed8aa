import { analyzeMessage } from '../src/index.js';
import { fake, type FakeResponse, type FakeScript, type RecordedRequest } from '../src/testing/index.js';

/**
 * A stand-in "model" for the offline demo. The fake provider server speaks each vendor's real
 * wire format; this script decides what it says, by reading the prompt crmkit sent, so the demo's
 * answers read like a model's. Structured requests (a JSON schema in `response_format`, or in the
 * system prompt for vendors without a JSON mode) get JSON shaped by that schema, with the
 * analysis fields filled from crmkit's own rule-based analyser. Nothing here is used by the
 * library; it only makes the demo readable.
 */

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; enum?: unknown[]; minimum?: number; maximum?: number; anyOf?: JsonSchema[]; required?: string[] };

interface Prompt {
  readonly system: string;
  readonly user: string;
  readonly schema?: JsonSchema;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (part && typeof part === 'object' && 'text' in part ? String((part as { text: unknown }).text) : '')).join('');
  return '';
}

function readPrompt(request: RecordedRequest): Prompt {
  const body = (request.body ?? {}) as { messages?: { role?: string; content?: unknown }[]; system?: unknown; response_format?: { json_schema?: { schema?: JsonSchema } } };
  const messages = body.messages ?? [];
  const system = [textOf(body.system), ...messages.filter((message) => message.role === 'system').map((message) => textOf(message.content))].join('\n');
  const user = messages.filter((message) => message.role === 'user').map((message) => textOf(message.content)).at(-1) ?? '';
  let schema = body.response_format?.json_schema?.schema;
  const inline = /JSON Schema:\n(\{.*\})\s*$/s.exec(system);
  if (!schema && inline) {
    try {
      schema = JSON.parse(inline[1]!) as JsonSchema;
    } catch {
      schema = undefined;
    }
  }
  return { system, user, ...(schema ? { schema } : {}) };
}

/** The customer's words: the last untrusted block, or the whole user message. */
function customerText(prompt: Prompt): string {
  const blocks = [...prompt.user.matchAll(/<untrusted_\w+[^>]*>\n?([\s\S]*?)\n?<\/untrusted_\w+>/g)].map((match) => match[1]!);
  return (blocks.at(-1) ?? prompt.user).trim();
}

function firstName(prompt: Prompt): string {
  return /Customer name:\s*(?:<untrusted_\w+[^>]*>\s*)?([A-Z][\p{L}'-]+)/u.exec(`${prompt.system}\n${prompt.user}`)?.[1] ?? 'there';
}

// The model prompt's intent list; the rule-based analyser has finer names for some of them.
const modelIntents = ['order_status', 'refund', 'return', 'exchange', 'complaint', 'billing', 'shipping', 'technical_support', 'account', 'cancellation', 'product_question', 'feedback', 'greeting', 'other'];
const intentAliases: Record<string, string> = {
  shipping_delay: 'order_status',
  damaged_item: 'complaint',
  sales_question: 'product_question',
  account_access: 'account',
  praise: 'feedback',
  general_inquiry: 'other',
};

/** Answers to the assistant's JSON analysis prompts, computed by crmkit's rule-based analyser. */
function analysisAnswer(prompt: Prompt): unknown {
  const analysis = analyzeMessage(customerText(prompt));
  const system = prompt.system;
  if (/Classify the sentiment/i.test(system)) return analysis.sentiment;
  if (/Identify what the customer wants/i.test(system) && analysis.intent) {
    const intent = modelIntents.includes(analysis.intent.intent) ? analysis.intent.intent : (intentAliases[analysis.intent.intent] ?? 'other');
    return { intent, confidence: Math.max(0.7, analysis.intent.confidence), alternatives: [] };
  }
  if (/Extract the entities/i.test(system)) return { entities: analysis.entities ?? [] };
  if (/Assess how urgently/i.test(system)) {
    // A model reads the context it is given: the inbox's priority for this ticket, when the host sent it.
    const inbox = /inbox priority:\s*(urgent|high|normal|low)\b/i.exec(prompt.user)?.[1]?.toLowerCase();
    if (!inbox || !analysis.priority) return analysis.priority;
    const score = { urgent: 0.95, high: 0.75, normal: 0.45, low: 0.15 }[inbox as 'urgent' | 'high' | 'normal' | 'low'];
    return { level: inbox, score, reasons: [`marked ${inbox} in the inbox`, ...analysis.priority.reasons].slice(0, 3) };
  }
  return undefined;
}

function draftFor(prompt: Prompt): string {
  const all = `${prompt.system}\n${prompt.user}`;
  const name = firstName(prompt);
  const order = /#(\d{4,})/.exec(all)?.[1];
  const sms = /\bSMS\b/.test(all);
  const vip = /VIP/i.test(all);
  if (sms) return `Hi ${name}, sorry about order #${order ?? ''}! We've chased the carrier and upgraded you to express at no cost. Update within 24h.`;
  return [
    `Hi ${name},`,
    '',
    `I'm so sorry your order${order ? ` #${order}` : ''} hasn't arrived yet. I can see the tracking has had no updates for 5 days, so I have opened an investigation with the carrier today.`,
    vip
      ? "As one of our most valued customers, I've also sent a replacement by express shipping at no cost, and added a 15% credit to your account for the trouble. You don't need to do anything."
      : "I'll send you an update within 24 hours, and if the parcel doesn't move by then we'll ship a replacement.",
    '',
    'Warm regards,',
    'The Support Team',
  ].join('\n');
}

function valueFor(name: string, schema: JsonSchema, prompt: Prompt): unknown {
  const analysis = analyzeMessage(customerText(prompt));
  const byName: Record<string, unknown> = {
    sentiment: analysis.sentiment,
    intent: analysis.intent,
    entities: analysis.entities,
    priority: analysis.priority,
    content: draftFor(prompt),
    reply: draftFor(prompt),
    tone: /\bSMS\b/.test(prompt.system + prompt.user) ? 'casual' : 'professional',
    reasoning: 'Apologised, used the order and tracking details, and offered an expedited fix because the customer is a VIP at churn risk.',
  };
  if (name in byName && byName[name] !== undefined) return byName[name];
  return example(schema, prompt);
}

function example(schema: JsonSchema, prompt: Prompt): unknown {
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf?.[0]) return example(schema.anyOf[0], prompt);
  const type = Array.isArray(schema.type) ? schema.type.find((candidate) => candidate !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, valueFor(name, property, prompt)]));
    case 'array':
      return [];
    case 'number':
    case 'integer':
      return Math.min(schema.maximum ?? 1, Math.max(schema.minimum ?? 0, 0.8));
    case 'boolean':
      return true;
    default:
      return 'ok';
  }
}

function answer(prompt: Prompt): FakeResponse {
  const analysis = /Reply with one JSON object/i.test(prompt.system) ? analysisAnswer(prompt) : undefined;
  if (analysis !== undefined) return fake.json(analysis, { latencyMs: 30 });
  if (prompt.schema) return fake.json(example(prompt.schema, prompt), { latencyMs: 40 });
  const all = `${prompt.system}\n${prompt.user}`;
  const ids = [...new Set(all.match(/MID-\d{4}-\d{2}-\d{2}-\d{4,5}/g) ?? [])];
  if (/CRM/i.test(all) && ids.length > 0) {
    const count = /Member IDs found:\s*(\d+)/i.exec(all)?.[1] ?? String(ids.length);
    const breakdown = /Lead statuses:\s*([^\n]+)/i.exec(all)?.[1];
    return fake.reply(
      `Based on the CRM data, you have ${count} members requiring follow-up today${breakdown ? ` (${breakdown})` : ''}. ` +
        `The member IDs are: ${ids.join(', ')}. I'd start with the New leads, since first contact converts best within a day.`,
      { latencyMs: 60, chunkDelayMs: 5 },
    );
  }
  if (/draft|reply to the customer|channel/i.test(all)) return fake.reply(draftFor(prompt), { latencyMs: 60, chunkDelayMs: 5 });
  return fake.reply("Thanks for your message! I've checked your account and I'm on it: you'll hear from us within the hour.", { latencyMs: 40, chunkDelayMs: 5 });
}

/** The demo's fake-model script (see the file comment). */
export const scriptedModel: FakeScript = (request) => answer(readPrompt(request));
