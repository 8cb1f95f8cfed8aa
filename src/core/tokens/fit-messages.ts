import { z } from 'zod/v4';
import type { TokenCounter } from '../token-counter.js';
import type { ChatMessage } from '../types.js';
import { parseInput } from '../validate.js';
import { lazyObject } from '../lazy-object.js';

/**
 * Options for {@link fitMessages}.
 *
 * @example
 * ```ts
 * const options: FitMessagesOptions = { messages, model: 'gpt-4o-mini', contextWindow: 128_000, reservedOutputTokens: 256, tokenCounter };
 * ```
 */
export interface FitMessagesOptions {
  readonly messages: readonly ChatMessage[];
  /** The model the messages are for; picks the encoding. */
  readonly model?: string;
  /** The model's context window in tokens. */
  readonly contextWindow: number;
  /** Tokens kept free for the reply (the request's `maxOutputTokens`). */
  readonly reservedOutputTokens: number;
  readonly tokenCounter: TokenCounter;
  /** Appended to a shortened message so the model can tell it was cut. @default '…' */
  readonly ellipsis?: string;
}

/**
 * What {@link fitMessages} did to one message of the input.
 *
 * @example
 * ```ts
 * const trim: MessageTrim = { index: 1, role: 'assistant', action: 'shortened', tokensRemoved: 120 };
 * ```
 */
export interface MessageTrim {
  /** Index of the message in the input. */
  readonly index: number;
  readonly role: ChatMessage['role'];
  readonly action: 'dropped' | 'shortened';
  readonly tokensRemoved: number;
}

/**
 * The fitted conversation.
 *
 * @example
 * ```ts
 * const { messages, trimmed, tokens, fits } = fitMessages(options);
 * ```
 */
export interface FitMessagesResult {
  /** The messages to send, in their original order. */
  readonly messages: readonly ChatMessage[];
  /** Every message dropped or shortened, oldest first. Empty when everything fitted. */
  readonly trimmed: readonly MessageTrim[];
  /** Input tokens of `messages`, chat overhead included. */
  readonly tokens: number;
  /** False when even the system prompt and the latest user message exceed the budget. */
  readonly fits: boolean;
  /** True when `tokens` is an estimate (see `TokenCount.approximate`). */
  readonly approximate: boolean;
}

const optionsSchema = lazyObject(() => z.object({
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })),
  model: z.string().optional(),
  contextWindow: z.number().int().positive(),
  reservedOutputTokens: z.number().int().min(0),
  tokenCounter: z.custom<TokenCounter>(
    (value) => typeof value === 'object' && value !== null && typeof (value as TokenCounter).countMessages === 'function',
    'must be a TokenCounter (see createTokenCounter)',
  ),
  ellipsis: z.string().optional(),
}));

/** Grapheme clusters, so a cut never splits a surrogate pair, a combining mark or a ZWJ emoji. */
let segmenter: Intl.Segmenter | undefined;

/**
 * Fits a conversation into `contextWindow − reservedOutputTokens`. Every system message and the
 * latest user message are kept whole; history goes oldest first: a message is shortened (its
 * beginning kept, cut on a grapheme boundary, `ellipsis` appended) when that alone makes the
 * conversation fit, and dropped otherwise. Reports what it did, so callers can tell the user.
 *
 * @example
 * ```ts
 * import { createTokenCounter } from 'crmkit';
 * import { fitMessages } from 'crmkit/provider-utils';
 *
 * const tokenCounter = await createTokenCounter();
 * const { messages, trimmed } = fitMessages({ messages: history, model: 'gpt-4o-mini', contextWindow: 8_192, reservedOutputTokens: 256, tokenCounter });
 * if (trimmed.length > 0) console.log(`${trimmed.length} older messages left out`);
 * ```
 */
export function fitMessages(options: FitMessagesOptions): FitMessagesResult {
  const { messages, model, contextWindow, reservedOutputTokens, tokenCounter, ellipsis = '…' } = parseInput(optionsSchema, options, 'fitMessages options');
  const budget = contextWindow - reservedOutputTokens;
  const kept: (ChatMessage | undefined)[] = [...messages];
  const count = (): { tokens: number; approximate: boolean } =>
    tokenCounter.countMessages(
      kept.filter((message): message is ChatMessage => message !== undefined),
      model,
    );

  let total = count();
  const trimmed: MessageTrim[] = [];
  if (total.tokens <= budget) return { messages: [...messages], trimmed, tokens: total.tokens, fits: true, approximate: total.approximate };

  let latestUser = -1;
  for (let index = messages.length - 1; index >= 0; index--) {
    if (messages[index]?.role === 'user') {
      latestUser = index;
      break;
    }
  }
  if (latestUser === -1) latestUser = messages.length - 1;

  for (let index = 0; index < messages.length && total.tokens > budget; index++) {
    const message = messages[index] as ChatMessage;
    if (message.role === 'system' || index === latestUser) continue;
    const before = total.tokens;
    kept[index] = undefined;
    const without = count();
    if (without.tokens < budget) {
      // Dropping frees more than needed: keep as much of this message as fits instead.
      const shortened = shorten(message, budget, (candidate) => {
        kept[index] = candidate;
        return count().tokens;
      }, ellipsis);
      if (shortened) {
        kept[index] = shortened;
        total = count();
        trimmed.push({ index, role: message.role, action: 'shortened', tokensRemoved: before - total.tokens });
        continue;
      }
      kept[index] = undefined;
    }
    total = without;
    trimmed.push({ index, role: message.role, action: 'dropped', tokensRemoved: before - total.tokens });
  }

  const result = kept.filter((message): message is ChatMessage => message !== undefined);
  return { messages: result, trimmed, tokens: total.tokens, fits: total.tokens <= budget, approximate: total.approximate };
}

/** The longest grapheme-aligned prefix of `message` (plus ellipsis) that fits, or undefined. */
function shorten(message: ChatMessage, budget: number, measure: (candidate: ChatMessage) => number, ellipsis: string): ChatMessage | undefined {
  const graphemes = Array.from((segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(message.content), (segment) => segment.segment);
  let low = 1;
  let high = graphemes.length - 1;
  let best: ChatMessage | undefined;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const candidate = { role: message.role, content: graphemes.slice(0, middle).join('') + ellipsis };
    if (measure(candidate) <= budget) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}
