/** Longest prefix first, so `gpt-4o-mini` is not read as `gpt-4`. */
const contextWindows: readonly (readonly [prefix: string, tokens: number])[] = [
  ['gpt-5', 400_000],
  ['gpt-4.1', 1_047_576],
  ['gpt-4o', 128_000],
  ['gpt-4-turbo', 128_000],
  ['gpt-4-32k', 32_768],
  ['gpt-4', 8_192],
  ['gpt-3.5-turbo', 16_385],
  ['o4', 200_000],
  ['o3', 200_000],
  ['o1-mini', 128_000],
  ['o1', 200_000],
];

/**
 * Context window of an OpenAI model, from a small table matched by prefix; `8192` for models
 * it does not know (OpenAI-compatible servers), which errs on the side of fitting.
 */
export function openAIContextWindow(model: string): number {
  for (const [prefix, tokens] of contextWindows) if (model.startsWith(prefix)) return tokens;
  return 8_192;
}
