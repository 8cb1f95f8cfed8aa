/**
 * The API report: every name each public entry point exports, with its kind, checked in as
 * api/crmkit.api.md so that a change to the public surface shows up in review as a diff of that
 * file. test/api-report.test.ts fails when the source and the report disagree.
 *
 *   npm run api:update          # rewrite api/crmkit.api.md from src/
 *   npx tsx scripts/api-report.ts --check
 *
 * The entry points are those of scripts/entry-points.ts (the build's list), read with the
 * TypeScript compiler API from the sources: no build needed.
 * A name is a value (class, function, const, enum) unless it is only a type (interface, type
 * alias) or is exported with `export type`.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { entryPoints, specifierOf } from './entry-points.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the report lives, relative to the repository root. */
export const reportFile = 'api/crmkit.api.md';

/** One exported name and what it is. */
export interface ApiEntry {
  readonly name: string;
  readonly kind: 'class' | 'function' | 'const' | 'enum' | 'interface' | 'type' | 'namespace';
  readonly value: boolean;
}

/** One public entry point: its package specifier, source file and exports sorted by name. */
export interface ApiEntryPoint {
  readonly specifier: string;
  readonly source: string;
  readonly exports: readonly ApiEntry[];
}

/** The public entry points (scripts/entry-points.ts) with their package specifiers. */
export function publicEntryPoints(): { specifier: string; source: string }[] {
  return Object.entries(entryPoints).map(([key, source]) => ({ specifier: specifierOf(key), source }));
}

function kindOf(symbol: ts.Symbol): ApiEntry['kind'] {
  const flags = symbol.flags;
  if (flags & ts.SymbolFlags.Class) return 'class';
  if (flags & ts.SymbolFlags.Function) return 'function';
  if (flags & ts.SymbolFlags.Enum) return 'enum';
  if (flags & ts.SymbolFlags.Variable) return 'const';
  if (flags & ts.SymbolFlags.Interface) return 'interface';
  if (flags & ts.SymbolFlags.TypeAlias) return 'type';
  return 'namespace';
}

/** True when some alias on the way from the entry point to the declaration is `export type`. */
function exportedAsTypeOnly(checker: ts.TypeChecker, exported: ts.Symbol): boolean {
  let current: ts.Symbol | undefined = exported;
  for (let hops = 0; current && current.flags & ts.SymbolFlags.Alias && hops < 20; hops++) {
    for (const declaration of current.declarations ?? []) {
      if (ts.isExportSpecifier(declaration) && (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly)) return true;
      if (ts.isImportSpecifier(declaration) && (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly)) return true;
    }
    current = checker.getImmediateAliasedSymbol(current);
  }
  return false;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.test-d.ts'))
    .map((file) => path.join(directory, file));
}

/** Reads every entry point's exports from src/ with the TypeScript compiler API. */
export function collectApi(entries: readonly { specifier: string; source: string }[] = publicEntryPoints()): ApiEntryPoint[] {
  for (const entry of entries) {
    if (!existsSync(path.join(root, entry.source))) throw new Error(`api-report: ${entry.specifier} has no source file ${entry.source}`);
  }
  // Every non-test file of src/ is a root and nothing else is loaded (noResolve): crmkit's own
  // files are all it takes to know what it exports, and skipping the SDK and driver typings
  // keeps this fast enough for a unit test.
  const program = ts.createProgram(
    sourceFiles(path.join(root, 'src')),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      noResolve: true,
      types: [],
      noLib: true,
      skipLibCheck: true,
      noEmit: true,
    },
  );
  const checker = program.getTypeChecker();
  return entries.map((entry) => {
    const source = program.getSourceFile(path.join(root, entry.source));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`api-report: cannot read the exports of ${entry.source}`);
    const exports = checker.getExportsOfModule(moduleSymbol).map((exported): ApiEntry => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const kind = kindOf(symbol);
      const value = (symbol.flags & ts.SymbolFlags.Value) !== 0 && !exportedAsTypeOnly(checker, exported);
      return { name: exported.name, kind, value };
    });
    exports.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { ...entry, exports };
  });
}

/** The report's text: one section per entry point, one line per name. */
export function renderReport(api: readonly ApiEntryPoint[]): string {
  const lines = [
    '# crmkit API report',
    '',
    'Every name each public entry point exports, with its kind. Generated from src/ by',
    '`npm run api:update`; test/api-report.test.ts fails when the source and this file disagree.',
    'A change here is a change to the public, semver-bound surface: review it as one.',
    '',
  ];
  for (const entry of api) {
    const values = entry.exports.filter((name) => name.value).length;
    lines.push(`## \`${entry.specifier}\``, '', `Source: ${entry.source}. ${entry.exports.length} names: ${values} values, ${entry.exports.length - values} types.`, '', '```text');
    for (const name of entry.exports) lines.push(`${(name.value ? name.kind : name.kind === 'class' ? 'type (class)' : name.kind).padEnd(13)}${name.name}`);
    lines.push('```', '');
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = renderReport(collectApi());
  const file = path.join(root, reportFile);
  if (process.argv.includes('--check')) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current !== text) {
      console.error(`api-report: ${reportFile} is out of date: run \`npm run api:update\` and review the diff`);
      process.exit(1);
    }
    console.log(`api-report: ${reportFile} matches src/`);
  } else {
    writeFileSync(file, text);
    console.log(`api-report: wrote ${reportFile}`);
  }
}
