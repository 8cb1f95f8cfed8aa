/**
 * `npm run bench -- startup`: what a process pays before its first answer, each sample in a fresh
 * Node process (median of 7), beside the peers in the same run.
 *
 * 1. Cold import of the root entry (`crmkit`, the built dist/index.js) beside `openai`, `ai` and
 *    `@langchain/openai`. Target: ≤ 150 ms for crmkit.
 * 2. The tokenizer's first use: `await createTokenCounter({ engine })` and one count, timed after
 *    crmkit itself is imported (loading the tokenizer package and building its encoder), for both
 *    engines. Wall and CPU time (CPU is steadier on a shared machine).
 *
 * Needs the build (dist/): it is built first when missing or older than src/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { conditions, median, printTable, versionOf } from './lib/measure.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samples = 7;

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** The built root entry (dist/index.js) as a file URL, building it first when missing or older than src/. */
export function ensureBuilt(): string {
  const entry = path.join(root, 'dist', 'index.js');
  if (!existsSync(entry) || statSync(entry).mtimeMs < newestSource(path.join(root, 'src'))) {
    console.log('dist/ is missing or older than src/: npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  }
  return pathToFileURL(entry).href;
}

/** Runs `body` (an ES module snippet that prints "wallMs cpuMs") in fresh processes; medians. */
function fresh(body: string): { wallMs: number; cpuMs: number } | undefined {
  const runs: number[][] = [];
  for (let index = 0; index < samples; index++) {
    try {
      runs.push(execFileSync(process.execPath, ['--input-type=module', '-e', body], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split(' ').map(Number));
    } catch {
      return undefined;
    }
  }
  return { wallMs: median(runs.map((run) => run[0]!)), cpuMs: median(runs.map((run) => run[1]!)) };
}

const timed = (code: string): string =>
  `const c = process.cpuUsage(); const t = performance.now(); ${code} const u = process.cpuUsage(c); console.log(performance.now() - t, (u.user + u.system) / 1000);`;

export async function run(): Promise<void> {
  const crmkit = ensureBuilt();
  console.log(`Conditions: ${conditions()}. Each figure: median of ${samples} fresh processes.\n`);

  const imports: [string, string][] = [
    [`crmkit (root entry, this build)`, crmkit],
    [`openai ${versionOf('openai')}`, 'openai'],
    [`ai ${versionOf('ai')}`, 'ai'],
    [`@langchain/openai ${versionOf('@langchain/openai')}`, '@langchain/openai'],
  ];
  console.log('Cold import (target for crmkit: ≤ 150 ms):\n');
  printTable(
    imports.map(([name, specifier]) => {
      const result = fresh(timed(`await import(${JSON.stringify(specifier)});`));
      return { module: name, 'wall (ms)': result ? result.wallMs.toFixed(0) : `fails on ${process.version}`, 'CPU (ms)': result ? result.cpuMs.toFixed(0) : '' };
    }),
  );

  console.log("Tokenizer first use: `await createTokenCounter({ engine })` + one count, after crmkit is imported (target: ≤ 250 ms):\n");
  printTable(
    (['gpt-tokenizer', 'tiktoken'] as const).map((engine) => {
      const result = fresh(
        `const { createTokenCounter } = await import(${JSON.stringify(crmkit)}); ${timed(`const counter = await createTokenCounter({ engine: '${engine}' }); counter.countText('Where is my order #54321?', 'gpt-4o-mini');`)}`,
      );
      return { engine: `${engine} ${versionOf(engine)}`, 'wall (ms)': result ? result.wallMs.toFixed(0) : 'failed', 'CPU (ms)': result ? result.cpuMs.toFixed(0) : '' };
    }),
  );
}
