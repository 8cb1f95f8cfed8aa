import type { Intent } from '../core/analysis.js';
import { ValidationError } from '../core/errors.js';
import { defaultIntents, generalIntent, type IntentRule } from './default-intents.js';

/**
 * Options for {@link classifyIntent}.
 *
 * @example
 * ```ts
 * const options: ClassifyIntentOptions = {
 *   intents: [{ intent: 'warranty', cues: ['warranty', 'guarantee'] }, ...defaultIntents],
 *   fallbackIntent: 'other',
 *   maxAlternatives: 2,
 * };
 * classifyIntent('Is this still under warranty?', options).intent; // 'warranty'
 * ```
 */
export interface ClassifyIntentOptions {
  /**
   * The intent table, most specific first (ties go to the earlier rule).
   * @default defaultIntents
   */
  readonly intents?: readonly IntentRule[];
  /**
   * The intent reported when no cue matches.
   * @default 'general_inquiry'
   */
  readonly fallbackIntent?: string;
  /**
   * Most alternatives to report.
   * @default 3
   */
  readonly maxAlternatives?: number;
}

interface CompiledRule {
  readonly intent: string;
  readonly pattern: RegExp;
  readonly weight: number;
}

// Compiling a table is the expensive part; tables are usually module constants, so cache by identity.
const compiledTables = new WeakMap<readonly IntentRule[], readonly CompiledRule[]>();

function compile(intents: readonly IntentRule[]): readonly CompiledRule[] {
  const cached = compiledTables.get(intents);
  if (cached) return cached;
  const issues: { path: string; message: string }[] = [];
  const compiled: CompiledRule[] = [];
  intents.forEach((rule, index) => {
    if (typeof rule?.intent !== 'string' || rule.intent.length === 0) issues.push({ path: `intents[${index}].intent`, message: 'Expected a non-empty intent name' });
    if (!Array.isArray(rule?.cues) || rule.cues.length === 0) {
      issues.push({ path: `intents[${index}].cues`, message: 'Expected at least one cue (a phrase or a regular expression source)' });
      return;
    }
    if (rule.weight !== undefined && !(Number.isFinite(rule.weight) && rule.weight > 0)) issues.push({ path: `intents[${index}].weight`, message: 'Expected `weight` to be a positive number' });
    try {
      compiled.push({ intent: rule.intent, pattern: new RegExp(`(?<![\\w])(?:${rule.cues.join('|')})(?![\\w])`, 'gi'), weight: rule.weight ?? 1 });
    } catch (error) {
      issues.push({ path: `intents[${index}].cues`, message: `A cue is not a valid regular expression (${(error as Error).message}); escape special characters in plain phrases` });
    }
  });
  if (issues.length > 0) throw new ValidationError('intent table', issues);
  compiledTables.set(intents, compiled);
  return compiled;
}

/**
 * Classifies a customer message with an intent table: every distinct cue of a rule that occurs
 * in the text adds the rule's weight; the best score wins (ties go to the earlier rule), and the
 * runners-up become `alternatives`. Confidence grows with the winning score and shrinks when a
 * runner-up is close. No cue at all gives `general_inquiry` at confidence 0.3.
 *
 * @example
 * ```ts
 * classifyIntent('I was charged twice for order #54321, I want a refund');
 * // { intent: 'refund', confidence: 0.6…, alternatives: [{ intent: 'billing', … }] }
 * ```
 */
export function classifyIntent(text: string, options: ClassifyIntentOptions = {}): Intent {
  const rules = compile(options.intents ?? defaultIntents);
  const maxAlternatives = options.maxAlternatives ?? 3;
  const scored: { intent: string; score: number; order: number }[] = [];
  rules.forEach((rule, order) => {
    rule.pattern.lastIndex = 0;
    const matched = new Set<string>();
    for (const match of text.matchAll(rule.pattern)) matched.add(match[0].toLowerCase());
    if (matched.size > 0) scored.push({ intent: rule.intent, score: matched.size * rule.weight, order });
  });
  if (scored.length === 0) return { intent: options.fallbackIntent ?? generalIntent, confidence: 0.3, alternatives: [] };
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  const [top, second] = scored as [(typeof scored)[number], ...(typeof scored)];
  const confidenceOf = (score: number): number => Math.min(0.95, 0.35 + 0.25 * score) * (score / (top.score + 0.5 * (second?.score ?? 0)));
  return {
    intent: top.intent,
    confidence: round(confidenceOf(top.score)),
    alternatives: scored.slice(1, 1 + maxAlternatives).map((entry) => ({ intent: entry.intent, confidence: round(confidenceOf(entry.score)) })),
  };
}

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}
