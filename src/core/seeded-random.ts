/**
 * A small, fast, seedable PRNG (mulberry32): uniform numbers in [0, 1), the same sequence for
 * the same seed, so training, sampling and shuffles are reproducible. Not for secrets.
 *
 * @internal
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
