/**
 * Context window of an Anthropic model: every Claude 3 and later model has 200k tokens;
 * unknown names get the same, since all current Claude models share it.
 */
export function anthropicContextWindow(_model: string): number {
  return 200_000;
}
