/**
 * Reciprocal-rank fusion: merges rankings from different scorers (full text, embeddings) without
 * comparing their scores, which live on different scales. An item's fused score is
 * Σ 1 / (k + rank) over the rankings it appears in (rank from 1).
 *
 * @example
 * ```ts
 * fuseRankings([['a', 'b', 'c'], ['c', 'a']]); // [['a', 0.0325…], ['c', 0.0323…], ['b', 0.0161…]]
 * ```
 */
export function fuseRankings(rankings: readonly (readonly string[])[], k = 60): [string, number][] {
  const scores = new Map<string, number>();
  for (const ranking of rankings) {
    ranking.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1)));
  }
  return [...scores].sort((a, b) => b[1] - a[1]);
}

/**
 * Cosine similarity of two vectors of the same length (0 when either is all zeros).
 *
 * @example
 * ```ts
 * cosineSimilarity([1, 0], [1, 1]); // 0.7071…
 * ```
 */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a[index]!;
    const y = b[index]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
