/**
 * Type-checks every ```ts code block of README.md and docs/*.md against the library's sources, so
 * the docs cannot drift from the API, and every inline `assistant.method({ field, … })` call of the
 * prose and tables (docs/migration.md maps each seed endpoint to one) against `CrmAssistant`.
 *
 *   npx tsx scripts/check-docs.ts            # check all
 *   npx tsx scripts/check-docs.ts docs/x.md  # check some files
 *
 * Each block is compiled as its own module (top-level await allowed), with `crmkit` and every
 * `crmkit/<subpath>` of package.json's `exports` resolved to `src/`. A block must therefore be
 * complete: it imports what it uses and declares what it needs. A fragment that cannot be
 * complete (a method signature, half an object) opts out with ```ts no-check; use that sparingly.
 * ```sh, ```json and other languages are not checked.
 *
 * Exit code 0 when every block compiles, 1 otherwise, with each error reported at its Markdown
 * file and line.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { entryPoints } from './entry-points.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workDirectory = path.join(root, '.tmp', 'check-docs');

interface CodeBlock {
  readonly markdownFile: string;
  /** 1-based line of the block's first code line in the Markdown file. */
  readonly firstLine: number;
  readonly code: string;
  readonly checked: boolean;
}

const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)([^\n]*)$/;

/** Every fenced block in TypeScript (`ts`, `typescript`, `tsx`) of one Markdown file. */
export function extractBlocks(markdownFile: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = fence.exec(lines[index]!);
    if (!open) continue;
    const [, indent, marker, language, info] = open;
    const body: string[] = [];
    let end = index + 1;
    for (; end < lines.length; end++) {
      const line = lines[end]!;
      if (line.trim().startsWith(marker!) && line.trim().replace(/[`~]/g, '') === '') break;
      body.push(line.startsWith(indent!) ? line.slice(indent!.length) : line);
    }
    if (['ts', 'typescript', 'tsx'].includes(language!.toLowerCase())) {
      blocks.push({ markdownFile, firstLine: index + 2, code: body.join('\n'), checked: !/\bno-check\b/.test(info!) });
    }
    index = end;
  }
  return blocks;
}

const inlineCall = /`(assistant(?:\.\w+)+)\(\{([^`{}]*)\}\)`/g;

/**
 * The inline assistant calls of a page's prose and tables (`` `assistant.history({ tenantId, sessionId, before })` ``),
 * each as a one-line block: the call against `CrmAssistant` with every shorthand field declared
 * `any`, so a field the method does not take (a `cursor` the API never had) or a method that does
 * not exist fails like any other docs block. Calls with anything but shorthand fields (values,
 * spreads) are left to the fenced blocks.
 */
export function extractInlineCalls(markdownFile: string, text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let inFence = false;
  text.split('\n').forEach((line, index) => {
    if (fence.test(line)) inFence = !inFence;
    if (inFence) return;
    for (const [, callee, rawFields] of line.matchAll(inlineCall)) {
      const fields = rawFields!
        .split(',')
        .map((field) => field.trim())
        .filter((field) => field !== '' && field !== '…' && field !== '...');
      if (!fields.every((field) => /^[A-Za-z_$][\w$]*$/.test(field))) continue;
      const declarations = fields.length > 0 ? ` declare const ${fields.map((field) => `${field}: any`).join(', ')};` : '';
      blocks.push({
        markdownFile,
        firstLine: index + 1,
        code: `import type { CrmAssistant } from 'crmkit'; declare const assistant: CrmAssistant;${declarations} void ${callee}({ ${fields.join(', ')} });`,
        checked: true,
      });
    }
  });
  return blocks;
}

function markdownFiles(argv: readonly string[]): string[] {
  if (argv.length > 0) return argv.map((file) => path.resolve(file));
  const docs = path.join(root, 'docs');
  const pages = existsSync(docs)
    ? readdirSync(docs)
        .filter((name) => name.endsWith('.md'))
        .sort()
        .map((name) => path.join(docs, name))
    : [];
  return [path.join(root, 'README.md'), ...pages];
}

/** `crmkit` and each `crmkit/<subpath>` of package.json's exports, mapped to its source entry (scripts/entry-points.ts). */
function libraryPaths(): Record<string, string[]> {
  const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const paths: Record<string, string[]> = {};
  for (const subpath of Object.keys(packageJson.exports)) {
    if (subpath.endsWith('.json')) continue;
    const entry = entryPoints[subpath === '.' ? 'index' : subpath.slice(2)];
    if (entry === undefined || !existsSync(path.join(root, entry))) throw new Error(`check-docs: package.json exports ${subpath} but scripts/entry-points.ts has no source file for it`);
    paths[subpath === '.' ? packageJson.name : `${packageJson.name}/${subpath.slice(2)}`] = [path.join(root, entry)];
  }
  // Docs show crmkit inside host frameworks (Express, Next.js); their types come from the
  // examples' installs, so run the examples' `npm ci` first.
  const directories = ['node_modules', ...exampleModuleDirectories()];
  paths['*'] = [...directories.map((directory) => `${directory}/@types/*`), ...directories.map((directory) => `${directory}/*`)];
  return paths;
}

function exampleModuleDirectories(): string[] {
  const examples = path.join(root, 'examples');
  if (!existsSync(examples)) return [];
  return readdirSync(examples)
    .map((name) => path.join('examples', name, 'node_modules'))
    .filter((directory) => existsSync(path.join(root, directory)));
}

function main(): number {
  const files = markdownFiles(process.argv.slice(2));
  const blocks = files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...extractBlocks(path.relative(root, file), text), ...extractInlineCalls(path.relative(root, file), text)];
  });
  const checked = blocks.filter((block) => block.checked);

  rmSync(workDirectory, { recursive: true, force: true });
  mkdirSync(workDirectory, { recursive: true });
  const sources = new Map<string, CodeBlock>();
  checked.forEach((block, index) => {
    const name = `${block.markdownFile.replace(/[^A-Za-z0-9]+/g, '_')}_${block.firstLine}_${index}.ts`;
    const file = path.join(workDirectory, name);
    // `export {}` makes every block a module, so blocks never see each other's names.
    writeFileSync(file, `${block.code}\nexport {};\n`);
    sources.set(file, block);
  });

  const program = ts.createProgram([...sources.keys()], {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules', '@types')],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    isolatedModules: true,
    allowImportingTsExtensions: false,
    resolveJsonModule: true,
    esModuleInterop: true,
    jsx: ts.JsxEmit.ReactJSX,
    baseUrl: root,
    paths: libraryPaths(),
  });

  const diagnostics = ts.getPreEmitDiagnostics(program).filter((diagnostic) => diagnostic.file === undefined || sources.has(path.resolve(diagnostic.file.fileName)));
  for (const diagnostic of diagnostics) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const block = diagnostic.file ? sources.get(path.resolve(diagnostic.file.fileName)) : undefined;
    if (!block || diagnostic.start === undefined) {
      console.error(`error TS${diagnostic.code}: ${message}`);
      continue;
    }
    const { line, character } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
    console.error(`${block.markdownFile}:${block.firstLine + line}:${character + 1} error TS${diagnostic.code}: ${message}`);
  }

  const skipped = blocks.length - checked.length;
  const summary = `check-docs: ${checked.length} TypeScript block(s) in ${files.length} file(s) checked, ${skipped} marked no-check`;
  if (diagnostics.length > 0) {
    console.error(`\n${summary}; ${diagnostics.length} error(s)`);
    return 1;
  }
  console.log(summary);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
