/**
 * Shared by the benches that compare crmkit with its peers: the fake servers in a child process,
 * interleaved sequential latencies, paired throughput rounds with client CPU per call, and the
 * conditions every table is printed with.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The fake provider servers, running in a child process (see fake-server-child.ts). */
export interface ServerProcess {
  /** OpenAI-format base URL that answers every request. */
  readonly healthyURL: string;
  /** OpenAI-format base URL that answers every request with 503 `overloaded` at once. */
  readonly failingURL: string;
  /** Forgets the servers' recorded requests (their heap stays small). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeServerProcess(): Promise<ServerProcess> {
  const child: ChildProcess = fork(path.join(here, 'fake-server-child.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const urls = await new Promise<{ healthy: string; failing: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { healthy: string; failing: string }));
    child.once('exit', (code) => reject(new Error(`the fake server process exited with ${code}`)));
  });
  return {
    healthyURL: urls.healthy,
    failingURL: urls.failing,
    reset: () =>
      new Promise<void>((resolve) => {
        child.once('message', () => resolve());
        child.send('reset');
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('close');
      }),
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export type Call = () => Promise<unknown>;

/** Per-variant call times (ms, sorted), the variants interleaved call by call so drift hits all alike. */
export async function sequentialLatencies(variants: Readonly<Record<string, Call>>, calls: number): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  const entries = Object.entries(variants);
  for (let round = 0; round < calls; round++) {
    for (let offset = 0; offset < entries.length; offset++) {
      const [name, call] = entries[(round + offset) % entries.length]!;
      const startedAt = performance.now();
      await call();
      samples[name]!.push(performance.now() - startedAt);
    }
  }
  for (const list of Object.values(samples)) list.sort((a, b) => a - b);
  return samples;
}

/** One run: `total` calls at `concurrency`; calls per second and this process's CPU µs per call. */
export async function throughputRun(call: Call, total: number, concurrency: number): Promise<{ rate: number; cpuMicros: number }> {
  let next = 0;
  const cpu = process.cpuUsage();
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await call();
    }),
  );
  const elapsed = performance.now() - startedAt;
  const used = process.cpuUsage(cpu);
  return { rate: total / (elapsed / 1000), cpuMicros: (used.user + used.system) / total };
}

export interface PairedRounds {
  readonly rates: Record<string, number[]>;
  readonly cpu: Record<string, number[]>;
}

/**
 * Throughput rounds: each round runs every variant once, in an order rotated round by round; the
 * server process forgets its recorded requests before each run.
 */
export async function pairedRounds(variants: Readonly<Record<string, Call>>, options: { rounds: number; calls: number; concurrency: number; reset: () => Promise<void> }): Promise<PairedRounds> {
  const names = Object.keys(variants);
  const rates: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (let offset = 0; offset < names.length; offset++) {
      const name = names[(round + offset) % names.length]!;
      await options.reset();
      const result = await throughputRun(variants[name]!, options.calls, options.concurrency);
      rates[name]!.push(result.rate);
      cpu[name]!.push(result.cpuMicros);
    }
  }
  return { rates, cpu };
}

/** The median of per-round ratios (or differences) of `name` to `base`: paired, so drift cancels. */
export function pairedMedian(values: Record<string, number[]>, name: string, base: string, combine: (value: number, baseline: number) => number): number {
  const own = values[name]!;
  const baseline = values[base]!;
  return median(own.map((value, round) => combine(value, baseline[round]!)));
}

export function versionOf(name: string): string {
  try {
    const file = path.join(here, '..', '..', 'node_modules', ...name.split('/'), 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** One line with what every figure depends on. */
export function conditions(): string {
  const [one, five] = os.loadavg();
  return `Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average ${one!.toFixed(2)} / ${five!.toFixed(2)} (1 / 5 min), ${new Date().toISOString().slice(0, 16)}Z`;
}

/** Prints rows as a Markdown table (ready for docs/performance.md). */
export function printTable(rows: readonly Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  console.log(`| ${columns.join(' | ')} |`);
  console.log(`|${columns.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`);
  for (const row of rows) console.log(`| ${columns.map((column) => String(row[column] ?? '')).join(' | ')} |`);
  console.log('');
}
