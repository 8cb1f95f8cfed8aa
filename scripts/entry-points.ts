/**
 * The public entry points: each `crmkit/<subpath>` (the key, as in dist/ and package.json's
 * `exports`) and its source file. One list for the build (tsup.config.ts), the API report
 * (scripts/api-report.ts), the docs check and the TSDoc check; typedoc.json lists the same files.
 */
export const entryPoints: Readonly<Record<string, string>> = {
  index: 'src/index.ts',
  'provider-utils': 'src/entries/provider-utils.ts',
  adapters: 'src/entries/adapters.ts',
  prompts: 'src/entries/prompts.ts',
  scoring: 'src/entries/scoring.ts',
  fallback: 'src/entries/fallback.ts',
  'providers/openai': 'src/providers/openai/index.ts',
  'providers/anthropic': 'src/providers/anthropic/index.ts',
  'providers/huggingface': 'src/providers/huggingface/index.ts',
  testing: 'src/testing/index.ts',
  'adapters/postgres': 'src/adapters/postgres/index.ts',
  'adapters/redis': 'src/adapters/redis/index.ts',
  'adapters/sheets': 'src/adapters/sheets/index.ts',
  'ai-sdk': 'src/ai-sdk/index.ts',
};

/** The package specifier of an entry point: `crmkit` for `index`, `crmkit/<key>` otherwise. */
export function specifierOf(key: string): string {
  return key === 'index' ? 'crmkit' : `crmkit/${key}`;
}
