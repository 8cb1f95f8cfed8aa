import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * `CRMKIT_PEERS=oldest` runs the suite against the oldest supported major of each vendor SDK,
 * driver and zod, installed side by side as npm aliases (package.json devDependencies):
 * every import of `openai` resolves to `openai-v5`, and so on. Unset (or `newest`), the suite
 * runs against the newest, which are the plain devDependencies. .ci/run runs both.
 */
const peers = process.env.CRMKIT_PEERS ?? 'newest';
if (peers !== 'newest' && peers !== 'oldest') throw new Error(`CRMKIT_PEERS must be "newest" or "oldest", got ${JSON.stringify(peers)}`);
const oldestPeers: Readonly<Record<string, string>> = {
  openai: 'openai-v5',
  ioredis: 'ioredis-v5',
  '@anthropic-ai/sdk': 'anthropic-sdk-v0',
  '@huggingface/inference': 'huggingface-inference-v4-0',
  'gpt-tokenizer': 'gpt-tokenizer-v3',
  'csv-parse': 'csv-parse-v5',
  // crmkit's own `zod/v4` imports land on zod 3.25's copy of zod 4, and the tests' `zod` on zod 3's
  // classic API: host schemas from zod 3, the library running on a zod 3 install.
  zod: 'zod-v3',
};
const alias =
  peers === 'oldest'
    ? Object.entries(oldestPeers).map(([name, aliasName]) => ({ find: new RegExp(`^${name.replace('/', '\\/')}(?=/|$)`), replacement: aliasName }))
    : [];

const soakTest = 'src/providers/resilience/soak.test.ts';

export default defineConfig({
  resolve: { alias },
  test: {
    // Any unhandled rejection or uncaught error fails the run (the equivalent of
    // --unhandled-rejections=strict for a test runner).
    dangerouslyIgnoreUnhandledErrors: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Test files run three at a time even on a 2-core machine (vitest's default there is one): most
    // of them wait on sockets, servers and timers rather than on the CPU (measured on 2 cores: 1
    // worker 215 s for four folders, 2 workers 155 s; the whole suite 84 s with 2, 69 s with 3). On
    // bigger machines, one worker per core but one, vitest's default.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    // The soak test (2,000 calls at concurrency 50, each with a 15 s "nothing hangs" guard) runs
    // last and alone, so that the other files' CPU does not count against its guard.
    projects: [
      { extends: true, test: { name: 'crmkit', include: ['src/**/*.test.ts', 'test/**/*.test.ts', `!${soakTest}`] } },
      { extends: true, test: { name: 'soak', include: [soakTest], maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
    env: { CRMKIT_PEERS: peers },
    // Under CI a JSON report is written too, so .ci/run can print the totals as its closing line.
    reporters: process.env.CI === 'true' ? ['default', ['json', { outputFile: process.env.CRMKIT_VITEST_REPORT ?? '.tmp/vitest-report.json' }]] : ['default'],
    // Types are checked by `npm run typecheck` (tsconfig.json covers src/, test/, bench/ and the
    // scripts); vitest's own typecheck pass spawned a second tsc for no test-d file (about 15 s).
  },
});
