// Importing crmkit loads no vendor SDK, database driver or tokenizer, from ESM or CommonJS; a
// provider subpath loads its SDK only when called; libphonenumber-js (an optional peer, 13 MB
// installed) loads on the first phone lookup, not at import. Checks the built dist/ (run
// `npm run build` first); scripts/check-package.sh runs it, so CI does, after its build step.
// These were vitest files (test/root-entry.test.ts, test/optional-phone-peer.test.ts) that built
// the library when dist/ was missing, which made `npm test` about 90 s slower on a fresh checkout,
// and tested a stale dist/ on an old one.
//
//   npm run build && node scripts/check-lazy-imports.mjs
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const heavy = ['openai', '@anthropic-ai/sdk', '@huggingface/inference', 'pg', 'ioredis', 'bottleneck', 'tiktoken', 'gpt-tokenizer', 'minisearch', '@opentelemetry/api', 'obscenity'];
const heavyPattern = new RegExp(`node_modules/(${heavy.map((name) => name.replace('/', '\\/')).join('|')})/`);

for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/providers/openai.cjs', 'dist/fallback.js', 'dist/fallback.cjs']) {
  if (!existsSync(path.join(root, file))) fail(`${file} is missing: run \`npm run build\` first`);
}

function run(args) {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

function fail(message) {
  console.error(`check-lazy-imports: ${message}`);
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

// libphonenumber-js: not loaded by importing crmkit or crmkit/fallback, loaded by the first
// phone lookup, from either module format (both builds load the peer through require, so the
// CommonJS cache shows it either way).
for (const [format, load] of [
  ['CommonJS', "const crmkit = require('./dist/index.cjs'); const fallback = require('./dist/fallback.cjs');"],
  ['ESM', "const crmkit = await import('./dist/index.js'); const fallback = await import('./dist/fallback.js');"],
]) {
  const script = `${load}
    const loaded = () => Object.keys(require.cache).some((file) => file.includes('libphonenumber-js'));
    const before = loaded();
    const found = fallback.detectPii('call +1 415 555 2671').map((match) => match.type);
    console.log(JSON.stringify({ root: typeof crmkit.createCrmAssistant, before, after: loaded(), found, matcher: fallback.phoneMatcher() }));`;
  const output = run(['--input-type=commonjs', '-e', `(async () => { ${script} })()`]);
  const actual = JSON.parse(output);
  const expected = { root: 'function', before: false, after: true, found: ['phone'], matcher: 'libphonenumber-js' };
  if (JSON.stringify(actual) !== JSON.stringify(expected)) fail(`libphonenumber-js (${format}): expected ${JSON.stringify(expected)}, got ${output.trim()}`);
}

console.log(
  'check-lazy-imports: crmkit loads no vendor SDK, driver or tokenizer from ESM or CommonJS; crmkit/providers/openai loads its SDK only when called; libphonenumber-js loads on the first phone lookup',
);
