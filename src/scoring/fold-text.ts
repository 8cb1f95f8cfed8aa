// eslint-disable-next-line no-control-regex
const nonAscii = /[^\u0000-\u007f]/;

/**
 * Folds text for caseless, normalisation-insensitive comparison: `Straße` ≡ `STRASSE`,
 * `ΣΟΦΟΣ` ≡ `σοφος`, `ﬁle` ≡ `file`, a decomposed `é` ≡ a precomposed one.
 *
 * Why upper-then-lower after NFKC: JavaScript has no full Unicode case folding, and
 * `toLowerCase()` alone leaves `ß` and final sigma `ς` distinct from `ss` and `σ`. Upper-casing
 * first maps both (and the ligatures NFKC leaves alone) onto their multi-letter or non-final
 * forms, which the lower-casing then folds. ASCII text, the common case, takes the cheap path.
 *
 * @example
 * ```ts
 * foldText('Straße'); // 'strasse'
 * ```
 */
export function foldText(text: string): string {
  if (!nonAscii.test(text)) return text.toLowerCase();
  return text.normalize('NFKC').toUpperCase().toLowerCase();
}
