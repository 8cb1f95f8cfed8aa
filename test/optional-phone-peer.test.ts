import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

beforeAll(() => {
  // CI builds before testing; a fresh local checkout may not have.
  if (!existsSync(path.join(root, 'dist/index.js')) || !existsSync(path.join(root, 'dist/index.cjs'))) {
    execFileSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' });
  }
}, 120_000);

// libphonenumber-js is an optional peer (13 MB installed): importing crmkit must not load it,
// the first phone lookup does, from either module format.
describe('libphonenumber-js, an optional peer', () => {
  it.each([
    ['CommonJS', "const crmkit = require('./dist/index.cjs');"],
    ['ESM', "const crmkit = await import('./dist/index.js');"],
  ])('is loaded on the first phone lookup, not at import (%s)', (_format, load) => {
    const script = `${load}
      // Both builds load the peer through require, so the CommonJS cache shows it either way.
      const loaded = () => Object.keys(require.cache).some((file) => file.includes('libphonenumber-js'));
      const before = loaded();
      const found = crmkit.detectPii('call +1 415 555 2671').map((match) => match.type);
      console.log(JSON.stringify({ before, after: loaded(), found, matcher: crmkit.phoneMatcher() }));`;
    const output = execFileSync(process.execPath, ['--input-type=commonjs', '-e', `(async () => { ${script} })()`], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ before: false, after: true, found: ['phone'], matcher: 'libphonenumber-js' });
  });
});
