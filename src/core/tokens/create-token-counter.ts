import { z } from 'zod/v4';
import type { TokenCount, TokenCounter } from '../token-counter.js';
import type { ChatMessage } from '../types.js';
import { parseInput } from '../validate.js';
import { loadEncoder, type Encoder, type TokenizerEngine } from './load-encoder.js';
import { encodingNames, resolveEncoding, type EncodingName, type EncodingResolution } from './resolve-encoding.js';
import { lazyObject } from '../lazy-object.js';

/**
 * How much an estimated count is inflated, in percent, per model family whose tokenizer crmkit
 * does not ship. Budgets should err on the side of reserving too much.
 *
 * @example
 * ```ts
 * const margins: SafetyMargins = { anthropic: 125, huggingface: 135, unknown: 135 };
 * ```
 */
export interface SafetyMargins {
  /** Claude models, estimated from `o200k_base`. @default 125 */
  readonly anthropic?: number;
  /** Hugging Face models (Llama, Mistral…), estimated from `o200k_base`. @default 135 */
  readonly huggingface?: number;
  /** Any other model id. @default 135 */
  readonly unknown?: number;
}

/**
 * Options for {@link createTokenCounter}.
 *
 * @example
 * ```ts
 * const options: CreateTokenCounterOptions = { engine: 'gpt-tokenizer', encodings: ['o200k_base'] };
 * ```
 */
export interface CreateTokenCounterOptions {
  /** Which tokenizer library counts. @default 'gpt-tokenizer' */
  readonly engine?: TokenizerEngine;
  /**
   * Encodings to load now. A model whose encoding is not loaded is counted with a loaded one and
   * flagged `approximate` (with the `unknown` margin), never with a load in the middle of a call.
   * @default ['o200k_base']
   */
  readonly encodings?: readonly EncodingName[];
  /** Inflation of estimated counts, in percent. */
  readonly safetyMargins?: SafetyMargins;
  /** How many distinct message texts to remember per encoding. @default 4096 */
  readonly cacheSize?: number;
  /** Cancels the load. */
  readonly signal?: AbortSignal;
}

/**
 * A {@link TokenCounter} backed by a real tokenizer, as returned by {@link createTokenCounter}.
 *
 * @example
 * ```ts
 * const counter = await createTokenCounter();
 * console.log(counter.engine, counter.encodings); // 'gpt-tokenizer' ['o200k_base']
 * ```
 */
export interface LoadedTokenCounter extends TokenCounter {
  readonly engine: TokenizerEngine;
  /** The encodings this counter counts with exactly. */
  readonly encodings: readonly EncodingName[];
  /** The token ids of `text`, for tooling and tests. */
  encode(text: string, model?: string): readonly number[];
}

/** Every default of {@link CreateTokenCounterOptions}, in one place. */
const defaults = {
  engine: 'gpt-tokenizer' as TokenizerEngine,
  encodings: ['o200k_base'] as readonly EncodingName[],
  safetyMargins: { anthropic: 125, huggingface: 135, unknown: 135 },
  cacheSize: 4096,
} as const;

/**
 * OpenAI's chat format costs 3 tokens per message (`<|start|>{role}<|message|>…<|end|>` minus the
 * role itself, which is counted by encoding it) and 3 more that prime the reply. The legacy
 * `gpt-3.5-turbo-0301` format costs 4 per message. Source: OpenAI cookbook, "How to count tokens
 * with tiktoken", section 6.
 */
const tokensPerMessage = 3;
const legacyTokensPerMessage = 4;
const replyPrimerTokens = 3;

const marginSchema = lazyObject(() => z.number().int().min(100, 'must be at least 100 (percent): a margin never shrinks an estimate').max(400));
const optionsSchema = lazyObject(() => z.object({
  engine: z.enum(['gpt-tokenizer', 'tiktoken']).optional(),
  encodings: z.array(z.enum(encodingNames as [EncodingName, ...EncodingName[]])).min(1, 'load at least one encoding').optional(),
  safetyMargins: z.object({ anthropic: marginSchema.optional(), huggingface: marginSchema.optional(), unknown: marginSchema.optional() }).optional(),
  cacheSize: z.number().int().min(0).max(1_000_000).optional(),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'must be an AbortSignal').optional(),
}));

interface CachedEncoder {
  readonly encoder: Encoder;
  readonly cache: Map<string, number>;
}

/**
 * Loads a tokenizer and returns a counter that counts like the model does: the right encoding
 * per model (`o200k_base` for GPT-4o / 4.1 / 5 / o-series, `cl100k_base` for GPT-4 / 3.5), the
 * chat format's per-message overhead, and a per-message cache, so re-counting a conversation
 * that grew by one message only tokenizes the new message.
 *
 * Claude and Hugging Face models have no public tokenizer crmkit ships: their counts are
 * `o200k_base` counts inflated by a safety margin (see {@link SafetyMargins}) and flagged
 * `approximate`. The tokenizer is imported lazily here, never when `crmkit` is imported.
 *
 * @example
 * ```ts
 * import { createTokenCounter } from 'crmkit';
 *
 * const counter = await createTokenCounter({ engine: 'gpt-tokenizer' });
 * counter.countMessages([{ role: 'user', content: 'Where is my order?' }], 'gpt-4o-mini');
 * // { tokens: 13, approximate: false }
 * ```
 */
export async function createTokenCounter(options: CreateTokenCounterOptions = {}): Promise<LoadedTokenCounter> {
  const parsed = parseInput(optionsSchema, options, 'createTokenCounter options');
  const engine = parsed.engine ?? defaults.engine;
  const encodings = [...new Set(parsed.encodings ?? defaults.encodings)];
  const margins = { ...defaults.safetyMargins, ...parsed.safetyMargins };
  const cacheSize = parsed.cacheSize ?? defaults.cacheSize;
  const signal = options.signal;
  signal?.throwIfAborted();

  const loaded = new Map<EncodingName, CachedEncoder>();
  const encoders = await Promise.all(encodings.map((encoding) => loadEncoder(engine, encoding)));
  signal?.throwIfAborted();
  encodings.forEach((encoding, index) => loaded.set(encoding, { encoder: encoders[index] as Encoder, cache: new Map() }));
  const fallbackEncoding = encodings[0] as EncodingName;

  const pick = (model: string | undefined): { state: CachedEncoder; resolution: EncodingResolution; marginPercent: number } => {
    const resolution = resolveEncoding(model);
    const exact = loaded.get(resolution.encoding);
    if (exact) {
      const marginPercent = resolution.approximate ? margins[resolution.family as keyof SafetyMargins] ?? margins.unknown : 100;
      return { state: exact, resolution, marginPercent };
    }
    // The model's encoding is not loaded: estimate with what is, and say so.
    return { state: loaded.get(fallbackEncoding) as CachedEncoder, resolution: { ...resolution, approximate: true }, marginPercent: margins.unknown };
  };

  const countCached = (state: CachedEncoder, text: string): number => {
    const hit = state.cache.get(text);
    if (hit !== undefined) return hit;
    const tokens = state.encoder.count(text);
    if (cacheSize > 0) {
      // FIFO eviction: cheaper than LRU bookkeeping on every hit, and a conversation's messages
      // are re-counted together, so they age out together.
      if (state.cache.size >= cacheSize) state.cache.delete(state.cache.keys().next().value as string);
      state.cache.set(text, tokens);
    }
    return tokens;
  };

  const finish = (tokens: number, resolution: EncodingResolution, marginPercent: number): TokenCount =>
    resolution.approximate ? { tokens: Math.ceil((tokens * marginPercent) / 100), approximate: true } : { tokens, approximate: false };

  return {
    engine,
    encodings,
    encode(text, model) {
      return pick(model).state.encoder.encode(text);
    },
    countText(text, model) {
      const { state, resolution, marginPercent } = pick(model);
      return finish(countCached(state, text), resolution, marginPercent);
    },
    countMessages(messages: readonly ChatMessage[], model?: string) {
      const { state, resolution, marginPercent } = pick(model);
      const perMessage = model?.startsWith('gpt-3.5-turbo-0301') ? legacyTokensPerMessage : tokensPerMessage;
      let tokens = replyPrimerTokens;
      for (const message of messages) {
        tokens += perMessage + countCached(state, message.role) + countCached(state, message.content);
        // Tool calls are input too when a history is sent back (their arguments, as JSON).
        if (message.toolCalls !== undefined && message.toolCalls.length > 0) tokens += countCached(state, JSON.stringify(message.toolCalls));
      }
      return finish(tokens, resolution, marginPercent);
    },
  };
}
