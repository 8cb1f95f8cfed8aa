import type { ChatMessage } from './types.js';

/**
 * A token count and whether it is an estimate.
 *
 * @example
 * ```ts
 * const count: TokenCount = { tokens: 42, approximate: true };
 * ```
 */
export interface TokenCount {
  readonly tokens: number;
  /** True when the model's real tokenizer is not available (Anthropic, Hugging Face models). */
  readonly approximate: boolean;
}

/**
 * Counts tokens the way a model would see them. Implementations: the approximate counter below
 * (no dependency, used where nothing better is loaded), and the tokenizer-backed counters of
 * the budgets layer (`createTokenCounter`).
 *
 * @example
 * ```ts
 * const counter: TokenCounter = createApproximateTokenCounter();
 * counter.countMessages([{ role: 'user', content: 'Hello there' }], 'gpt-4o-mini').tokens;
 * ```
 */
export interface TokenCounter {
  /** Tokens in a bare string. */
  countText(text: string, model?: string): TokenCount;
  /** Tokens of a chat request's messages, including the chat format's per-message overhead. */
  countMessages(messages: readonly ChatMessage[], model?: string): TokenCount;
}

/**
 * A dependency-free counter for when no tokenizer is installed: it reads the text once and
 * charges each piece what OpenAI's `o200k_base` encoding (GPT-4o, 4.1, 5, o-series) typically
 * charges for it — English and code words by length, words with accented letters more, digit
 * groups of three, punctuation, whitespace runs, CJK, Cyrillic, Greek, Hebrew, Arabic, Indic and
 * Thai characters at their measured rates, emoji by the code point — then adds a 15% safety
 * margin and rounds up. Always `approximate`.
 *
 * Measured against gpt-tokenizer on a 28-message, 25-language help-desk corpus
 * (`src/core/tokens/__fixtures__/mixed-language-corpus.ts`, docs/budgets.md): estimate ÷ exact
 * `o200k_base` count is 0.97 at the lowest, 1.24 at the median and 1.61 at the highest. For the
 * older `cl100k_base` models (GPT-4, GPT-3.5) non-Latin scripts cost up to 2.5× more than
 * estimated here: count those with `createTokenCounter`.
 *
 * @example
 * ```ts
 * createApproximateTokenCounter().countText('hello world').tokens; // 3
 * ```
 */
export function createApproximateTokenCounter(): TokenCounter {
  return approximateCounter;
}

// Stateless, so every caller shares one instance: layers that count the same request with the
// default counter (withBudget, withRateLimit) can then share one count (see count-input-once.ts).
const approximateCounter: TokenCounter = Object.freeze({
  countText: (text: string): TokenCount => ({ tokens: estimateTokens(text), approximate: true }),
  countMessages(messages: readonly ChatMessage[]): TokenCount {
    let tokens = 3;
    for (const message of messages) {
      tokens += 4 + estimateTokens(message.content);
      // Tool calls are input too when a history is sent back (their arguments, as JSON).
      if (message.toolCalls !== undefined && message.toolCalls.length > 0) tokens += estimateTokens(JSON.stringify(message.toolCalls));
    }
    return { tokens, approximate: true };
  },
});

/** The safety margin, in percent, every approximate count includes. */
const marginPercent = 115;

/**
 * Tokens per character by script, as `o200k_base` splits help-desk text (see the corpus test).
 * Latin words are charged per word instead: `ceil(letters / 6)`, or `ceil(letters / 3)` when the
 * word has an accented letter (those split into more pieces).
 */
function estimateTokens(text: string): number {
  let tokens = 0;
  let word = 0;
  let accented = false;
  let digits = 0;
  let spaces = 0;
  let lineBreak = false;
  // Flushing the word or digit group in progress is inlined (no closure per call): a count runs
  // on every model call, in withBudget and in the rate limiter.
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 0x20) {
      // One space joins the next word; a run of them is a token of its own.
      if (spaces > 1) tokens += 1;
      spaces = 0;
    }
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) {
      if (digits > 0) {
        tokens += wordTokens(word, accented, digits);
        word = 0;
        accented = false;
        digits = 0;
      }
      word++;
      lineBreak = false;
      continue;
    }
    if ((code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) || (code >= 0x1e00 && code <= 0x1eff)) {
      if (digits > 0) {
        tokens += wordTokens(word, accented, digits);
        word = 0;
        accented = false;
        digits = 0;
      }
      word++;
      accented = true;
      lineBreak = false;
      continue;
    }
    if (code >= 0x30 && code <= 0x39) {
      if (word > 0) {
        tokens += wordTokens(word, accented, digits);
        word = 0;
        accented = false;
        digits = 0;
      }
      digits++;
      lineBreak = false;
      continue;
    }
    if (word > 0 || digits > 0) {
      tokens += wordTokens(word, accented, digits);
      word = 0;
      accented = false;
      digits = 0;
    }
    if (code === 0x20) {
      spaces++;
      continue;
    }
    if (code === 0x0a || code === 0x0d || code === 0x09) {
      if (!lineBreak) tokens += 1;
      lineBreak = true;
      continue;
    }
    lineBreak = false;
    tokens += charTokens(code);
    if (code >= 0xd800 && code <= 0xdbff) index++; // the pair's second half is already counted
  }
  if (spaces > 1) tokens += 1;
  tokens += wordTokens(word, accented, digits);
  return Math.ceil((tokens * marginPercent) / 100);
}

/** Tokens of a Latin word (`letters` long) and a digit group that ended together. */
function wordTokens(letters: number, accented: boolean, digits: number): number {
  let tokens = 0;
  if (letters > 0) tokens += accented ? Math.ceil(letters / 3) : Math.ceil(letters / 6);
  if (digits > 0) tokens += Math.ceil(digits / 3);
  return tokens;
}

function charTokens(code: number): number {
  if (code < 0x80) return 1; // ASCII punctuation and symbols
  if (code >= 0xd800 && code <= 0xdbff) return 2; // emoji and other astral characters
  if (code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) return 0.5; // ZWJ, variation selectors
  if ((code >= 0x2e80 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef)) return 0.7; // CJK, kana, Hangul
  if (code >= 0x0400 && code <= 0x04ff) return 0.3; // Cyrillic
  if (code >= 0x0370 && code <= 0x05ff) return 0.5; // Greek, Armenian, Hebrew
  if (code >= 0x0600 && code <= 0x06ff) return 0.4; // Arabic
  if (code >= 0x0900 && code <= 0x0e7f) return 0.45; // Indic scripts, Thai
  return 1;
}
