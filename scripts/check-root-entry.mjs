// Importing crmkit loads no vendor SDK, database driver or tokenizer, from ESM or CommonJS, and a
// provider subpath loads its SDK only when called. Checks the built dist/ (run `npm run build`
// first); scripts/check-package.sh runs it, so CI does, after its build step. It used to be a
// vitest file that built the library when dist/ was missing, which made `npm test` 90 s slower on
// a fresh checkout and tested a stale dist/ on an old one.
//
//   npm run build && node scripts/check-root-entry.mjs
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const heavy = ['openai', '@anthropic-ai/sdk', '@huggingface/inference', 'pg', 'ioredis', 'bottleneck', 'tiktoken', 'gpt-tokenizer', 'minisearch', '@opentelemetry/api'];
const heavyPattern = new RegExp(`node_modules/(${heavy.map((name) => name.replace('/', '\\/')).join('|')})/`);

for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/providers/openai.cjs']) {
  if (!existsSync(path.join(root, file))) fail(`${file} is missing: run \`npm run build\` first`);
}

function run(args) {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

function fail(message) {
  console.error(`check-root-entry: ${message}`);
  process.exit(1);
}

function expectNoHeavy(label, loaded) {
  const offenders = loaded.filter((url) => heavyPattern.test(url.replaceAll('\\', '/')));
  if (offenders.length > 0) fail(`${label} loaded ${offenders.join(', ')}`);
}

{
  const output = run([
    '--import',
    './test/support/record-imports.mjs',
    '--input-type=module',
    '-e',
    "const crmkit = await import('./dist/index.js'); await new Promise((r) => setTimeout(r, 50)); console.log(JSON.stringify({ exports: Object.keys(crmkit).length, loaded: [...globalThis.__crmkitLoaded] }));",
  ]);
  const { exports, loaded } = JSON.parse(output);
  if (exports < 50) fail(`import('crmkit') has only ${exports} exports`);
  if (!loaded.some((url) => url.includes('/dist/index.js'))) fail('the import recorder saw no dist/index.js: the check measured nothing');
  expectNoHeavy("import('crmkit')", loaded);
}

{
  const output = run(['-e', "const crmkit = require('./dist/index.cjs'); console.log(JSON.stringify({ exports: Object.keys(crmkit).length, loaded: Object.keys(require.cache) }));"]);
  const { exports, loaded } = JSON.parse(output);
  if (exports < 50) fail(`require('crmkit') has only ${exports} exports`);
  expectNoHeavy("require('crmkit')", loaded);
}

{
  const output = run(['-e', "require('./dist/providers/openai.cjs'); console.log(JSON.stringify(Object.keys(require.cache)));"]);
  expectNoHeavy("require('crmkit/providers/openai') before any call", JSON.parse(output));
}

console.log('check-root-entry: crmkit loads no vendor SDK, driver or tokenizer from ESM or CommonJS; crmkit/providers/openai loads its SDK only when called');
