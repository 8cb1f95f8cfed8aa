import type { HandoffSummary } from '../core/handoff-summary.js';
import { analyzeSentiment } from './analyze-sentiment.js';
import { shortenText } from './shorten-text.js';

/**
 * One message of the conversation being handed over.
 *
 * @example
 * ```ts
 * const turn: HandoffTurn = { role: 'user', content: 'Where is order #54321?' };
 * ```
 */
export interface HandoffTurn {
  readonly role: 'user' | 'assistant' | 'system';
  readonly content: string;
}

/**
 * Input of {@link summarizeHandoff}.
 *
 * @example
 * ```ts
 * const input: SummarizeHandoffInput = { reason: 'Complex billing dispute', turns: [{ role: 'user', content: 'I was charged twice for order #54321' }] };
 * ```
 */
export interface SummarizeHandoffInput {
  /** The conversation, oldest first. */
  readonly turns: readonly HandoffTurn[];
  /** Why it is escalated. */
  readonly reason: string;
  /** What a model wrote for problem, tried and open question; the rules fill what is absent. */
  readonly written?: { readonly problem: string; readonly tried: readonly string[]; readonly openQuestion: string | null };
}

const orderPattern = /(?:#\s?(\d{4,12})\b|\border(?:\s+(?:number|no\.?|id))?\s*[:#]?\s*(\d{4,12})\b)/gi;
const ticketPattern = /\b(T-\d{3,8}|TICKET-\d{1,10})\b/gi;
const maxTried = 5;

/**
 * The rule-based handoff summary: the customer's first message as the problem, the assistant's
 * replies (first sentence each) as what was tried, order and ticket references found anywhere in
 * the conversation, the sentiment trend from the first to the last customer message, and the
 * last customer question as the open question. Deterministic and offline; the assistant uses it
 * when no model answers, and for the references and trend always.
 *
 * @example
 * ```ts
 * const summary = summarizeHandoff({
 *   reason: 'Customer threatens a chargeback',
 *   turns: [
 *     { role: 'user', content: 'Order #54321 still has not arrived.' },
 *     { role: 'assistant', content: 'I have opened a carrier investigation. You will hear back within 24 hours.' },
 *     { role: 'user', content: 'This is useless. Can you refund me today?' },
 *   ],
 * });
 * summary.references.orders; // ['#54321']
 * summary.openQuestion; // 'This is useless. Can you refund me today?'
 * ```
 */
export function summarizeHandoff(input: SummarizeHandoffInput): HandoffSummary {
  const customer = input.turns.filter((turn) => turn.role === 'user' && turn.content.trim() !== '').map((turn) => turn.content.trim());
  const replies = input.turns.filter((turn) => turn.role === 'assistant' && turn.content.trim() !== '').map((turn) => turn.content.trim());
  const everything = [...input.turns.map((turn) => turn.content), input.reason].join('\n');

  const problem = input.written?.problem ?? (customer[0] ? shortenText(customer[0], 300) : `No customer message yet; escalated because: ${input.reason}`);
  const tried = input.written?.tried ?? dedupe(replies.map((reply) => shortenText(firstSentence(reply), 160))).slice(-maxTried);
  const lastQuestion = [...customer].reverse().find((text) => text.includes('?'));
  const openQuestion = input.written ? input.written.openQuestion : lastQuestion ? shortenText(lastQuestion, 300) : null;
  const references = { orders: collect(everything, orderPattern, (match) => `#${match[1] ?? match[2]}`), tickets: collect(everything, ticketPattern, (match) => (match[1] as string).toUpperCase()) };
  const sentimentTrend = trend(customer);

  const parts = [`Problem: ${problem}`];
  parts.push(tried.length > 0 ? `Tried: ${tried.join('; ')}.` : 'Tried: nothing yet.');
  const refs = [...references.orders.map((order) => `order ${order}`), ...references.tickets.map((ticket) => `ticket ${ticket}`)];
  if (refs.length > 0) parts.push(`References: ${refs.join(', ')}.`);
  parts.push(`Sentiment: ${sentimentTrend}.`);
  if (openQuestion) parts.push(`Open question: ${openQuestion}`);
  parts.push(`Escalated because: ${input.reason}`);
  return {
    problem,
    tried,
    references,
    sentimentTrend,
    openQuestion,
    reason: input.reason,
    text: parts.map((part) => (/[.!?]$/.test(part) ? part : `${part}.`)).join(' '),
    source: input.written ? 'model' : 'rules',
  };
}

function firstSentence(text: string): string {
  const match = /^[\s\S]*?[.!?](?=\s|$)/.exec(text.replace(/\s+/g, ' '));
  return (match?.[0] ?? text).trim();
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function collect(text: string, pattern: RegExp, format: (match: RegExpMatchArray) => string): string[] {
  return dedupe([...text.matchAll(pattern)].map(format));
}

/** First vs last customer message; a move of 0.15 or more on the 0–1 scale counts. */
function trend(customer: readonly string[]): HandoffSummary['sentimentTrend'] {
  if (customer.length === 0) return 'unknown';
  const first = analyzeSentiment(customer[0] as string).score;
  const last = analyzeSentiment(customer[customer.length - 1] as string).score;
  if (customer.length === 1) return 'steady';
  const delta = last - first;
  if (delta >= 0.15) return 'improving';
  if (delta <= -0.15) return 'worsening';
  return 'steady';
}
