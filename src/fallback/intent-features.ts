/**
 * Text → sparse TF-IDF features for the intent classifier: word unigrams and bigrams plus
 * character n-grams inside word boundaries (`" card "` → `" ca"`, `"car"`, …), each block
 * sublinear-tf weighted and L2-normalised on its own. Char n-grams carry typos and inflections
 * ("recieve", "cancelled"/"cancel"); word bigrams carry negation and phrasing ("not arrived").
 *
 * @internal
 */

/** How text becomes features. Stored in the model, so training and inference never disagree. */
export interface FeatureSettings {
  /** Largest word n-gram (1 = unigrams only). */
  readonly wordNgrams: number;
  /** Smallest and largest character n-gram, inside word boundaries; `[0, 0]` turns them off. */
  readonly charNgrams: readonly [number, number];
}

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
 * Calls `visit` with every term of `text`, once per occurrence: word n-grams (block 0), then
 * char n-grams (block 1). A model stores terms as `w…` and `c…` to keep the blocks apart; here
 * they come without the prefix, because building a prefixed string per n-gram costs more than
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

/** Splits stored terms into one lookup per block (term without prefix → index). */
export function blockVocabularies(terms: readonly string[]): [Map<string, number>, Map<string, number>] {
  const vocabularies: [Map<string, number>, Map<string, number>] = [new Map(), new Map()];
  terms.forEach((term, index) => vocabularies[term.startsWith('w') ? 0 : 1].set(term.slice(1), index));
  return vocabularies;
}

/**
 * Builds the TF-IDF vectoriser for one vocabulary (stored terms → index, `idf[index]`): `(1 + ln tf) × idf`, each block L2-normalised; terms outside the vocabulary
 * are dropped. Counts go through one scratch array, so a call allocates only its result.
 */
export function createVectorizer(settings: FeatureSettings, terms: readonly string[], idf: ArrayLike<number>): (text: string) => SparseVector {
  const vocabularies = blockVocabularies(terms);
  const counts = new Float64Array(idf.length);
  const blockOf = new Uint8Array(idf.length);
  const touched: number[] = [];
  const visit = (term: string, block: 0 | 1): void => {
    const index = vocabularies[block].get(term);
    if (index === undefined) return;
    if (counts[index] === 0) {
      touched.push(index);
      blockOf[index] = block;
    }
    counts[index] = (counts[index] as number) + 1;
  };
  return (text) => {
    touched.length = 0;
    forEachTerm(text, settings, visit);
    const indices = new Int32Array(touched.length);
    const values = new Float32Array(touched.length);
    const norms: [number, number] = [0, 0];
    for (let position = 0; position < touched.length; position += 1) {
      const index = touched[position] as number;
      const value = (1 + Math.log(counts[index] as number)) * (idf[index] as number);
      indices[position] = index;
      values[position] = value;
      norms[blockOf[index] as 0 | 1] += value * value;
      counts[index] = 0;
    }
    const scales = norms.map((norm) => (norm > 0 ? 1 / Math.sqrt(norm) : 0));
    for (let position = 0; position < touched.length; position += 1) values[position] = (values[position] as number) * (scales[blockOf[indices[position] as number] as number] as number);
    return { indices, values };
  };
}
