/**
 * The layer rule of src/, enforced by `npm run lint` (see ARCHITECTURE.md for the why).
 *
 * Every folder directly under src/ is a layer, and a production file may import only its own
 * layer and the layers listed for it below. On top of that:
 * - no import cycle between production files, type-only imports included (`import type`,
 *   `export type … from`, `import('…')` types all count: a type cycle still couples the files);
 * - no production file imports a test file (`*.test.ts`), a test fixture (`__fixtures__/`) or
 *   anything outside src/ (test/support, scripts, bench…).
 * Test files may import across layers (an integration test wires several), but never outside
 * what exists. Run: `tsx scripts/check-layers.ts [root]`; exit code 1 and one line per violation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Which layers each layer may import besides itself. Lower layers first. */
export const layerRules: Readonly<Record<string, readonly string[]>> = {
  core: [],
  providers: ['core'],
  prompts: ['core'],
  scoring: ['core'],
  fallback: ['core'],
  adapters: ['core'],
  assistant: ['core', 'providers', 'prompts', 'scoring', 'fallback', 'adapters'],
  'ai-sdk': ['core', 'providers'],
  testing: ['core', 'providers', 'prompts', 'scoring', 'fallback', 'adapters', 'assistant'],
  // src/entries/*.ts: the subpath entries (crmkit/provider-utils, /adapters, /prompts, /scoring,
  // /fallback) re-export the building blocks of the layers below; nothing imports them.
  entries: ['core', 'providers', 'prompts', 'scoring', 'fallback', 'adapters'],
  // src/index.ts, the root entry: re-exports the layers an application uses.
  '<root>': ['core', 'providers', 'prompts', 'scoring', 'fallback', 'adapters', 'assistant'],
};

/** One broken rule, as `file: message`. */
export interface LayerViolation {
  readonly file: string;
  readonly message: string;
}

const isTestFile = (file: string): boolean => /\.test(-d)?\.ts$/.test(file) || file.split('/').includes('__fixtures__');

function listTypeScriptFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTypeScriptFiles(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** The relative specifiers a file imports or re-exports, type-only and dynamic ones included. */
function relativeImports(source: string): string[] {
  const info = ts.preProcessFile(source, true, true);
  const specifiers = info.importedFiles.map((ref) => ref.fileName);
  // `typeof import('./x.js')` in a type position: preProcessFile only reports it in some versions.
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(match[1]!);
  return [...new Set(specifiers)].filter((specifier) => specifier.startsWith('.'));
}

function resolveImport(fromFile: string, specifier: string): string {
  const target = path.resolve(path.dirname(fromFile), specifier);
  return target.replace(/\.(m?)js$/, '.$1ts');
}

const layerOf = (srcDir: string, file: string): string => {
  const rel = path.relative(srcDir, file).split(path.sep);
  return rel.length === 1 ? '<root>' : rel[0]!;
};

/** Checks the tree under `rootDir/src`; returns every violation (empty when the layers hold). */
export function checkLayers(rootDir: string): LayerViolation[] {
  const srcDir = path.join(rootDir, 'src');
  const files = listTypeScriptFiles(srcDir);
  const violations: LayerViolation[] = [];
  const graph = new Map<string, string[]>();
  const show = (file: string) => path.relative(rootDir, file).split(path.sep).join('/');

  for (const file of files) {
    const test = isTestFile(show(file));
    const from = layerOf(srcDir, file);
    const edges: string[] = [];
    for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
      const target = resolveImport(file, specifier);
      if (test) continue;
      if (!target.startsWith(srcDir + path.sep)) {
        violations.push({ file: show(file), message: `production file imports ${show(target)}, outside src/` });
        continue;
      }
      if (isTestFile(show(target))) {
        violations.push({ file: show(file), message: `production file imports the test file ${show(target)}` });
        continue;
      }
      const to = layerOf(srcDir, target);
      const allowed = layerRules[from];
      if (allowed === undefined) violations.push({ file: show(file), message: `src/${from} is not a known layer: add it to layerRules in scripts/check-layers.ts` });
      else if (to !== from && !allowed.includes(to)) {
        violations.push({ file: show(file), message: `${from} may not import ${to} (${show(target)}); ${from} may import ${allowed.length ? allowed.join(', ') : 'only itself'}` });
      }
      edges.push(target);
    }
    if (!test) graph.set(file, edges);
  }

  for (const component of findCycles(graph)) {
    const cycle = cyclePath(graph, component);
    violations.push({ file: show(cycle[0]!), message: `import cycle: ${[...cycle, cycle[0]!].map(show).join(' -> ')}` });
  }
  return violations;
}

/** One concrete loop through a strongly connected component, starting at its first file (breadth-first, so the shortest). */
function cyclePath(graph: ReadonlyMap<string, readonly string[]>, component: readonly string[]): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return path;
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [...component];
}

/** Tarjan's strongly connected components; each component of two files or more is a cycle. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.reverse());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = checkLayers(root);
  for (const violation of violations) console.error(`${violation.file}: ${violation.message}`);
  if (violations.length > 0) {
    console.error(`check-layers: ${violations.length} violation(s) of the layer rule (scripts/check-layers.ts).`);
    process.exitCode = 1;
  } else console.log('check-layers: layers hold (no sideways or upward import, no cycle, no production file importing tests).');
}
