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
 * A dependency-free counter: about one token per 4 characters of ASCII and one per character of
 * other scripts, rounded up, plus 4 tokens per message and 3 for the reply primer. It
 * overestimates English slightly, which is the safe direction for budgets. Always `approximate`.
 *
 * @example
 * ```ts
 * createApproximateTokenCounter().countText('hello world').tokens; // 3
 * ```
 */
export function createApproximateTokenCounter(): TokenCounter {
  const countText = (text: string): TokenCount => ({ tokens: estimateTokens(text), approximate: true });
  return {
    countText,
    countMessages(messages) {
      let tokens = 3;
      for (const message of messages) {
        tokens += 4 + estimateTokens(message.content);
        // Tool calls are input too when a history is sent back (their arguments, as JSON).
        if (message.toolCalls !== undefined && message.toolCalls.length > 0) tokens += estimateTokens(JSON.stringify(message.toolCalls));
      }
      return { tokens, approximate: true };
    },
  };
}

function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) ascii++;
    else if (code < 0xdc00 || code > 0xdfff) other++; // count a surrogate pair once
  }
  return Math.ceil(ascii / 4) + other;
}
