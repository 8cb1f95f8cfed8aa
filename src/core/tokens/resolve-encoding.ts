/**
 * A byte-pair encoding crmkit can load: `o200k_base` (GPT-4o, 4.1, 4.5, 5, o-series) and
 * `cl100k_base` (GPT-4, GPT-3.5 and the embedding models of that generation).
 *
 * @example
 * ```ts
 * const encoding: EncodingName = 'o200k_base';
 * ```
 */
export type EncodingName = 'o200k_base' | 'cl100k_base';

/**
 * Every {@link EncodingName}, newest first.
 *
 * @example
 * ```ts
 * encodingNames.includes('o200k_base'); // true
 * ```
 */
export const encodingNames: readonly EncodingName[] = ['o200k_base', 'cl100k_base'];

/**
 * How a model's tokens are counted: exactly with an OpenAI encoding, or estimated for a vendor
 * whose tokenizer crmkit does not ship (`anthropic`, `huggingface`, `unknown`).
 *
 * @example
 * ```ts
 * const resolution: EncodingResolution = { family: 'anthropic', encoding: 'o200k_base', approximate: true };
 * ```
 */
export interface EncodingResolution {
  readonly family: 'openai' | 'anthropic' | 'huggingface' | 'unknown';
  /** The encoding to count with; for estimated families, the proxy the estimate is based on. */
  readonly encoding: EncodingName;
  /** True when the count is an estimate rather than the model's own tokenization. */
  readonly approximate: boolean;
}

// Order matters: the first matching prefix wins, so the specific ones come before `gpt-4`.
const openAiPrefixes: readonly (readonly [string, EncodingName])[] = [
  ['gpt-4o', 'o200k_base'],
  ['chatgpt-4o', 'o200k_base'],
  ['gpt-4.1', 'o200k_base'],
  ['gpt-4.5', 'o200k_base'],
  ['gpt-5', 'o200k_base'],
  ['gpt-oss', 'o200k_base'],
  ['o1', 'o200k_base'],
  ['o3', 'o200k_base'],
  ['o4', 'o200k_base'],
  ['gpt-4', 'cl100k_base'],
  ['gpt-3.5', 'cl100k_base'],
  ['gpt-35', 'cl100k_base'],
  ['text-embedding-3', 'cl100k_base'],
  ['text-embedding-ada-002', 'cl100k_base'],
];

const cache = new Map<string, EncodingResolution>();

/**
 * Maps a model id to the encoding that counts it. OpenAI ids map to their encoding exactly
 * (a vendor prefix such as `openai/` is ignored); an unknown `gpt-*` id is assumed to be a new
 * model on `o200k_base`. `claude-*` ids are `anthropic`, ids with an owner (`mistralai/…`) are
 * `huggingface`; both are estimated from `o200k_base` and flagged approximate.
 *
 * @example
 * ```ts
 * resolveEncoding('gpt-4o-mini'); // { family: 'openai', encoding: 'o200k_base', approximate: false }
 * resolveEncoding('gpt-4-0613'); // { family: 'openai', encoding: 'cl100k_base', approximate: false }
 * resolveEncoding('claude-3-haiku-20240307').approximate; // true
 * ```
 */
export function resolveEncoding(model: string | undefined): EncodingResolution {
  const key = model ?? '';
  let resolution = cache.get(key);
  if (!resolution) {
    resolution = resolveUncached(key.trim().toLowerCase());
    if (cache.size > 1024) cache.clear();
    cache.set(key, resolution);
  }
  return resolution;
}

function resolveUncached(model: string): EncodingResolution {
  const bare = model.startsWith('openai/') ? model.slice('openai/'.length) : model;
  for (const [prefix, encoding] of openAiPrefixes) {
    if (bare.startsWith(prefix)) return { family: 'openai', encoding, approximate: false };
  }
  if (/^gpt-\d/.test(bare)) return { family: 'openai', encoding: 'o200k_base', approximate: false };
  if (bare.startsWith('claude') || bare.startsWith('anthropic/')) return { family: 'anthropic', encoding: 'o200k_base', approximate: true };
  if (bare.includes('/')) return { family: 'huggingface', encoding: 'o200k_base', approximate: true };
  return { family: 'unknown', encoding: 'o200k_base', approximate: true };
}
