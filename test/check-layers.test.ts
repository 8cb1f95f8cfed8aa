import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers } from '../scripts/check-layers.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A throwaway repository: `files` maps a path under the root to its source. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'crmkit-layers-'));
  roots.push(root);
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), source);
  }
  return root;
}

const clean = {
  'src/core/types.ts': 'export interface Provider { readonly id: string }\n',
  'src/providers/with-x.ts': "import type { Provider } from '../core/types.js';\nexport const withX = (p: Provider): Provider => p;\n",
  'src/adapters/store.ts': "import type { Provider } from '../core/types.js';\nexport type Store = Provider;\n",
  'src/assistant/assistant.ts': "import { withX } from '../providers/with-x.js';\nimport type { Store } from '../adapters/store.js';\nexport const build = (s: Store) => withX(s);\n",
  'src/index.ts': "export * from './assistant/assistant.js';\n",
  // Tests may cross layers and import test support.
  'src/core/types.test.ts': "import { build } from '../assistant/assistant.js';\nimport '../../test/support/services.js';\nvoid build;\n",
};

describe('scripts/check-layers (run by npm run lint)', () => {
  it('passes on the real source tree', () => {
    expect(checkLayers(path.resolve(import.meta.dirname, '..'))).toEqual([]);
  });

  it('passes a tree that only imports downward, with tests crossing layers', () => {
    expect(checkLayers(tree(clean))).toEqual([]);
  });

  it('fails on a planted sideways import, naming the file, the layers and what is allowed', () => {
    const root = tree({ ...clean, 'src/providers/with-budget.ts': "import type { Store } from '../adapters/store.js';\nexport type S = Store;\n" });
    expect(checkLayers(root)).toEqual([{ file: 'src/providers/with-budget.ts', message: 'providers may not import adapters (src/adapters/store.ts); providers may import core' }]);
  });

  it('fails on a planted upward import, type-only or dynamic', () => {
    const root = tree({
      ...clean,
      'src/core/up.ts': "export type A = typeof import('../assistant/assistant.js');\n",
      'src/fallback/up.ts': "export const load = () => import('../assistant/assistant.js');\n",
    });
    expect(checkLayers(root).map((violation) => violation.file).sort()).toEqual(['src/core/up.ts', 'src/fallback/up.ts']);
  });

  it('fails on a planted cycle made only of type imports', () => {
    const root = tree({
      ...clean,
      'src/core/errors.ts': "import type { Attempt } from './attempt.js';\nexport interface E { readonly attempts: Attempt[] }\n",
      'src/core/attempt.ts': "import type { E } from './errors.js';\nexport interface Attempt { readonly error?: E }\n",
    });
    const violations = checkLayers(root);
    expect(violations).toHaveLength(1);
    expect(violations[0]!.message).toMatch(/^import cycle: src\/core\/(errors|attempt)\.ts -> .* -> src\/core\/(errors|attempt)\.ts$/);
  });

  it('fails when a production file imports a test, a fixture or test/support', () => {
    const root = tree({
      ...clean,
      'src/adapters/__fixtures__/rows.ts': 'export const rows = [];\n',
      'src/adapters/test-database.ts': "import '../../test/support/services.js';\nimport { rows } from './__fixtures__/rows.js';\nimport './store.test.js';\nexport { rows };\n",
    });
    expect(checkLayers(root).map((violation) => violation.message)).toEqual([
      'production file imports test/support/services.ts, outside src/',
      'production file imports the test file src/adapters/__fixtures__/rows.ts',
      'production file imports the test file src/adapters/store.test.ts',
    ]);
  });

  it('fails on a new folder under src/ until it is given a place in the layer map', () => {
    const root = tree({ ...clean, 'src/widgets/widget.ts': "import type { Provider } from '../core/types.js';\nexport type W = Provider;\n" });
    expect(checkLayers(root)).toEqual([{ file: 'src/widgets/widget.ts', message: 'src/widgets is not a known layer: add it to layerRules in scripts/check-layers.ts' }]);
  });
});
