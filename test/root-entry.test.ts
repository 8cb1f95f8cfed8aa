import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// obscenity is a dependency, loaded by the first createContentFilter call rather than at import (issue 16).
const heavy = ['openai', '@anthropic-ai/sdk', '@huggingface/inference', 'pg', 'ioredis', 'bottleneck', 'tiktoken', 'gpt-tokenizer', 'minisearch', '@opentelemetry/api', 'obscenity'];
const heavyPattern = new RegExp(`node_modules/(${heavy.map((name) => name.replace('/', '\\/')).join('|')})/`);

beforeAll(() => {
  // CI builds before testing; a fresh local checkout may not have.
  if (!existsSync(path.join(root, 'dist/index.js')) || !existsSync(path.join(root, 'dist/index.cjs'))) {
    execFileSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' });
  }
}, 120_000);

function run(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

describe('importing crmkit', () => {
  it('loads no vendor SDK, database driver or tokenizer from ESM', () => {
    const output = run([
      '--import',
      './test/support/record-imports.mjs',
      '--input-type=module',
      '-e',
      "const crmkit = await import('./dist/index.js'); await new Promise((r) => setTimeout(r, 50)); console.log(JSON.stringify({ exports: Object.keys(crmkit).length, loaded: [...globalThis.__crmkitLoaded] }));",
    ]);
    const { exports, loaded } = JSON.parse(output) as { exports: number; loaded: string[] };
    expect(exports).toBeGreaterThan(50);
    expect(loaded.some((url) => url.includes('/dist/index.js'))).toBe(true);
    expect(loaded.filter((url) => heavyPattern.test(url))).toEqual([]);
  });

  it('loads none of them from CommonJS either', () => {
    const output = run(['-e', "const crmkit = require('./dist/index.cjs'); console.log(JSON.stringify({ exports: Object.keys(crmkit).length, loaded: Object.keys(require.cache) }));"]);
    const { exports, loaded } = JSON.parse(output) as { exports: number; loaded: string[] };
    expect(exports).toBeGreaterThan(50);
    expect(loaded.filter((file) => heavyPattern.test(file.replaceAll('\\', '/')))).toEqual([]);
  });

  it('loads the vendor SDK only from its own subpath, and only when called', () => {
    const output = run(['-e', "require('./dist/providers/openai.cjs'); console.log(JSON.stringify(Object.keys(require.cache)));"]);
    const loaded = JSON.parse(output) as string[];
    expect(loaded.filter((file) => heavyPattern.test(file))).toEqual([]);
  });
});
