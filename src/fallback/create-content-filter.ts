import { createRequire } from 'node:module';
import type * as Obscenity from 'obscenity';
import type { EnglishProfaneWord } from 'obscenity';
import { z } from 'zod/v4';
import { parseInput } from '../core/validate.js';

/**
 * What the content filter looks for.
 *
 * @example
 * ```ts
 * const escalate: readonly ContentCategory[] = ['threat', 'custom'];
 * const { categories } = filter.check(message);
 * if (categories.some((category) => escalate.includes(category))) escalateToHuman();
 * ```
 */
export type ContentCategory = 'slur' | 'sexual' | 'profanity' | 'threat' | 'custom';

/**
 * How much the filter blocks: `low` slurs, threats and custom patterns; `medium` adds sexual
 * content; `high` adds profanity.
 *
 * @example
 * ```ts
 * const strictness: ContentStrictness = tenant.familyFriendly ? 'high' : 'medium';
 * const filter = createContentFilter({ strictness });
 * ```
 */
export type ContentStrictness = 'low' | 'medium' | 'high';

/**
 * Options for {@link createContentFilter}.
 *
 * @example
 * ```ts
 * const options: ContentFilterOptions = {
 *   strictness: 'medium',
 *   categories: { profanity: true },
 *   blockedPatterns: ['crypto giveaway', /\bwire me\b/i],
 *   allowedTerms: ['Dick Smith Electronics'],
 * };
 * createContentFilter(options).check('Join the crypto giveaway now').allowed; // false
 * ```
 */
export interface ContentFilterOptions {
  /** @default 'medium' */
  readonly strictness?: ContentStrictness;
  /** Turn single categories on or off regardless of strictness, e.g. `{ profanity: true }`. */
  readonly categories?: Partial<Record<Exclude<ContentCategory, 'custom'>, boolean>>;
  /** Extra blocked patterns (category `custom`): plain strings match case-insensitively as whole words. */
  readonly blockedPatterns?: readonly (string | RegExp)[];
  /** Terms never flagged, matched case-insensitively: a match inside one is ignored (a brand name that contains a listed word, say). */
  readonly allowedTerms?: readonly string[];
  /**
   * The reply to send instead of answering filtered content.
   * @default "I'm sorry, but I can't help with that message. Please rephrase it, and a member of our team will be glad to help."
   */
  readonly safeReply?: string;
}

/**
 * One flagged span.
 *
 * @example
 * ```ts
 * const match: ContentMatch = { category: 'threat', start: 0, end: 16 };
 * ```
 */
export interface ContentMatch {
  readonly category: ContentCategory;
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

/**
 * The verdict on one text.
 *
 * @example
 * ```ts
 * const verdict: ContentCheck = { allowed: false, categories: ['threat'], matches: [{ category: 'threat', start: 0, end: 16 }] };
 * ```
 */
export interface ContentCheck {
  readonly allowed: boolean;
  /** Categories found, without repeats, in first-match order. */
  readonly categories: readonly ContentCategory[];
  readonly matches: readonly ContentMatch[];
}

/**
 * A configured content filter.
 *
 * @example
 * ```ts
 * const filter: ContentFilter = createContentFilter({ strictness: 'high' });
 * const verdict = filter.check(message);
 * if (!verdict.allowed) reply(filter.safeReply);
 * ```
 */
export interface ContentFilter {
  check(text: string): ContentCheck;
  readonly safeReply: string;
  readonly strictness: ContentStrictness;
}

const slurWords: ReadonlySet<EnglishProfaneWord> = new Set<EnglishProfaneWord>([
  'abeed', 'abo', 'africoon', 'arabush', 'boonga', 'chingchong', 'chink', 'dyke', 'fag', 'kike', 'negro', 'nigger', 'retard', 'spastic', 'tranny',
]);
const profanityWords: ReadonlySet<EnglishProfaneWord> = new Set<EnglishProfaneWord>([
  'arse', 'ass', 'bastard', 'bitch', 'bollocks', 'cunt', 'dick', 'fuck', 'piss', 'prick', 'shit', 'turd', 'twat', 'wank', 'cock', 'cuck',
]);
/** obscenity has no threat list; these are the phrasings support teams most often escalate. */
const threatPatterns: readonly RegExp[] = [
  /\b(?:i(?:'|’)?ll|i will|i'm going to|im going to|gonna|going to)\s+(?:kill|hurt|shoot|stab|beat|find|destroy|burn)\s+(?:you|u|your|him|her|them|everyone)\b/gi,
  /\b(?:kill|shoot|stab)\s+(?:you|u|yourself|your (?:family|staff|team))\b/gi,
  /\b(?:bomb|blow up|set fire to|burn down)\s+(?:your|the)\s+(?:office|store|shop|building|warehouse|house)\b/gi,
  /\byou(?:'|’)?(?:ll| will) (?:regret|pay for) (?:this|it)\b.*\b(?:hurt|die|dead|kill)\b/gi,
  /\b(?:you|u) (?:should|deserve to) die\b/gi,
  /\bi know where you live\b/gi,
];
const strictnessCategories: Readonly<Record<ContentStrictness, readonly ContentCategory[]>> = {
  low: ['slur', 'threat', 'custom'],
  medium: ['slur', 'threat', 'custom', 'sexual'],
  high: ['slur', 'threat', 'custom', 'sexual', 'profanity'],
};
const defaultSafeReply = "I'm sorry, but I can't help with that message. Please rephrase it, and a member of our team will be glad to help.";

// Built on the first createContentFilter call, not at `import 'crmkit'`.
let optionsSchema: ReturnType<typeof buildOptionsSchema> | undefined;
function buildOptionsSchema() {
  return z.object({
    strictness: z.enum(['low', 'medium', 'high'], { message: 'Expected `strictness` to be "low", "medium" or "high"' }).optional(),
    categories: z.object({ slur: z.boolean(), sexual: z.boolean(), profanity: z.boolean(), threat: z.boolean() }).partial().strict().optional(),
    blockedPatterns: z.array(z.union([z.string().min(1, 'Expected a non-empty blocked pattern'), z.instanceof(RegExp)])).optional(),
    allowedTerms: z.array(z.string().min(1)).optional(),
    safeReply: z.string().min(1, 'Expected `safeReply` to be a non-empty string').optional(),
  });
}

let obscenity: typeof Obscenity | undefined;
/**
 * obscenity (a dependency, CommonJS), required on the first createContentFilter call: building
 * its English dataset at `import 'crmkit'` cost about 35 ms of every cold start, filter or not.
 * The build shims import.meta.url for CommonJS, so one line serves both module formats.
 */
function loadObscenity(): typeof Obscenity {
  obscenity ??= createRequire(import.meta.url)('obscenity') as typeof Obscenity;
  return obscenity;
}

type WordCategory = 'slur' | 'sexual' | 'profanity';

/**
 * Creates a content filter (seed 002). Slurs, sexual terms and profanity come from the
 * maintained `obscenity` English dataset, matched through its transformers, so leetspeak and
 * stretched letters ("fuuuck", "sh1t") are caught and innocent words that contain a term
 * ("Scunthorpe", "assessment") are not. Threats use a small built-in pattern list; custom
 * patterns add anything else. Strictness picks the categories that block.
 *
 * @example
 * ```ts
 * const filter = createContentFilter({ strictness: 'medium', blockedPatterns: ['competitor-name', /\bcrypto giveaway\b/i] });
 * filter.check('I will find you and hurt you'); // { allowed: false, categories: ['threat'], … }
 * filter.check('This is a damn shame'); // { allowed: true, categories: [], matches: [] }
 * ```
 */
export function createContentFilter(options: ContentFilterOptions = {}): ContentFilter {
  optionsSchema ??= buildOptionsSchema();
  const config = parseInput(optionsSchema, options, 'createContentFilter options');
  const strictness = config.strictness ?? 'medium';
  const enabled = new Set<ContentCategory>(strictnessCategories[strictness]);
  for (const [category, on] of Object.entries(config.categories ?? {}) as [ContentCategory, boolean][]) {
    if (on) enabled.add(category);
    else enabled.delete(category);
  }
  const wordCategories: WordCategory[] = (['slur', 'sexual', 'profanity'] as const).filter((category) => enabled.has(category));
  const { DataSet, RegExpMatcher, englishDataset, englishRecommendedTransformers } = loadObscenity();
  const dataset = new DataSet<{ originalWord: EnglishProfaneWord }>().addAll(englishDataset);
  dataset.removePhrasesIf((phrase) => {
    const word = phrase.metadata?.originalWord;
    return word === undefined || !wordCategories.includes(categoryOf(word));
  });
  const matcher = wordCategories.length > 0 ? new RegExpMatcher({ ...dataset.build(), ...englishRecommendedTransformers }) : undefined;
  const custom = (config.blockedPatterns ?? []).map((pattern) =>
    typeof pattern === 'string' ? new RegExp(`(?<!\\w)${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`, 'gi') : new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
  );
  const allowed = (config.allowedTerms ?? []).map((term) => term.toLowerCase());
  /** Spans of allowed terms; a match inside one is not a match. */
  const allowedSpans = (text: string): [number, number][] => {
    if (allowed.length === 0) return [];
    const lower = text.toLowerCase();
    const spans: [number, number][] = [];
    for (const term of allowed) {
      for (let index = lower.indexOf(term); index !== -1; index = lower.indexOf(term, index + 1)) spans.push([index, index + term.length]);
    }
    return spans;
  };

  return {
    strictness,
    safeReply: config.safeReply ?? defaultSafeReply,
    check(text: string): ContentCheck {
      const matches: ContentMatch[] = [];
      if (matcher) {
        for (const match of matcher.getAllMatches(text, true)) {
          const word = dataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord;
          if (word !== undefined) matches.push({ category: categoryOf(word), start: match.startIndex, end: match.endIndex + 1 });
        }
      }
      const scan = (category: ContentCategory, patterns: readonly RegExp[]): void => {
        for (const pattern of patterns) {
          pattern.lastIndex = 0;
          for (const match of text.matchAll(pattern)) {
            matches.push({ category, start: match.index, end: match.index + match[0].length });
          }
        }
      };
      if (enabled.has('threat')) scan('threat', threatPatterns);
      if (enabled.has('custom')) scan('custom', custom);
      const spans = allowedSpans(text);
      const kept = spans.length === 0 ? matches : matches.filter((match) => !spans.some(([start, end]) => match.start >= start && match.end <= end));
      kept.sort((a, b) => a.start - b.start);
      const categories = [...new Set(kept.map((match) => match.category))];
      return { allowed: kept.length === 0, categories, matches: kept };
    },
  };
}

function categoryOf(word: EnglishProfaneWord): WordCategory {
  if (slurWords.has(word)) return 'slur';
  return profanityWords.has(word) ? 'profanity' : 'sexual';
}
