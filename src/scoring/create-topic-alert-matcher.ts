import { ValidationError } from '../core/errors.js';
import type { Ticket } from '../core/domain.js';
import { foldText } from './fold-text.js';
import { normalizeTopicAlerts, parseTopicAlerts } from './parse-topic-alerts.js';

/**
 * The parts of a ticket that topic alerts look at.
 *
 * @example
 * ```ts
 * const target: TopicAlertTarget = { subject: 'Refund?', body: 'I will file a chargeback', tags: ['billing'] };
 * alerts.match(target); // ['chargeback']
 * ```
 */
export type TopicAlertTarget = Pick<Ticket, 'subject' | 'body' | 'tags'>;

/**
 * A compiled alert set. Build it once per set of keywords with {@link createTopicAlertMatcher} and
 * reuse it for every ticket: matching is one pass over each field, whatever the number of keywords.
 *
 * @example
 * ```ts
 * const alerts = createTopicAlertMatcher({ keywords: 'chargeback,fraud,wrong address' });
 * alerts.match({ subject: 'Fraud?', body: 'Shipped to the WRONG address', tags: [] }); // ['fraud', 'wrong address']
 * ```
 */
export interface TopicAlertMatcher {
  /** The normalised keywords, in the order the agent gave them. */
  readonly keywords: readonly string[];
  /** The keywords found in the ticket's subject, body or tags, in {@link TopicAlertMatcher.keywords} order. */
  match(ticket: TopicAlertTarget): readonly string[];
  /** The keywords found in one piece of text, in {@link TopicAlertMatcher.keywords} order. */
  matchText(text: string): readonly string[];
}

/**
 * Options of {@link createTopicAlertMatcher}.
 *
 * @example
 * ```ts
 * const options: TopicAlertMatcherOptions = { keywords: ['chargeback', 'fraud', 'wrong address'] };
 * const alerts = createTopicAlertMatcher(options);
 * ```
 */
export interface TopicAlertMatcherOptions {
  /**
   * The keywords: the agent's comma-separated text (parsed by `parseTopicAlerts`) or a list
   * (normalised the same way: trimmed, case-folded, deduplicated).
   */
  readonly keywords: string | readonly string[];
}

// Beyond this many transition cells (32 MB of Int32) the dense automaton costs more memory than it
// saves time; such alert sets (thousands of long keywords over a large alphabet, e.g. CJK) walk
// failure links instead.
const maxDenseCells = 1 << 23;

const noMatches: readonly string[] = Object.freeze([]);

const asciiWord = new Uint8Array(128);
for (let code = 0; code < 128; code++) asciiWord[code] = /[\p{L}\p{N}_]/u.test(String.fromCharCode(code)) ? 1 : 0;
const unicodeWord = /^[\p{L}\p{N}\p{M}\p{Pc}]$/u;
// Scripts written without spaces between words: a keyword edge in one of them needs no boundary.
const unspacedScript = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u;

function isWordCodePoint(codePoint: number): boolean {
  if (codePoint < 128) return asciiWord[codePoint] === 1;
  return unicodeWord.test(String.fromCodePoint(codePoint));
}

/** Code point of the character that ends just before `index`. */
function codePointBefore(text: string, index: number): number {
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return low;
}

// Exactly the code units JavaScript's `\s` matches (WhiteSpace and LineTerminator in ECMA-262).
const whitespaceCodes: readonly number[] = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
  0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
];
const isSpace = new Uint8Array(0x10000);
for (const code of whitespaceCodes) isSpace[code] = 1;

/**
 * Compiles topic-alert keywords into an Aho–Corasick automaton over case-folded text, so a ticket
 * is scanned once whatever the number of keywords (seed 004's topic alerts).
 *
 * Matching rules:
 * - Case and Unicode normalisation are folded on both sides (`Straße` matches `strasse`).
 * - Keywords match whole words and phrases only: `fraud` does not match `defrauded`; a keyword
 *   edge that is not a letter or digit (`#54321`, `c++`) needs no boundary on that side, nor does
 *   an edge in a script written without spaces (Chinese, Japanese, Thai…).
 * - Any run of whitespace in the text (spaces, line breaks, tabs) matches the single space
 *   inside a phrase, so `wrong\n  address` matches `wrong address`.
 * - Subject, body and each tag are scanned separately: a phrase never spans two fields.
 *
 * @example
 * ```ts
 * const alerts = createTopicAlertMatcher({ keywords: ['chargeback', 'wrong address'] });
 * alerts.matchText('I filed a Chargeback'); // ['chargeback']
 * ```
 */
export function createTopicAlertMatcher(options: TopicAlertMatcherOptions): TopicAlertMatcher {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('createTopicAlertMatcher options', [{ path: '(root)', message: 'Expected an options object like { keywords: "chargeback,fraud" }' }]);
  }
  const source = options.keywords;
  let keywords: readonly string[];
  if (typeof source === 'string') keywords = parseTopicAlerts(source);
  else if (Array.isArray(source)) keywords = normalizeTopicAlerts(source, 'createTopicAlertMatcher options.keywords');
  else {
    throw new ValidationError('createTopicAlertMatcher options', [
      { path: 'keywords', message: 'Expected comma-separated text or an array of keywords' },
    ]);
  }
  return compile(Object.freeze([...keywords]));
}

function compile(keywords: readonly string[]): TopicAlertMatcher {
  // Character classes: one per distinct code unit used by the keywords, 0 for every other one.
  const classOf = new Uint16Array(0x10000);
  let classCount = 1;
  for (const keyword of keywords) {
    for (let index = 0; index < keyword.length; index++) {
      const code = keyword.charCodeAt(index);
      if (classOf[code] === 0) classOf[code] = classCount++;
    }
  }
  // Keywords are folded, so upper-case ASCII shares its lower-case class: ASCII text needs no copy.
  for (let code = 65; code <= 90; code++) classOf[code] = classOf[code + 32]!;
  const spaceClass = classOf[32]!;
  for (const code of whitespaceCodes) classOf[code] = spaceClass;

  // The trie.
  const children: Map<number, number>[] = [new Map()];
  const own: number[][] = [[]];
  // The symbol that leads into each state (every path into a trie node ends with the same one).
  const incoming: number[] = [0];
  const symbolCount = new Int32Array(keywords.length);
  const needStart = new Uint8Array(keywords.length);
  const needEnd = new Uint8Array(keywords.length);
  keywords.forEach((keyword, index) => {
    let state = 0;
    for (let offset = 0; offset < keyword.length; offset++) {
      const symbol = classOf[keyword.charCodeAt(offset)]!;
      let next = children[state]!.get(symbol);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        own.push([]);
        incoming.push(symbol);
        children[state]!.set(symbol, next);
      }
      state = next;
    }
    own[state]!.push(index);
    symbolCount[index] = keyword.length;
    const first = keyword.codePointAt(0)!;
    const last = codePointBefore(keyword, keyword.length);
    needStart[index] = isWordCodePoint(first) && !unspacedScript.test(String.fromCodePoint(first)) ? 1 : 0;
    needEnd[index] = isWordCodePoint(last) && !unspacedScript.test(String.fromCodePoint(last)) ? 1 : 0;
  });

  // Failure links and output sets, breadth first so a state's fallback is always done before it.
  const stateCount = children.length;
  const fail = new Int32Array(stateCount);
  const outputs: number[][] = new Array<number[]>(stateCount);
  outputs[0] = own[0]!;
  const order: number[] = [0];
  for (let cursor = 0; cursor < order.length; cursor++) {
    const state = order[cursor]!;
    for (const [symbol, child] of children[state]!) {
      let target = 0;
      if (state !== 0) {
        let fallback = fail[state]!;
        while (fallback !== 0 && !children[fallback]!.has(symbol)) fallback = fail[fallback]!;
        target = children[fallback]!.get(symbol) ?? 0;
      }
      fail[child] = target;
      outputs[child] = own[child]!.length === 0 ? outputs[target]! : [...own[child]!, ...outputs[target]!];
      order.push(child);
    }
  }
  // Flatten outputs: `outputStart[s]..outputStart[s + 1]` indexes `outputList`.
  const outputStart = new Int32Array(stateCount + 1);
  for (let state = 0; state < stateCount; state++) outputStart[state + 1] = outputStart[state]! + outputs[state]!.length;
  const outputList = new Int32Array(outputStart[stateCount]!);
  for (let state = 0; state < stateCount; state++) outputList.set(outputs[state]!, outputStart[state]!);
  // A state entered through a space stays put on more whitespace: a run of it is one symbol.
  const afterSpace = (state: number): boolean => state !== 0 && spaceClass !== 0 && incoming[state] === spaceClass;

  // The dense automaton. Rows are pre-multiplied offsets (`state × width`), and an entry is stored
  // bit-inverted (negative) when its target has outputs or is the sentinel, so the hot loop does one
  // load and one sign test per character. The extra last column is the sentinel class: every
  // non-ASCII code unit in the unfolded pass leads to the sentinel row, which means "fold and rescan".
  const width = classCount + 1;
  const dense = (stateCount + 1) * width <= maxDenseCells;
  const sentinelRow = stateCount * width;
  const delta = dense ? new Int32Array((stateCount + 1) * width) : new Int32Array(0);
  const asciiClassOf = dense ? classOf.slice() : classOf;
  if (dense) {
    asciiClassOf.fill(classCount, 128);
    const targets = new Int32Array(stateCount * classCount);
    for (const state of order) {
      for (let symbol = 0; symbol < classCount; symbol++) {
        const child = children[state]!.get(symbol);
        targets[state * classCount + symbol] =
          child ?? (symbol === spaceClass && afterSpace(state) ? state : state === 0 ? 0 : targets[fail[state]! * classCount + symbol]!);
      }
    }
    for (let state = 0; state < stateCount; state++) {
      for (let symbol = 0; symbol < classCount; symbol++) {
        const target = targets[state * classCount + symbol]!;
        const offset = target * width;
        delta[state * width + symbol] = outputStart[target + 1]! > outputStart[target]! ? ~offset : offset;
      }
      delta[state * width + classCount] = ~sentinelRow;
    }
    delta.fill(~sentinelRow, sentinelRow);
  }

  function sparseStep(state: number, symbol: number): number {
    if (symbol === spaceClass && afterSpace(state)) return state;
    for (let current = state; ; current = fail[current]!) {
      const next = children[current]!.get(symbol);
      if (next !== undefined) return next;
      if (current === 0) return 0;
    }
  }

  // Per-call scratch, reused: matching is synchronous, so calls never interleave.
  const seenStamp = new Uint32Array(keywords.length);
  let stamp = 0;
  const found: number[] = [];

  /** Index where the match of `count` symbols ending at `end` starts; a whitespace run is one symbol. Matches are rare, so walking back beats tracking positions for every character. */
  function startOf(text: string, end: number, count: number): number {
    let index = end;
    for (let remaining = count; ; index--) {
      if (isSpace[text.charCodeAt(index)] === 1) while (index > 0 && isSpace[text.charCodeAt(index - 1)] === 1) index--;
      if (--remaining === 0) return index;
    }
  }

  function record(text: string, state: number, end: number): void {
    for (let cursor = outputStart[state]!, last = outputStart[state + 1]!; cursor < last; cursor++) {
      const keyword = outputList[cursor]!;
      if (seenStamp[keyword] === stamp) continue;
      if (needStart[keyword] === 1) {
        const start = startOf(text, end, symbolCount[keyword]!);
        if (start > 0 && isWordCodePoint(codePointBefore(text, start))) continue;
      }
      if (needEnd[keyword] === 1 && end + 1 < text.length && isWordCodePoint(text.codePointAt(end + 1)!)) continue;
      seenStamp[keyword] = stamp;
      found.push(keyword);
    }
  }

  /** Rescans `text` folded, forgetting what the unfolded pass over it had matched. */
  function rescanFolded(text: string, mark: number): void {
    for (let undo = mark; undo < found.length; undo++) seenStamp[found[undo]!] = 0;
    found.length = mark;
    const folded = foldText(text);
    if (dense) scanDense(folded, classOf);
    else scanSparse(folded, true);
  }

  function scanDense(text: string, classes: Uint16Array): void {
    const mark = found.length;
    const length = text.length;
    let row = 0;
    for (let index = 0; index < length; index++) {
      const next = delta[row + classes[text.charCodeAt(index)]!]!;
      if (next >= 0) {
        row = next;
        continue;
      }
      row = ~next;
      if (row === sentinelRow) return rescanFolded(text, mark);
      record(text, row / width, index);
    }
  }

  function scanSparse(text: string, folded: boolean): void {
    const mark = found.length;
    let state = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code >= 128 && !folded) return rescanFolded(text, mark);
      state = sparseStep(state, classOf[code]!);
      if (outputStart[state + 1]! > outputStart[state]!) record(text, state, index);
    }
  }

  function scan(text: string): void {
    if (dense) scanDense(text, asciiClassOf);
    else scanSparse(text, false);
  }

  function collect(): readonly string[] {
    if (found.length === 0) return noMatches;
    const indexes = found.length === 1 ? found : found.sort((left, right) => left - right);
    const result = indexes.map((index) => keywords[index]!);
    found.length = 0;
    return result;
  }

  function begin(): void {
    found.length = 0;
    stamp = stamp === 0xffffffff ? 1 : stamp + 1;
    if (stamp === 1) seenStamp.fill(0);
  }

  return {
    keywords,
    match(ticket) {
      if (keywords.length === 0) return noMatches;
      begin();
      if (typeof ticket.subject === 'string') scan(ticket.subject);
      if (typeof ticket.body === 'string') scan(ticket.body);
      if (Array.isArray(ticket.tags)) for (const tag of ticket.tags) if (typeof tag === 'string') scan(tag);
      return collect();
    },
    matchText(text) {
      if (keywords.length === 0 || typeof text !== 'string') return noMatches;
      begin();
      scan(text);
      return collect();
    },
  };
}
