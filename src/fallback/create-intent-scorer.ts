/**
 * The intent classifier's hot path: a message → one raw score per intent, the bias plus the dot
 * product of the message's TF-IDF features (see intent-features.ts) with the model's weights,
 * computed without building the feature vector.
 *
 * Most of that dot product is the char n-gram block: about 150 n-grams and 4,500 weights for a
 * BANKING77 message, against 30 terms and 900 weights for words and concepts. A known word
 * always brings the same n-grams, so each word of the vocabulary gets, on its first use, the term
 * indices of its n-grams and one dense row, `Σ idf × weight` over them; a message adds one row
 * per word instead of walking every n-gram's weights, and hashes n-grams only for words the
 * vocabulary does not hold. The sum stays the model's: an n-gram met `c > 1` times in the message
 * has tf `1 + ln c`, not the `c` its words' rows gave it, and gets the difference from its own
 * weights; each block's L2 norm comes from the counts, as before. Rows and a different order of
 * additions change a score by rounding only (about 1e-15 of it); create-intent-scorer.test.ts
 * checks the result against the features computed from their definition.
 *
 * @internal
 */
import { conceptIdsOf, conceptNames, lexiconWord, type LexiconWord } from './intent-lexicon.js';
import { words, type FeatureSettings } from './intent-features.js';
import { TermTable } from './term-table.js';

/** What the scorer needs of a model (see IntentClassifierModel): weights by term as `[intentIndex, weight, …]`. */
export interface IntentScorerModel {
  readonly settings: FeatureSettings;
  readonly terms: readonly string[];
  readonly idf: readonly number[];
  readonly weights: readonly (readonly number[])[];
  readonly weightScale: number;
  readonly bias: readonly number[];
}

/** Scores a message into `scores` (one per intent, bias included). */
export type IntentScorer = (text: string, scores: Float64Array) => void;

/** Most values the per-word rows may hold (8 bytes each); beyond it the rarest words are left to n-gram hashing. */
const maxRowValues = 1 << 18;

/**
 * A model's weights laid out flat: term t's are entries [offsets[t], offsets[t + 1]). Quantised
 * weights (what training stores) are packed with their intent in one int, `weight << shift |
 * intent`, which reads about twice as fast as an intent array beside a weight array; a model
 * whose weights do not fit that way keeps the two arrays.
 */
interface Postings {
  readonly offsets: Int32Array;
  readonly shift: number; // 0: not packed, read `intents` and `weights`
  readonly packed: Int32Array;
  readonly intents: Int32Array;
  readonly weights: Float64Array;
}

function layOut(lists: readonly (readonly number[])[], intentCount: number): Postings {
  const offsets = new Int32Array(lists.length + 1);
  for (let term = 0; term < lists.length; term += 1) offsets[term + 1] = (offsets[term] as number) + (lists[term] as readonly number[]).length / 2;
  const size = offsets[lists.length] as number;
  const shift = Math.max(1, Math.ceil(Math.log2(intentCount)));
  const limit = 2 ** (31 - shift);
  const packed = new Int32Array(size);
  let at = 0;
  for (const list of lists) {
    for (let position = 0; position < list.length; position += 2, at += 1) {
      const weight = list[position + 1] as number;
      if (!(Number.isInteger(weight) && weight >= -limit && weight < limit)) return layOutWide(lists, offsets);
      packed[at] = (weight << shift) | (list[position] as number);
    }
  }
  return { offsets, shift, packed, intents: new Int32Array(0), weights: new Float64Array(0) };
}

/** The layout for weights that do not pack: the intents and the weights side by side. */
function layOutWide(lists: readonly (readonly number[])[], offsets: Int32Array): Postings {
  const size = offsets[lists.length] as number;
  const intents = new Int32Array(size);
  const weights = new Float64Array(size);
  let at = 0;
  for (const list of lists) {
    for (let position = 0; position < list.length; position += 2, at += 1) {
      intents[at] = list[position] as number;
      weights[at] = list[position + 1] as number;
    }
  }
  return { offsets, shift: 0, packed: new Int32Array(0), intents, weights };
}

/** Adds `coefficient ×` term `term`'s weights to `sums[base + intent]`. Kept small so that the engine optimises it on its own. */
function addWeights(postings: Postings, term: number, coefficient: number, sums: Float64Array, base: number): void {
  const start = postings.offsets[term] as number;
  const end = postings.offsets[term + 1] as number;
  const shift = postings.shift;
  if (shift > 0) {
    const packed = postings.packed;
    const mask = (1 << shift) - 1;
    let at = start;
    // Two at a time, each added before the next is read (a hand-made model may list an intent twice).
    for (; at + 2 <= end; at += 2) {
      const first = packed[at] as number;
      const second = packed[at + 1] as number;
      const firstSlot = base + (first & mask);
      sums[firstSlot] = (sums[firstSlot] as number) + coefficient * (first >> shift);
      const secondSlot = base + (second & mask);
      sums[secondSlot] = (sums[secondSlot] as number) + coefficient * (second >> shift);
    }
    if (at < end) {
      const entry = packed[at] as number;
      const slot = base + (entry & mask);
      sums[slot] = (sums[slot] as number) + coefficient * (entry >> shift);
    }
  } else {
    const { intents, weights } = postings;
    for (let at = start; at < end; at += 1) {
      const slot = base + (intents[at] as number);
      sums[slot] = (sums[slot] as number) + coefficient * (weights[at] as number);
    }
  }
}

function addRow(rows: Float64Array, from: number, sums: Float64Array, base: number, length: number): void {
  let index = 0;
  for (; index + 4 <= length; index += 4) {
    const to = base + index;
    const at = from + index;
    const a = (sums[to] as number) + (rows[at] as number);
    const b = (sums[to + 1] as number) + (rows[at + 1] as number);
    const c = (sums[to + 2] as number) + (rows[at + 2] as number);
    const d = (sums[to + 3] as number) + (rows[at + 3] as number);
    sums[to] = a;
    sums[to + 1] = b;
    sums[to + 2] = c;
    sums[to + 3] = d;
  }
  for (; index < length; index += 1) sums[base + index] = (sums[base + index] as number) + (rows[from + index] as number);
}

/** Builds the scorer for one model (its shape already checked). */
export function createIntentScorer(model: IntentScorerModel): IntentScorer {
  const { settings, terms } = model;
  const intentCount = model.bias.length;
  const termCount = terms.length;
  const idf = Float64Array.from(model.idf);
  const bias = Float64Array.from(model.bias);
  const weightScale = model.weightScale;
  const postings = layOut(model.weights, intentCount);
  const table = new TermTable(terms);
  const [low, high] = settings.charNgrams;
  const wordNgrams = settings.wordNgrams;
  const wordWeight = settings.wordWeight ?? 1;
  const lexicon = (settings.lexicon ?? 0) > 0;
  const lexiconWeight = settings.lexiconWeight ?? 1;

  // Block of each term: 0 word n-grams, 1 char n-grams, 2 concepts; `sums` is laid out the same way.
  const blockOf = new Uint8Array(termCount);
  terms.forEach((term, index) => (blockOf[index] = term.startsWith('c') ? 1 : term.startsWith('w=') ? 2 : 0));

  // The vocabulary's single words, the most frequent (lowest idf) first, as many as maxRowValues
  // allows. Each gets its lexicon entry, char n-grams and row on first use, so loading stays cheap.
  const knownOf = new Int32Array(termCount).fill(-1);
  const known: number[] = [];
  for (let term = 0; term < termCount; term += 1) if (blockOf[term] === 0 && !(terms[term] as string).includes(' ')) known.push(term);
  known.sort((a, b) => (idf[a] as number) - (idf[b] as number) || a - b);
  known.length = Math.min(known.length, Math.floor(maxRowValues / intentCount));
  known.forEach((term, index) => (knownOf[term] = index));

  // Concepts and pairs of concepts (`=declined=topup`, the lower id first) → term index, so that a
  // message builds no concept strings; pairs are looked up on first use.
  const names = lexicon ? conceptNames() : [];
  const conceptTerm = Int32Array.from(names, (name) => table.word(name));

  const state: ScorerState = {
    table,
    idf,
    bias,
    blockOf,
    postings,
    wordNgrams,
    low,
    high,
    scales: [weightScale * wordWeight, weightScale, weightScale * lexiconWeight],
    lexicon,
    knownOf,
    knownText: known.map((term) => (terms[term] as string).slice(1)),
    knownLexicon: [],
    rows: new Float64Array(high > 0 ? known.length * intentCount : 0),
    gramFrom: new Int32Array(known.length).fill(-1),
    gramTo: new Int32Array(known.length),
    grams: new Int32Array(1024),
    gramCount: 0,
    conceptNames: names,
    conceptTerm,
    pairTerm: new Int32Array(names.length * names.length).fill(unseen),
    counts: new Int32Array(termCount),
    covered: new Int32Array(termCount),
    touched: new Int32Array(termCount),
    knownAt: new Int32Array(64),
    sums: new Float64Array(3 * intentCount),
  };
  return (text, scores) => scoreMessage(state, text, scores);
}

/**
 * A model's scorer: what is built at load and the scratch reused by every call. A plain object
 * read by one function shared by every loaded model, not closure variables: with several models
 * loaded, the engine no longer specialises a closure on its own variables, and the hot loops
 * below read everything from locals.
 */
interface ScorerState {
  readonly table: TermTable;
  readonly idf: Float64Array;
  readonly bias: Float64Array;
  readonly blockOf: Uint8Array;
  readonly postings: Postings;
  readonly wordNgrams: number;
  readonly low: number;
  readonly high: number;
  /** By block: the weight scale times the block's weight. */
  readonly scales: readonly [number, number, number];
  readonly lexicon: boolean;
  /** Known words: by term, the known word it is (or -1); then by known word, its text and lexicon entry. */
  readonly knownOf: Int32Array;
  readonly knownText: readonly string[];
  readonly knownLexicon: (LexiconWord | undefined)[];
  /** By known word: its row (`intentCount` values) and its n-grams, `grams[gramFrom[word]…gramTo[word]]` (gramFrom -1: not built yet). */
  readonly rows: Float64Array;
  readonly gramFrom: Int32Array;
  readonly gramTo: Int32Array;
  grams: Int32Array;
  gramCount: number;
  readonly conceptNames: readonly string[];
  readonly conceptTerm: Int32Array;
  /** By pair of concept ids: the pair's term, -1 when the model lacks it, `unseen` before its first use. */
  readonly pairTerm: Int32Array;
  /** Scratch: counts, and counts already in rows, by term (zero between calls); the terms touched; the known word of each token. */
  readonly counts: Int32Array;
  readonly covered: Int32Array;
  readonly touched: Int32Array;
  knownAt: Int32Array;
  readonly sums: Float64Array;
}

const unseen = -2;

/** Counts one occurrence of `term` (-1: not in the vocabulary) and returns the new number of terms touched. */
function countTerm(term: number, counts: Int32Array, touched: Int32Array, touchedCount: number): number {
  if (term < 0) return touchedCount;
  const times = counts[term] as number;
  counts[term] = times + 1;
  if (times > 0) return touchedCount;
  touched[touchedCount] = term;
  return touchedCount + 1;
}

function scoreMessage(state: ScorerState, text: string, scores: Float64Array): void {
  state.sums.fill(0);
  const tokens = words(text);
  const touchedCount = countCharNgrams(state, tokens, countConcepts(state, tokens, text, countWordNgrams(state, tokens)));
  scoreTerms(state, touchedCount, scores);
}

/** Counts the word n-grams of `tokens` and notes which known word each token is; returns the number of terms touched. */
function countWordNgrams(state: ScorerState, tokens: readonly string[]): number {
  const { table, counts, touched, knownOf, knownText } = state;
  let touchedCount = 0;
  if (state.knownAt.length < tokens.length) state.knownAt = new Int32Array(2 * tokens.length);
  const knownAt = state.knownAt;
  for (let index = 0; index < tokens.length; index += 1) {
    const size = table.wordNgrams(tokens, index, state.wordNgrams);
    const found = table.found;
    const unigram = size > 0 ? (found[0] as number) : -1;
    const word = unigram >= 0 ? (knownOf[unigram] as number) : -1;
    // The word itself is compared: a hash collision must not bring another word's n-grams.
    knownAt[index] = word >= 0 && knownText[word] === tokens[index] ? word : -1;
    for (let at = 0; at < size; at += 1) touchedCount = countTerm(found[at] as number, counts, touched, touchedCount);
  }
  return touchedCount;
}

/** Counts the concepts of the message and their pairs, when the model uses the lexicon. */
function countConcepts(state: ScorerState, tokens: readonly string[], text: string, touchedCount: number): number {
  if (!state.lexicon) return touchedCount;
  const { table, counts, touched, knownAt, knownText, knownLexicon, conceptNames: names, conceptTerm, pairTerm } = state;
  const entries: LexiconWord[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const word = knownAt[index] as number;
    entries.push(word >= 0 ? (knownLexicon[word] ??= lexiconWord(knownText[word] as string)) : lexiconWord(tokens[index] as string));
  }
  const ids = conceptIdsOf(entries, text);
  for (const id of ids) touchedCount = countTerm(conceptTerm[id] as number, counts, touched, touchedCount);
  for (let first = 0; first < ids.length; first += 1) {
    for (let second = first + 1; second < ids.length; second += 1) {
      const pair = (ids[first] as number) * names.length + (ids[second] as number);
      if (pairTerm[pair] === unseen) pairTerm[pair] = table.word(`${names[ids[first] as number] as string}${names[ids[second] as number] as string}`);
      touchedCount = countTerm(pairTerm[pair] as number, counts, touched, touchedCount);
    }
  }
  return touchedCount;
}

/** Builds a known word's n-grams and row, `Σ idf × weight` over its n-grams, on its first use. */
function buildRow(state: ScorerState, word: number): void {
  const { table, idf, postings, rows } = state;
  const intentCount = state.bias.length;
  const size = table.charNgrams(state.knownText[word] as string, state.low, state.high);
  if (state.grams.length < state.gramCount + size) {
    const grown = new Int32Array(Math.max(2 * state.grams.length, state.gramCount + size));
    grown.set(state.grams);
    state.grams = grown;
  }
  const from = state.gramCount;
  for (let at = 0; at < size; at += 1) {
    const gram = table.found[at] as number;
    state.grams[from + at] = gram;
    addWeights(postings, gram, idf[gram] as number, rows, word * intentCount);
  }
  state.gramFrom[word] = from;
  state.gramTo[word] = from + size;
  state.gramCount = from + size;
}

/**
 * Counts the char n-grams of `tokens`: a known word adds its row to the char sums and marks its
 * n-grams as covered; another word's n-grams are looked up one by one.
 */
function countCharNgrams(state: ScorerState, tokens: readonly string[], touchedCount: number): number {
  const { table, counts, covered, touched, knownAt, rows, gramFrom, gramTo, sums, low, high } = state;
  const intentCount = state.bias.length;
  if (high === 0) return touchedCount;
  for (let index = 0; index < tokens.length; index += 1) {
    const word = knownAt[index] as number;
    if (word < 0) {
      const size = table.charNgrams(tokens[index] as string, low, high);
      const found = table.found;
      for (let at = 0; at < size; at += 1) touchedCount = countTerm(found[at] as number, counts, touched, touchedCount);
      continue;
    }
    if ((gramFrom[word] as number) < 0) buildRow(state, word);
    addRow(rows, word * intentCount, sums, intentCount, intentCount);
    const grams = state.grams;
    const end = gramTo[word] as number;
    for (let at = gramFrom[word] as number; at < end; at += 1) {
      const gram = grams[at] as number;
      touchedCount = countTerm(gram, counts, touched, touchedCount);
      covered[gram] = (covered[gram] as number) + 1;
    }
  }
  return touchedCount;
}

/** Turns the counts into tf-idf values and block norms, adds what the rows have not, and writes the scores; leaves the scratch zeroed. */
function scoreTerms(state: ScorerState, touchedCount: number, scores: Float64Array): void {
  const { idf, blockOf, counts, covered, touched, sums, postings } = state;
  const intentCount = state.bias.length;
  let wordNorm = 0;
  let charNorm = 0;
  let conceptNorm = 0;
  for (let position = 0; position < touchedCount; position += 1) {
    const term = touched[position] as number;
    const times = counts[term] as number;
    const termIdf = idf[term] as number;
    const value = (times === 1 ? 1 : 1 + Math.log(times)) * termIdf; // most terms occur once: no log
    const block = blockOf[term] as number;
    if (block === 0) wordNorm += value * value;
    else if (block === 2) conceptNorm += value * value;
    else charNorm += value * value;
    // What the rows have not added: all of it outside rows, nothing for an n-gram met once in a known word.
    const missing = value - (covered[term] as number) * termIdf;
    counts[term] = 0;
    covered[term] = 0;
    if (missing !== 0) addWeights(postings, term, missing, sums, block * intentCount);
  }
  const [wordWeight, charWeight, conceptWeight] = state.scales;
  const wordScale = wordNorm > 0 ? wordWeight / Math.sqrt(wordNorm) : 0;
  const charScale = charNorm > 0 ? charWeight / Math.sqrt(charNorm) : 0;
  const conceptScale = conceptNorm > 0 ? conceptWeight / Math.sqrt(conceptNorm) : 0;
  const bias = state.bias;
  for (let intent = 0; intent < intentCount; intent += 1) {
    scores[intent] = (bias[intent] as number) + (sums[intent] as number) * wordScale + (sums[intentCount + intent] as number) * charScale + (sums[2 * intentCount + intent] as number) * conceptScale;
  }
}
