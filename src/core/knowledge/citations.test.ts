import { describe, expect, it } from 'vitest';
import { checkCitations, dropInventedClaims, parseCitations } from './citations.js';

describe('citations', () => {
  it('reads [n] and [n, m] markers in order, ignoring Markdown links', () => {
    expect(parseCitations('Free returns [2]. Refunds in 5 days [1, 3][2]. See [4](https://x).')).toEqual([2, 1, 3]);
  });

  it('separates retrieved from invented passage numbers', () => {
    expect(checkCitations('A [1]. B [3]. C [0].', 2)).toEqual({ cited: [1], invented: [3, 0] });
  });

  it('drops only the sentences that cite an invented passage', () => {
    const result = dropInventedClaims('Returns are free [1]. We price-match [9]. Refunds take a week [2].\n- Lifetime warranty [7]\n- Labels are prepaid [1]', new Set([1, 2]));
    expect(result).toEqual({ text: 'Returns are free [1]. Refunds take a week [2].\n\n- Labels are prepaid [1]', dropped: 2 });
  });
});
