/**
 * Text → sparse TF-IDF features for the intent classifier: word unigrams and bigrams, the
 * concepts of the domain lexicon and their pairs (`=topup`, `=declined=topup`), and character
 * n-grams inside word boundaries (`" card "` → `" ca"`, `"car"`, …), each block sublinear-tf
 * weighted and L2-normalised on its own. Char n-grams carry typos and inflections
 * ("recieve", "cancelled"/"cancel"); word bigrams carry negation and phrasing ("not arrived");
 * concepts carry synonyms ("add money" is a top-up), which matters most with few examples.
 *
 * @internal
 */

/** How text becomes features. Stored in the model, so training and inference never disagree. */
export interface FeatureSettings {
  /** Largest word n-gram (1 = unigrams only). */
  readonly wordNgrams: number;
  /** Smallest and largest character n-gram, inside word boundaries; `[0, 0]` turns them off. */
  readonly charNgrams: readonly [number, number];
  /** Length of the word block after its L2 normalisation (the char block's is 1); 1 when absent. */
  readonly wordWeight?: number;
  /** Version of the domain lexicon whose concepts are features (see intent-lexicon.ts); 0 or absent for none. */
  readonly lexicon?: number;
  /** Length of the concept block after its L2 normalisation; used when `lexicon` is on. */
  readonly lexiconWeight?: number;
}

import { conceptsOf } from './intent-lexicon.js';
import { TermTable } from './term-table.js';

// eslint-disable-next-line no-control-regex -- a range test, not a control character match
const asciiOnly = /^[\x00-\x7f]*$/;
const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Lower-cased, accent-folded words of `text`. */
export function words(text: string): string[] {
  // Accents are folded so "café" and "cafe" meet; plain ASCII skips the Unicode work.
  const folded = asciiOnly.test(text) ? text.toLowerCase() : text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/’/g, "'");
  return folded.match(wordPattern) ?? [];
}

/**
 * Calls `visit` with every term of `text`, once per occurrence: word n-grams and concepts
 * (block 0; a concept starts with `=`, which no word contains), then char n-grams (block 1). A
 * model stores terms as `w…` and `c…` to keep the blocks apart; here they come without the prefix, because building a prefixed string per n-gram costs more than
 * everything else in `classify`.
 */
export function forEachTerm(text: string, settings: FeatureSettings, visit: (term: string, block: 0 | 1) => void): void {
  const tokens = words(text);
  for (let index = 0; index < tokens.length; index += 1) {
    let gram = tokens[index] as string;
    visit(gram, 0);
    for (let width = 2; width <= settings.wordNgrams && index + width <= tokens.length; width += 1) {
      gram += ` ${tokens[index + width - 1] as string}`;
      visit(gram, 0);
    }
  }
  if (settings.lexicon) for (const concept of conceptsOf(tokens, text)) visit(concept, 0);
  const [low, high] = settings.charNgrams;
  if (high === 0) return;
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let width = low; width <= padded.length && width <= high; width += 1) {
      for (let start = 0; start + width <= padded.length; start += 1) visit(padded.slice(start, start + width), 1);
    }
  }
}

/** A sparse vector: parallel arrays of feature indices and values. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** The stored form of a term: `w` or `c` for its block, then the term. */
export function storedTerm(term: string, block: 0 | 1): string {
  return `${block === 0 ? 'w' : 'c'}${term}`;
}

/**
 * Builds the TF-IDF vectoriser for one vocabulary (stored terms → index, `idf[index]`): `(1 + ln tf) × idf`, each block L2-normalised (the word block then scaled by `wordWeight`, the concept block by `lexiconWeight`); terms outside the vocabulary
 * are dropped. Counts go through one scratch array, so a call allocates only its result. Training
 * uses it; classifying uses createIntentScorer, which computes the same scores without the vector.
 */
export function createVectorizer(settings: FeatureSettings, terms: readonly string[], idf: ArrayLike<number>): (text: string) => SparseVector {
  const table = new TermTable(terms);
  const counts = new Float64Array(idf.length);
  const blockOf = new Uint8Array(idf.length);
  const touched: number[] = [];
  const count = (index: number, block: 0 | 1 | 2): void => {
    if (index < 0) return;
    if (counts[index] === 0) {
      touched.push(index);
      blockOf[index] = block;
    }
    counts[index] = (counts[index] as number) + 1;
  };
  const [low, high] = settings.charNgrams;
  const wordWeight = settings.wordWeight ?? 1;
  const lexicon = (settings.lexicon ?? 0) > 0;
  const lexiconWeight = settings.lexiconWeight ?? 1;
  return (text) => {
    touched.length = 0;
    const tokens = words(text);
    for (let index = 0; index < tokens.length; index += 1) {
      const size = table.wordNgrams(tokens, index, settings.wordNgrams);
      for (let at = 0; at < size; at += 1) count(table.found[at] as number, 0);
    }
    // Concepts are stored as `w=…` but normalised as their own block.
    if (lexicon) for (const concept of conceptsOf(tokens, text)) count(table.word(concept), 2);
    if (high > 0) {
      for (const token of tokens) {
        const size = table.charNgrams(token, low, high);
        for (let at = 0; at < size; at += 1) count(table.found[at] as number, 1);
      }
    }
    const indices = new Int32Array(touched.length);
    const values = new Float32Array(touched.length);
    let wordNorm = 0;
    let charNorm = 0;
    let conceptNorm = 0;
    for (let position = 0; position < touched.length; position += 1) {
      const index = touched[position] as number;
      const times = counts[index] as number;
      const value = (times === 1 ? 1 : 1 + Math.log(times)) * (idf[index] as number); // most terms occur once: no log
      indices[position] = index;
      values[position] = value;
      if (blockOf[index] === 0) wordNorm += value * value;
      else if (blockOf[index] === 2) conceptNorm += value * value;
      else charNorm += value * value;
      counts[index] = 0;
    }
    const wordScale = wordNorm > 0 ? wordWeight / Math.sqrt(wordNorm) : 0;
    const charScale = charNorm > 0 ? 1 / Math.sqrt(charNorm) : 0;
    const conceptScale = conceptNorm > 0 ? lexiconWeight / Math.sqrt(conceptNorm) : 0;
    const scales = [wordScale, charScale, conceptScale];
    for (let position = 0; position < touched.length; position += 1) values[position] = (values[position] as number) * (scales[blockOf[indices[position] as number] as number] as number);
    return { indices, values };
  };
}
