/**
 * The JSON value found in a model's reply, and whether finding it took more than `JSON.parse`.
 *
 * @example
 * ```ts
 * const found: FoundJson | undefined = findJson('```json\n{"intent":"refund",}\n```');
 * // { value: { intent: 'refund' }, repaired: true }
 * ```
 */
export interface FoundJson {
  readonly value: unknown;
  /** False when the whole reply (give or take surrounding whitespace) was valid JSON as is. */
  readonly repaired: boolean;
}

// Typographic quotes models (and word processors in their training data) put where JSON needs ASCII.
const smartDoubleQuotes = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;
const smartSingleQuotes = /[\u2018\u2019\u201a\u201b\u2032]/g;
const fencedBlock = /```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/;

/**
 * Finds the JSON value in a model's reply: the one routine behind {@link extractJson}, the
 * provider layer's structured output and `parseModelJson`. Models asked for "JSON only" still
 * wrap it in a Markdown fence, add a sentence before or after, type smart quotes or leave a
 * trailing comma. Tried in order, first success wins:
 *
 * 1. the whole reply as is (`repaired: false`);
 * 2. the first fenced block (any language tag);
 * 3. the whole reply;
 * 4. each balanced `{…}` / `[…]` span from left to right, brackets inside strings ignored.
 *
 * Steps 2–4 parse each candidate as is and, failing that, once more after the repairs: smart
 * quotes become ASCII quotes and commas before a closing bracket (outside strings) are dropped.
 * Repairs run only after a plain parse failed, so a smart quote inside a valid JSON string is
 * never touched. Anything else (unbalanced brackets, unquoted keys) is not guessed at: the result
 * is `undefined`.
 *
 * @example
 * ```ts
 * findJson('{"a":1}'); // { value: { a: 1 }, repaired: false }
 * findJson('Here you go: {“a”: 1,}'); // { value: { a: 1 }, repaired: true }
 * findJson('no json here'); // undefined
 * ```
 */
export function findJson(text: string): FoundJson | undefined {
  const trimmed = text.trim();
  const whole = parseStrict(trimmed);
  if (whole !== notJson) return { value: whole, repaired: false };

  const fence = fencedBlock.exec(trimmed)?.[1];
  const candidates = fence === undefined ? [trimmed] : [fence.trim(), trimmed];
  for (const candidate of candidates) {
    const value = parseRepaired(candidate);
    if (value !== notJson) return { value, repaired: true };
  }

  const spans = findSpans(trimmed);
  if (spans !== notJson) return { value: spans, repaired: true };
  // A string value delimited by smart quotes hides its brackets from the span scanner only after
  // its quotes are ASCII, so scan once more over the normalised text.
  const normalised = normaliseQuotes(trimmed);
  if (normalised !== trimmed) {
    const normalisedSpans = findSpans(normalised);
    if (normalisedSpans !== notJson) return { value: normalisedSpans, repaired: true };
  }
  return undefined;
}

/**
 * The JSON value in a model's reply (see {@link findJson} for what is accepted and repaired),
 * or `undefined` when there is none.
 *
 * @example
 * ```ts
 * extractJson('Sure! ```json\n{"intent":"refund"}\n```'); // { intent: 'refund' }
 * extractJson('no json here'); // undefined
 * ```
 */
export function extractJson(text: string): unknown {
  return findJson(text)?.value;
}

const notJson = Symbol('not json');

function parseStrict(text: string): unknown {
  if (text.length === 0) return notJson;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return notJson;
  }
}

function parseRepaired(text: string): unknown {
  const plain = parseStrict(text);
  if (plain !== notJson) return plain;
  const repaired = removeTrailingCommas(normaliseQuotes(text));
  return repaired === text ? notJson : parseStrict(repaired);
}

function findSpans(text: string): unknown {
  for (let start = 0; start < text.length; start++) {
    const character = text.charCodeAt(start);
    if (character !== 0x7b && character !== 0x5b) continue; // { [
    const end = balancedEnd(text, start);
    if (end === -1) continue;
    const value = parseRepaired(text.slice(start, end + 1));
    if (value !== notJson) return value;
  }
  return notJson;
}

function normaliseQuotes(text: string): string {
  return text.replace(smartDoubleQuotes, '"').replace(smartSingleQuotes, "'");
}

/** Index of the bracket closing the one at `start`, skipping brackets inside strings; -1 if none. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{' || character === '[') depth++;
    else if (character === '}' || character === ']') {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** Drops each comma followed only by whitespace and a closing bracket, outside strings. */
function removeTrailingCommas(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === ',') {
      let next = index + 1;
      while (next < text.length && /\s/.test(text[next] as string)) next++;
      if (text[next] === '}' || text[next] === ']') {
        out += text.slice(copiedUpTo, index);
        copiedUpTo = index + 1;
      }
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}
