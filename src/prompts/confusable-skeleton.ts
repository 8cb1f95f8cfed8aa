import { confusablePrototypes } from './confusables.js';

/**
 * A text's matching form and, for every position in it, where that position came from in the
 * original text (`offsets[skeleton.length]` is the original length). @internal
 */
export interface Skeleton {
  readonly text: string;
  readonly offsets: readonly number[];
}

let prototypes: Map<string, string> | undefined;
const perCharacter = new Map<string, string>();

/**
 * The UTS #39 skeleton of one character, made for matching markers: decomposed, combining marks
 * dropped (`S̲` → `s`), every confusable replaced by its prototype (Cyrillic `Ѕ` → `S`, `꞉` →
 * `:`, `ᐸ` → `<`), lower-cased, `l` folded into `i` (the prototype of `I`, `1` and `ӏ` is `l`),
 * any whitespace but a line break read as a space, and line and paragraph separators as `\n`.
 */
function skeletonCharacter(character: string): string {
  const cached = perCharacter.get(character);
  if (cached !== undefined) return cached;
  if (!prototypes) {
    prototypes = new Map();
    for (const [prototype, sources] of confusablePrototypes) for (const source of sources) prototypes.set(source, prototype);
  }
  let result: string;
  if (character === '\n' || character === '\u2028' || character === '\u2029') result = '\n';
  else if (/^\s$/u.test(character)) result = ' ';
  else {
    let mapped = '';
    for (const base of character.normalize('NFD').replace(/\p{M}+/gu, '')) mapped += prototypes.get(base) ?? base;
    result = mapped.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').replace(/l/g, 'i');
  }
  perCharacter.set(character, result);
  return result;
}

/**
 * The matching form of `text` (see {@link skeletonCharacter}) with offsets back into `text`, so a
 * marker found in the skeleton can be defused in the original. @internal
 */
export function skeletonOf(text: string): Skeleton {
  let skeleton = '';
  const offsets: number[] = [];
  for (let index = 0; index < text.length; ) {
    const codePoint = text.codePointAt(index) as number;
    const character = String.fromCodePoint(codePoint);
    const mapped = skeletonCharacter(character);
    for (let position = 0; position < mapped.length; position += 1) offsets.push(index);
    skeleton += mapped;
    index += character.length;
  }
  offsets.push(text.length);
  return { text: skeleton, offsets };
}

/** The skeleton of a plain word, for building patterns that match skeletons. @internal */
export function skeletonWord(word: string): string {
  return skeletonOf(word).text;
}
