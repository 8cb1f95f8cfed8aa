/**
 * Every exported symbol of every public entry point has TSDoc with an `@example` (house style:
 * "TSDoc on every public symbol with one runnable example"), and every example compiles against
 * the built types (`dist/*.d.ts`, what users' editors show). typedoc checks links and
 * reachability; this checks presence and correctness, which typedoc cannot.
 *
 *   npm run build && npx tsx scripts/check-tsdoc.ts
 *
 * Exit code 0 when every export is documented and every example compiles, 1 with the list of
 * offenders otherwise. Interface members and re-exported types inherit nothing: the declaration
 * itself must carry the comment. Symbols marked `@internal` are exempt (they are stripped from
 * the docs).
 *
 * How examples are compiled: each ```ts block of an `@example` is its own module (top-level await
 * allowed, strict), with `crmkit` and every `crmkit/<subpath>` resolved to `dist/`. The names of
 * the entry point the symbol is exported from, and `z` from zod, are in scope without an import
 * (hover examples are fragments); an example's own imports and declarations win. A name the
 * example neither imports nor declares (`members`, `history`: the reader's data) is tolerated —
 * TS2304 / TS2552 "Cannot find name" only — and every other error fails the check.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { entryPoints as publicEntryPoints, specifierOf } from './entry-points.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = Object.entries(publicEntryPoints).map(([key, file]) => ({ file: path.join(root, file), specifier: specifierOf(key) }));
const entryPoints = entries.map((entry) => entry.file);

const program = ts.createProgram(entryPoints, {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
});
const checker = program.getTypeChecker();

interface Problem {
  readonly entry: string;
  readonly name: string;
  readonly where: string;
  readonly missing: 'comment' | '@example';
}

const problems: Problem[] = [];
let checked = 0;

for (const entry of entryPoints) {
  const source = program.getSourceFile(entry);
  if (!source) throw new Error(`cannot read ${entry}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) continue;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = symbol.getDeclarations() ?? [];
    if (declarations.length === 0) continue;
    checked += 1;
    const tags = symbol.getJsDocTags(checker);
    if (tags.some((tag) => tag.name === 'internal')) continue;
    const documentation = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const declaration = declarations[0] as ts.Declaration;
    const file = declaration.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(declaration.getStart());
    const where = `${path.relative(root, file.fileName)}:${line + 1}`;
    const relativeEntry = path.relative(root, entry);
    if (documentation.length === 0) problems.push({ entry: relativeEntry, name: exported.name, where, missing: 'comment' });
    else if (!tags.some((tag) => tag.name === 'example')) problems.push({ entry: relativeEntry, name: exported.name, where, missing: '@example' });
  }
}

const unique = new Map(problems.map((problem) => [`${problem.name}@${problem.where}`, problem]));
const exampleErrors = checkExamples();
if (unique.size > 0) {
  console.error(`check-tsdoc: ${unique.size} exported symbol(s) without TSDoc or without an @example:`);
  for (const problem of unique.values()) console.error(`  ${problem.where}  ${problem.name}  (missing ${problem.missing}; exported from ${problem.entry})`);
}
if (exampleErrors.errors.length > 0) {
  console.error(`check-tsdoc: ${exampleErrors.errors.length} error(s) in @example code:`);
  for (const error of exampleErrors.errors) console.error(`  ${error}`);
}
if (unique.size > 0 || exampleErrors.errors.length > 0) process.exit(1);
console.log(`check-tsdoc: ${checked} exports across ${entryPoints.length} entry points, each with TSDoc and an @example; ${exampleErrors.examples} example(s) compile against dist/`);

interface Example {
  /** Where the example's comment is, `src/…:line`, for the report. */
  readonly where: string;
  readonly symbol: string;
  /** The package specifier of the entry point that exports the symbol (`crmkit/testing`). */
  readonly specifier: string;
  readonly code: string;
}

/** Compiles every @example of every export against dist/; returns the errors that are not "Cannot find name". */
function checkExamples(): { readonly examples: number; readonly errors: string[] } {
  const dist = path.join(root, 'dist');
  if (!existsSync(path.join(dist, 'index.d.ts'))) {
    return { examples: 0, errors: ['dist/index.d.ts is missing: run `npm run build` first (the examples compile against the built types)'] };
  }
  const examples: Example[] = [];
  const seen = new Set<string>();
  const exportNames = new Map<string, Set<string>>();
  for (const entry of entryPoints) {
    const specifier = entries.find((candidate) => candidate.file === entry)!.specifier;
    const source = program.getSourceFile(entry);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) continue;
    const names = new Set<string>();
    exportNames.set(specifier, names);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      names.add(exported.name);
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.getDeclarations()?.[0];
      if (!declaration) continue;
      for (const tag of symbol.getJsDocTags(checker)) {
        if (tag.name !== 'example') continue;
        const text = ts.displayPartsToString(tag.text);
        const file = declaration.getSourceFile();
        const where = `${path.relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(declaration.getStart()).line + 1}`;
        for (const code of fencedTypeScript(text)) {
          const key = `${where}\0${code}`;
          if (seen.has(key)) continue;
          seen.add(key);
          examples.push({ where, symbol: exported.name, specifier, code });
        }
      }
    }
  }

  const workDirectory = path.join(root, '.tmp', 'check-tsdoc');
  rmSync(workDirectory, { recursive: true, force: true });
  mkdirSync(workDirectory, { recursive: true });
  const files = new Map<string, { readonly example: Example; readonly preludeLines: number }>();
  examples.forEach((example, index) => {
    const prelude = preludeFor(example, exportNames);
    const file = path.join(workDirectory, `example_${index}.ts`);
    writeFileSync(file, `${prelude.join('\n')}\n${example.code}\nexport {};\n`);
    files.set(file, { example, preludeLines: prelude.length });
  });

  const paths: Record<string, string[]> = { crmkit: [path.join(dist, 'index.d.ts')] };
  for (const specifier of exportNames.keys()) {
    if (specifier !== 'crmkit') paths[specifier] = [path.join(dist, `${specifier.slice('crmkit/'.length)}.d.ts`)];
  }
  paths['*'] = [path.join(root, 'node_modules', '@types', '*'), path.join(root, 'node_modules', '*')];
  const exampleProgram = ts.createProgram([...files.keys()], {
    target: ts.ScriptTarget.ES2022,
    // No DOM lib: a fragment's `history` or `name` must not resolve to the browser's globals.
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules', '@types')],
    strict: true,
    // A callback over a name the reader supplies has nothing to infer from: not the example's fault.
    noImplicitAny: false,
    skipLibCheck: true,
    noEmit: true,
    baseUrl: root,
    paths,
  });
  // Names the reader supplies (their data, their logger) are not errors; everything else is.
  // 2304/2552: cannot find name; 2582/2593: test-runner globals (describe, it); 18004: shorthand
  // property of a missing name.
  const tolerated = new Set([2304, 2552, 2582, 2593, 18004]);
  const errors: string[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(exampleProgram)) {
    if (tolerated.has(diagnostic.code)) continue;
    const origin = diagnostic.file ? files.get(path.resolve(diagnostic.file.fileName)) : undefined;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n    ');
    if (!origin || !diagnostic.file || diagnostic.start === undefined) {
      errors.push(`TS${diagnostic.code}: ${message}`);
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const exampleLine = line - origin.preludeLines + 1;
    const text = origin.example.code.split('\n')[exampleLine - 1]?.trim() ?? '';
    errors.push(`${origin.example.where}  ${origin.example.symbol}  @example line ${exampleLine}: TS${diagnostic.code} ${message}\n      ${text}`);
  }
  return { examples: examples.length, errors };
}

/** The ```ts blocks of an @example text, or the whole text when it has no fence. */
function fencedTypeScript(text: string): string[] {
  // Fences only at the start of a line: an example may hold ``` inside a string.
  const blocks = [...text.matchAll(/^```(\w*)[^\n]*\n([\s\S]*?)^```/gm)];
  if (blocks.length === 0) return text.trim() ? [text] : [];
  return blocks.filter((block) => ['', 'ts', 'typescript'].includes(block[1]!.toLowerCase())).map((block) => block[2]!);
}

/**
 * Imports that put the symbol's entry point (and zod's `z`) in scope, minus every name the
 * example imports or declares itself at top level.
 */
function preludeFor(example: Example, exportNames: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const source = ts.createSourceFile('example.ts', example.code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const own = new Set<string>();
  const collect = (name: ts.BindingName | ts.Identifier | undefined): void => {
    if (!name) return;
    if (ts.isIdentifier(name)) own.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) own.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) own.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) own.add(element.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) collect(declaration.name);
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
      own.add(statement.name.text);
    }
  }
  const lines: string[] = [];
  const available = [...(exportNames.get(example.specifier) ?? [])].filter((name) => !own.has(name)).sort();
  if (available.length > 0) lines.push(`import { ${available.join(', ')} } from '${example.specifier}';`);
  if (!own.has('z')) lines.push(`import { z } from 'zod';`);
  return lines;
}
