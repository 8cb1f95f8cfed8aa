/**
 * The intent classifier's vocabulary as an open-addressing hash table: stored terms (`w…` for
 * word n-grams and concepts, `c…` for char n-grams) → their index, looked up by hashing the
 * n-grams of a message as they are walked, so that looking up a message's terms builds no
 * n-gram strings at all.
 *
 * Terms are keyed by two independent 32-bit hashes of their UTF-16 code units. A false match
 * needs both hashes of an unseen n-gram to collide with a known term: about 1 in 10^9 per lookup
 * for a 20,000-term vocabulary. The hashing lives here, in methods, so that callers in other
 * modules never reach it through a module binding in their innermost loops.
 *
 * @internal
 */

/** The starting values of the two hashes: block 0 (words and concepts) and block 1 (char n-grams). */
const seeds = [
  [0x811c9dc5, 0x9747b28c],
  [0x050c5d1f, 0x1b873593],
] as const;

function step1(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

function step2(hash: number, code: number): number {
  const mixed = Math.imul(hash ^ code, 0x5bd1e995);
  return mixed ^ (mixed >>> 15);
}

const space = 32;

/** Terms → index. A slot is three numbers (first hash, second hash, index; -1 when empty), so a probe reads one cache line. */
export class TermTable {
  /** Where {@link wordNgrams} and {@link charNgrams} write the indices they find; valid until the next call. */
  found = new Int32Array(64);
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(terms: readonly string[]) {
    let capacity = 16;
    while (capacity < terms.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 3);
    for (let slot = 0; slot < capacity; slot += 1) this.slots[slot * 3 + 2] = -1;
    this.mask = capacity - 1;
    terms.forEach((term, position) => {
      const block = term.startsWith('w') ? 0 : 1;
      let hash1: number = seeds[block][0];
      let hash2: number = seeds[block][1];
      for (let at = 1; at < term.length; at += 1) {
        hash1 = step1(hash1, term.charCodeAt(at));
        hash2 = step2(hash2, term.charCodeAt(at));
      }
      let slot = hash1 & this.mask;
      while (this.slots[slot * 3 + 2] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot * 3] = hash1;
      this.slots[slot * 3 + 1] = hash2;
      this.slots[slot * 3 + 2] = position;
    });
  }

  /** The index of a word n-gram or concept given without its `w` (`"card"`, `"not arrived"`, `"=topup"`), or -1. */
  word(text: string): number {
    let hash1: number = seeds[0][0];
    let hash2: number = seeds[0][1];
    for (let at = 0; at < text.length; at += 1) {
      hash1 = step1(hash1, text.charCodeAt(at));
      hash2 = step2(hash2, text.charCodeAt(at));
    }
    return this.get(hash1, hash2);
  }

  /**
   * Writes to {@link found} the index (or -1) of each word n-gram that starts at `tokens[index]`,
   * from the word itself up to `widest` words, and returns how many: the hash of "a b" continues
   * the hash of "a" with a space and "b".
   */
  wordNgrams(tokens: readonly string[], index: number, widest: number): number {
    const found = this.reserve(widest);
    let size = 0;
    let hash1: number = seeds[0][0];
    let hash2: number = seeds[0][1];
    for (let width = 1; width <= widest && index + width <= tokens.length; width += 1) {
      const token = tokens[index + width - 1] as string;
      if (width > 1) {
        hash1 = step1(hash1, space);
        hash2 = step2(hash2, space);
      }
      for (let at = 0; at < token.length; at += 1) {
        hash1 = step1(hash1, token.charCodeAt(at));
        hash2 = step2(hash2, token.charCodeAt(at));
      }
      found[size] = this.get(hash1, hash2);
      size += 1;
    }
    return size;
  }

  /**
   * Writes to {@link found} the index of each known char n-gram of `" token "` from `shortest` to
   * `longest` characters, by start position then width, and returns how many; unknown n-grams are skipped.
   */
  charNgrams(token: string, shortest: number, longest: number): number {
    const length = token.length + 2;
    const found = this.reserve(length * Math.max(0, longest - Math.max(1, shortest) + 1));
    let size = 0;
    for (let start = 0; start < length; start += 1) {
      let hash1: number = seeds[1][0];
      let hash2: number = seeds[1][1];
      for (let width = 1; width <= longest && start + width <= length; width += 1) {
        const at = start + width - 1;
        const code = at === 0 || at === length - 1 ? space : token.charCodeAt(at - 1);
        hash1 = step1(hash1, code);
        hash2 = step2(hash2, code);
        if (width >= shortest) {
          const term = this.get(hash1, hash2);
          if (term >= 0) {
            found[size] = term;
            size += 1;
          }
        }
      }
    }
    return size;
  }

  private reserve(size: number): Int32Array {
    if (this.found.length < size) this.found = new Int32Array(Math.max(size, 2 * this.found.length));
    return this.found;
  }

  private get(hash1: number, hash2: number): number {
    const slots = this.slots;
    for (let slot = hash1 & this.mask; ; slot = (slot + 1) & this.mask) {
      const found = slots[slot * 3 + 2] as number;
      if (found === -1) return -1;
      if (slots[slot * 3] === hash1 && slots[slot * 3 + 1] === hash2) return found;
    }
  }
}
