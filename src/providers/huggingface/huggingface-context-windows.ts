const contextWindows: readonly (readonly [prefix: string, tokens: number])[] = [
  ['mistralai/Mistral-7B-Instruct-v0.1', 8_192],
  ['mistralai/Mistral-7B-Instruct', 32_768],
  ['mistralai/Mixtral-8x7B', 32_768],
  ['meta-llama/Llama-3.1', 131_072],
  ['meta-llama/Llama-3.2', 131_072],
  ['meta-llama/Llama-3.3', 131_072],
  ['meta-llama/Meta-Llama-3-', 8_192],
  ['Qwen/Qwen2.5', 32_768],
  ['google/gemma-2', 8_192],
];

/** Context window of a Hugging Face model by prefix; `4096` for models the table does not know. */
export function huggingFaceContextWindow(model: string): number {
  for (const [prefix, tokens] of contextWindows) if (model.startsWith(prefix)) return tokens;
  return 4_096;
}
