/**
 * Shared by the benches that compare crmkit with its peers: the fake servers in a child process,
 * interleaved sequential latencies, paired throughput rounds with client CPU per call, and the
 * conditions every table is printed with.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The fake provider servers, running in a child process (see fake-server-child.ts). */
export interface ServerProcess {
  /** OpenAI-format base URL that answers every request. */
  readonly healthyURL: string;
  /** The same server's Anthropic-format base URL (answers every request). */
  readonly healthyAnthropicURL: string;
  /** OpenAI-format base URL that answers every request with 503 `overloaded` at once. */
  readonly failingURL: string;
  /** Which cores the bench and the servers run on (printed with the conditions). */
  readonly placement: string;
  /** Forgets the servers' recorded requests (their heap stays small). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeServerProcess(): Promise<ServerProcess> {
  const child: ChildProcess = fork(path.join(here, 'fake-server-child.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const urls = await new Promise<{ healthy: string; healthyAnthropic: string; failing: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { healthy: string; healthyAnthropic: string; failing: string }));
    child.once('exit', (code) => reject(new Error(`the fake server process exited with ${code}`)));
  });
  const placement = child.pid === undefined ? 'not pinned: no server pid' : pinApart(child.pid);
  return {
    placement,
    healthyURL: urls.healthy,
    healthyAnthropicURL: urls.healthyAnthropic,
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

/**
 * Puts the fake servers on the last core and this process (all its threads: GC helpers, libuv's
 * pool) on the others, as a client and a provider on separate machines are: the servers' CPU
 * and scheduling then never land on the client's core, which is what steadies the client CPU
 * per call. Needs two or more cores and `taskset` (util-linux); `BENCH_PIN=0` turns it off.
 */
function pinApart(serverPid: number): string {
  const cores = os.availableParallelism();
  if (process.env.BENCH_PIN === '0') return 'not pinned (BENCH_PIN=0)';
  if (cores < 2) return 'not pinned: one core';
  const clientCores = cores === 2 ? '0' : `0-${cores - 2}`;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cores - 1), String(serverPid)], { stdio: 'ignore' });
    execFileSync('taskset', ['-a', '-p', '-c', clientCores, String(process.pid)], { stdio: 'ignore' });
  } catch {
    return 'not pinned: taskset (util-linux) is not available';
  }
  return `bench process on core${cores === 2 ? '' : 's'} ${clientCores}, fake servers on core ${cores - 1} (taskset)`;
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

/**
 * The mean of per-round differences (or ratios) of `name` to `base`, with its standard error:
 * how far the figure itself can be trusted on a shared machine.
 */
export function pairedMeanError(values: Record<string, number[]>, name: string, base: string, combine: (value: number, baseline: number) => number): { mean: number; error: number } {
  const baseline = values[base]!;
  const pairs = values[name]!.map((value, round) => combine(value, baseline[round]!));
  const mean = pairs.reduce((sum, value) => sum + value, 0) / pairs.length;
  if (pairs.length < 2) return { mean, error: Number.NaN };
  const variance = pairs.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (pairs.length - 1);
  return { mean, error: Math.sqrt(variance / pairs.length) };
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
