/**
 * English function words that say nothing about what a question is about. Kept short on purpose:
 * words like "not", "cancel" or "after" carry meaning in a help center.
 */
const stopWords = new Set(
  (
    'a an the and or but if of to in on at by for with from into onto about as is are was were be been being am do does did doing done ' +
    'have has had having i me my mine we us our you your yours he him his she her it its they them their this that these those there here ' +
    'what which who whom whose when where why how can could should would will shall may might must please hi hello thanks thank ' +
    'so than too very just also get got any some all each more most much many such own same other again then once ' +
    'until up out yet still ever even really need want like know tell way thing something anything there'
  ).split(' '),
);

/** A light English stemmer: enough to match "refunds"/"refund", "shipping"/"shipped"/"ship". */
function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return undouble(word.slice(0, -2));
  if (word.endsWith('es') && /(ch|sh|x|z|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

function undouble(word: string): string {
  return /([bdgmnprt])\1$/.test(word) ? word.slice(0, -1) : word;
}

/**
 * Normalises one word the way crmkit's text ranking and relevance gate see it: lower case, accents
 * removed, light English stemming; `undefined` for a stop word.
 *
 * @example
 * ```ts
 * knowledgeTerm('Refunds'); // 'refund'
 * knowledgeTerm('the'); // undefined
 * ```
 */
export function knowledgeTerm(word: string): string | undefined {
  const normalized = word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  if (normalized.length === 0 || stopWords.has(normalized)) return undefined;
  return stem(normalized);
}

/**
 * The distinct content terms of a text (see {@link knowledgeTerm}), in order of appearance.
 *
 * @example
 * ```ts
 * knowledgeTerms('How do I get a refund for my order?'); // ['refund', 'order']
 * ```
 */
export function knowledgeTerms(text: string): string[] {
  const seen = new Set<string>();
  for (const word of text.split(/[^\p{L}\p{N}]+/u)) {
    const term = word ? knowledgeTerm(word) : undefined;
    if (term) seen.add(term);
  }
  return [...seen];
}

/**
 * How much of a question a passage covers: the share (0–1) of the question's content terms found
 * in the passage's title, heading and text. Unlike a ranking score it means the same on every
 * backend, so grounded answering uses it to decide whether retrieval found anything good enough.
 *
 * @example
 * ```ts
 * queryCoverage('How long do refunds take?', { title: 'Refunds', text: 'A refund takes 5 days.' }); // 0.67 (refund, take; not long)
 * ```
 */
export function queryCoverage(query: string, passage: { readonly title: string; readonly heading?: string; readonly text: string }): number {
  const wanted = knowledgeTerms(query);
  if (wanted.length === 0) return 0;
  const present = new Set(knowledgeTerms(`${passage.title} ${passage.heading ?? ''} ${passage.text}`));
  return wanted.filter((term) => present.has(term)).length / wanted.length;
}
