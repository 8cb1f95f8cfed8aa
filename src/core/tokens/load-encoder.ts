import type * as Tiktoken from 'tiktoken';
import { CrmKitError } from '../errors.js';
import { loadOptionalPeer } from '../load-optional-peer.js';
import type { EncodingName } from './resolve-encoding.js';

/**
 * A tokenizer library crmkit can count with. `gpt-tokenizer` (pure JavaScript) loads faster and
 * counts faster; `tiktoken` (WASM) is OpenAI's reference implementation. Both are optional peer
 * dependencies: install the one you use. Both produce the same tokens (see the fixture tests).
 *
 * @example
 * ```ts
 * const engine: TokenizerEngine = 'gpt-tokenizer';
 * ```
 */
export type TokenizerEngine = 'gpt-tokenizer' | 'tiktoken';

/** The two operations the counters need from a tokenizer library. */
export interface Encoder {
  /** Token ids, with special-token text (`<|endoftext|>`) encoded as ordinary text. */
  encode(text: string): readonly number[];
  count(text: string): number;
}

const loaded = new Map<string, Promise<Encoder>>();

/**
 * Loads (once per process) an encoding with the given engine. Special tokens in the text are
 * always encoded as plain text: content written by customers must never be able to inject a
 * control token, and this is also what the vendors bill for such text.
 */
export function loadEncoder(engine: TokenizerEngine, encoding: EncodingName): Promise<Encoder> {
  const key = `${engine}:${encoding}`;
  let encoder = loaded.get(key);
  if (!encoder) {
    encoder = engine === 'tiktoken' ? loadTiktoken(encoding) : loadGptTokenizer(encoding);
    // A failed load must not poison the cache: the host may install the package and retry.
    encoder.catch(() => loaded.delete(key));
    loaded.set(key, encoder);
  }
  return encoder;
}

async function loadGptTokenizer(encoding: EncodingName): Promise<Encoder> {
  const module = await loadOptionalPeer({
    packageName: 'gpt-tokenizer',
    // Literal specifiers so bundlers can see (and split out) each encoding.
    load: () => (encoding === 'o200k_base' ? import('gpt-tokenizer/encoding/o200k_base') : import('gpt-tokenizer/encoding/cl100k_base')),
    missing: ({ installCommand, cause }) =>
      new CrmKitError(
        `Exact token counts need the gpt-tokenizer package (an optional peer dependency, 55 MB): run \`${installCommand}\`, or use \`engine: "tiktoken"\`, or count with createApproximateTokenCounter() (no dependency; see docs/budgets.md for its measured error)`,
        { code: 'missing_dependency', cause },
      ),
  });
  const options = { disallowedSpecial: new Set<string>() };
  return {
    encode: (text) => module.encode(text, options),
    count: (text) => module.countTokens(text, options),
  };
}

async function loadTiktoken(encoding: EncodingName): Promise<Encoder> {
  const module: typeof Tiktoken = await loadOptionalPeer({
    packageName: 'tiktoken',
    load: () => import('tiktoken'),
    missing: ({ installCommand, cause }) =>
      new CrmKitError(`The \`tiktoken\` engine needs the tiktoken package: run \`${installCommand}\`, or use \`engine: "gpt-tokenizer"\``, {
        code: 'missing_dependency',
        cause,
      }),
  });
  // The WASM encoder lives for the process; counters share it, so it is never freed.
  const encoder = module.get_encoding(encoding);
  const none: string[] = [];
  return {
    encode: (text) => Array.from(encoder.encode(text, none, none)),
    count: (text) => encoder.encode(text, none, none).length,
  };
}
