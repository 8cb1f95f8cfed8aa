/** `[1]`, `[2, 3]`, `[4][5]`: a bracketed list of passage numbers not followed by a link target. */
const markerPattern = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?!\()/g;

/**
 * The passage numbers an answer cites with `[n]` markers (`[1]`, `[2, 3]`), distinct, in order of
 * first appearance. Markdown links (`[1](https://…)`) are not citations.
 *
 * @example
 * ```ts
 * import { parseCitations } from 'crmkit/provider-utils';
 *
 * parseCitations('Returns are free [1]. Refunds take 5 days [2, 1].'); // [1, 2]
 * ```
 */
export function parseCitations(text: string): number[] {
  const seen = new Set<number>();
  for (const match of text.matchAll(markerPattern)) {
    for (const part of match[1]!.split(',')) seen.add(Number(part.trim()));
  }
  return [...seen];
}

/**
 * Splits an answer's citations into those naming one of the `passageCount` retrieved passages
 * (numbered from 1) and invented ones.
 *
 * @example
 * ```ts
 * import { checkCitations } from 'crmkit/provider-utils';
 *
 * checkCitations('Free returns [1]; lifetime warranty [7].', 3); // { cited: [1], invented: [7] }
 * ```
 */
export function checkCitations(text: string, passageCount: number): { cited: number[]; invented: number[] } {
  const cited: number[] = [];
  const invented: number[] = [];
  for (const marker of parseCitations(text)) (marker >= 1 && marker <= passageCount ? cited : invented).push(marker);
  return { cited, invented };
}

/**
 * Removes every sentence (or list item) of an answer that cites a passage outside `allowed`, and
 * returns the rest with how many were dropped. Used after the repair turn, so a claim backed only
 * by an invented source never reaches the customer.
 *
 * @example
 * ```ts
 * import { dropInventedClaims } from 'crmkit/provider-utils';
 *
 * dropInventedClaims('Returns are free [1]. We price-match [9].', new Set([1])); // { text: 'Returns are free [1].', dropped: 1 }
 * ```
 */
export function dropInventedClaims(text: string, allowed: ReadonlySet<number>): { text: string; dropped: number } {
  let dropped = 0;
  const lines = text.split('\n').map((line) => {
    const sentences = line.split(/(?<=[.!?](?:\s*\[[\d,\s]+\])*)\s+(?=\S)/);
    const kept = sentences.filter((sentence) => {
      const invented = parseCitations(sentence).some((marker) => !allowed.has(marker));
      if (invented) dropped++;
      return !invented;
    });
    return kept.join(' ');
  });
  return { text: lines.join('\n').replace(/\n{3,}/g, '\n\n').trim(), dropped };
}
