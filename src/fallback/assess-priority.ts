import type { Priority, Sentiment } from '../core/analysis.js';
import type { Customer } from '../core/domain.js';

/**
 * One urgency cue: a pattern and how much it raises the priority score (0–1 scale).
 *
 * @example
 * ```ts
 * const cue: UrgencyCue = { pattern: /\bpress (?:coverage|article)\b/i, weight: 0.4, reason: 'mentions the press' };
 * ```
 */
export interface UrgencyCue {
  readonly pattern: RegExp;
  readonly weight: number;
  /** Why the cue matters, shown in `reasons`. Must not quote customer text beyond the cue. */
  readonly reason: string;
}

/**
 * The default urgency cues: legal and payment escalations, explicit urgency, safety, repeat
 * contacts and long waits.
 *
 * @example
 * ```ts
 * const cues = [...defaultUrgencyCues, { pattern: /\bwedding\b/i, weight: 0.2, reason: 'time-bound event' }];
 * assessPriority({ text: 'I need it for my wedding on Saturday', urgencyCues: cues });
 * ```
 */
export const defaultUrgencyCues: readonly UrgencyCue[] = [
  { pattern: /\b(chargeback|dispute (?:the|this) (?:charge|payment)|(?:call|contact)(?:ing)? my bank)\b/i, weight: 0.45, reason: 'threatens a chargeback' },
  { pattern: /\b(lawyer|attorney|legal action|sue|suing|small claims|court|trading standards|consumer protection|bbb)\b/i, weight: 0.45, reason: 'mentions legal action' },
  { pattern: /\b(fraud\w*|unauthori[sz]ed|stolen|hacked|identity theft|scam(?:med)?)\b/i, weight: 0.4, reason: 'possible fraud or security issue' },
  { pattern: /\b(fire|smoke|smoking|burn(?:ed|t|ing)?|shock(?:ed)?|injur\w*|hurt|allergic|unsafe|dangerous|hospital|emergency)\b/i, weight: 0.4, reason: 'safety concern' },
  { pattern: /\b(urgent(?:ly)?|asap|a\.s\.a\.p|immediately|right (?:now|away)|as soon as possible|critical|emergency|time[- ]sensitive|(?:fix|do|sort|resolve|solve) (?:this|it) now)\b/i, weight: 0.3, reason: 'asks for urgency' },
  { pattern: /\b(today|tonight|tomorrow|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend)|deadline|before (?:the|my) (?:event|trip|flight|wedding))\b/i, weight: 0.15, reason: 'time-bound' },
  { pattern: /\b(cancel\w* (?:my|the) (?:account|subscription|membership)|never (?:again|ordering|buying|shopping)|take my business elsewhere|switch(?:ing)? to (?:a )?competitor|last chance)\b/i, weight: 0.15, reason: 'at risk of leaving' },
  {
    pattern:
      /\b(still (?:not|no|nothing|waiting|hasn.t|haven.t|didn.t|isn.t|doesn.t|won.t|broken|missing)|(?<!\b(?:buy|buying|order|ordering|shop|shopping|purchase|use|using|come|visit) )again|every time|(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time|(?:several|multiple|many|three|four|five|\d+) (?:times|emails|calls|messages)|no (?:one|body) (?:has )?(?:replied|responded|answered|got back)|no (?:reply|response|answer))\b/i,
    weight: 0.2,
    reason: 'repeat contact or recurring problem',
  },
  { pattern: /\b(?:(?:two|three|four|five|six|several|\d+) (?:weeks|days)|a (?:week|month)|weeks|months)\b/i, weight: 0.1, reason: 'long wait' },
  { pattern: /\b(locked out|can.?t (?:log ?in|access|sign ?in)|charged twice|double[- ]charged|overcharged|wrong amount|payment failed|money (?:left|taken from|was taken|deducted))\b/i, weight: 0.2, reason: 'blocked or money at stake' },
  { pattern: /\b(?:no (?:tracking )?updates?|(?:hasn.t|has not|not) moved|no movement) (?:for|in|since)\b/i, weight: 0.1, reason: 'stalled shipment' },
  { pattern: /\b(unacceptable|ridiculous|outrageous|disgrace\w*|absurd)\b/i, weight: 0.1, reason: 'escalating language' },
];

/**
 * Options for {@link assessPriority}.
 *
 * @example
 * ```ts
 * const options: AssessPriorityOptions = {
 *   text: 'Charged twice and nobody replied!',
 *   sentiment: { score: 0.1 },
 *   intent: 'billing',
 *   customer: { ltv: 5200, churnRisk: 0.75, vip: true },
 * };
 * assessPriority(options).level; // 'urgent'
 * ```
 */
export interface AssessPriorityOptions {
  /** The customer's message. */
  readonly text: string;
  /** The message's sentiment, e.g. from `analyzeSentiment`. Below 0.3 counts as frustrated (seed 004). */
  readonly sentiment?: Pick<Sentiment, 'score'>;
  /** The classified intent, e.g. `praise` lowers the priority. */
  readonly intent?: string;
  /** Who wrote it: VIPs, high lifetime value and churn risk raise the priority. */
  readonly customer?: Pick<Customer, 'ltv' | 'churnRisk' | 'vip'>;
  /**
   * The urgency cues to look for.
   * @default defaultUrgencyCues
   */
  readonly urgencyCues?: readonly UrgencyCue[];
}

/** Base score of a message with no signal at all: a normal, not a low, priority. */
const baseScore = 0.3;
const intentAdjustments: Readonly<Record<string, number>> = { praise: -0.2, sales_question: -0.05, complaint: 0.05, account_access: 0.05 };
/** Intents that need no action: the customer's value does not make them more urgent. */
const noActionIntents = new Set(['praise']);

/**
 * How urgently a message needs a human, from urgency cues (capped at +0.6), sentiment
 * (frustrated, below 0.3: +0.15), customer value (VIP +0.15, lifetime value up to +0.15,
 * churn risk ≥ 0.7 +0.1; not for praise) and the intent (complaint +0.05, praise −0.2), on top
 * of a base of 0.3. Levels:
 * ≥ 0.75 urgent, ≥ 0.5 high, ≥ 0.25 normal, otherwise low. Every point added comes with a
 * reason.
 *
 * @example
 * ```ts
 * assessPriority({ text: 'Third time asking. I will file a chargeback today.', sentiment: { score: 0.15 } });
 * // { level: 'urgent', score: 1, reasons: ['threatens a chargeback', 'time-bound', 'repeat contact', 'frustrated customer (sentiment 0.15)'] }
 * ```
 */
export function assessPriority(options: AssessPriorityOptions): Priority {
  const reasons: string[] = [];
  let urgency = 0;
  for (const cue of options.urgencyCues ?? defaultUrgencyCues) {
    if (cue.pattern.test(options.text)) {
      urgency += cue.weight;
      reasons.push(cue.reason);
    }
  }
  let score = baseScore + Math.min(0.6, urgency);
  const sentiment = options.sentiment?.score;
  // Seed 004's rule: only a frustrated customer (below 0.3) counts, and on its own it does not
  // lift a message out of `normal` — it takes frustration plus some other signal.
  if (sentiment !== undefined && sentiment < 0.3) {
    score += 0.15;
    reasons.push(`frustrated customer (sentiment ${sentiment.toFixed(2)})`);
  }
  const customer = options.customer;
  if (customer && !(options.intent && noActionIntents.has(options.intent))) {
    if (customer.vip) {
      score += 0.15;
      reasons.push('VIP customer');
    }
    if (customer.ltv >= 500) {
      score += Math.min(0.15, (customer.ltv / 1000) * 0.05);
      reasons.push(`lifetime value ${Math.round(customer.ltv).toLocaleString('en-US')}`);
    }
    if (customer.churnRisk >= 0.7) {
      score += 0.1;
      reasons.push(`churn risk ${Math.round(customer.churnRisk * 100)}%`);
    }
  }
  const adjustment = options.intent ? intentAdjustments[options.intent] : undefined;
  if (adjustment) {
    score += adjustment;
    reasons.push(adjustment < 0 ? `${options.intent?.replace(/_/g, ' ')} lowers the priority` : `${options.intent?.replace(/_/g, ' ')} needs a person`);
  }
  score = Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
  const level = score >= 0.75 ? 'urgent' : score >= 0.5 ? 'high' : score >= 0.25 ? 'normal' : 'low';
  return { level, score, reasons };
}
