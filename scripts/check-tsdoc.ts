/**
 * Every exported symbol of every public entry point has TSDoc with an `@example` (house style:
 * "TSDoc on every public symbol with one runnable example"). typedoc checks links and
 * reachability; this checks presence, which typedoc cannot.
 *
 *   npx tsx scripts/check-tsdoc.ts
 *
 * Exit code 0 when every export is documented, 1 with the list of offenders otherwise.
 * Interface members and re-exported types inherit nothing: the declaration itself must carry
 * the comment. Symbols marked `@internal` are exempt (they are stripped from the docs).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entryPoints = [
  'src/index.ts',
  'src/providers/openai/index.ts',
  'src/providers/anthropic/index.ts',
  'src/providers/huggingface/index.ts',
  'src/testing/index.ts',
  'src/adapters/postgres/index.ts',
  'src/adapters/redis/index.ts',
  'src/adapters/sheets/index.ts',
].map((file) => path.join(root, file));

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
if (unique.size > 0) {
  console.error(`check-tsdoc: ${unique.size} exported symbol(s) without TSDoc or without an @example:`);
  for (const problem of unique.values()) console.error(`  ${problem.where}  ${problem.name}  (missing ${problem.missing}; exported from ${problem.entry})`);
  process.exit(1);
}
console.log(`check-tsdoc: ${checked} exports across ${entryPoints.length} entry points, each with TSDoc and an @example`);
