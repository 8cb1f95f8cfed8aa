/**
 * Cheap instances (issue 18): what one `createCrmAssistant()` costs to build and to keep, beside
 * the peers' clients built in the same run (`new OpenAI()`, and the AI SDK's `createOpenAI()`
 * when installed). Construction time is the median of many rounds, each timing a batch of
 * constructions; heap per idle instance is the growth after a forced GC over 10,000 live
 * instances, divided by 10,000 (the bench turns on `--expose-gc` itself).
 * Target: ≤ 50 µs and ≤ 6 KB per assistant.
 *
 * Two builds of crmkit are measured: the source under tsx (what this repo's tests run) and the
 * built package, dist/ (what `npm i crmkit` gives an application; built first when stale). tsx
 * keeps every function's name with a helper call (esbuild's keepNames), which costs about 250
 * bytes per named closure, so the source rows overstate what users keep; the dist rows are the
 * figure the target is about.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCrmAssistant } from '../src/assistant/create-crm-assistant.js';
import { createMockProvider } from '../src/testing/mock-provider.js';
import { ensureBuilt } from './startup.bench.js';

interface Subject {
  readonly name: string;
  readonly build: () => unknown;
}

const batch = 200;
const rounds = 60;
const liveInstances = 10_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function constructionMicros(build: () => unknown): number {
  const sink: unknown[] = new Array(batch);
  for (let index = 0; index < batch; index += 1) sink[index] = build(); // warm-up
  const samples: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const start = process.hrtime.bigint();
    for (let index = 0; index < batch; index += 1) sink[index] = build();
    samples.push(Number(process.hrtime.bigint() - start) / 1000 / batch);
  }
  return median(samples);
}

// `npm run bench` runs without --expose-gc: turn it on for this process and reach gc() through a fresh context.
function forcedGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as (() => void) | undefined;
}

function heapBytesPerInstance(build: () => unknown): number | undefined {
  const gc = forcedGc();
  if (!gc) return undefined;
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const live: unknown[] = new Array(liveInstances);
  for (let index = 0; index < liveInstances; index += 1) live[index] = build();
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  const perInstance = (after - before) / liveInstances;
  live.length = 0;
  return perInstance;
}

async function peers(): Promise<Subject[]> {
  const subjects: Subject[] = [];
  try {
    const { default: OpenAI } = await import('openai');
    const version = ((await import('openai/version')) as { VERSION: string }).VERSION;
    subjects.push({ name: `new OpenAI() (openai ${version})`, build: () => new OpenAI({ apiKey: 'sk-bench', maxRetries: 0 }) });
  } catch {
    console.log('openai not installed: its row is skipped');
  }
  try {
    const { createOpenAI } = await import('@ai-sdk/openai');
    subjects.push({ name: 'createOpenAI() (@ai-sdk/openai)', build: () => createOpenAI({ apiKey: 'sk-bench' }) });
  } catch {
    console.log('@ai-sdk/openai not installed: its row is skipped');
  }
  return subjects;
}

export async function run(): Promise<void> {
  const provider = createMockProvider({ reply: 'ok', model: 'gpt-4o-mini' });
  const built = (await import(ensureBuilt())) as { createCrmAssistant: typeof createCrmAssistant };
  const subjects: Subject[] = [
    { name: 'createCrmAssistant() (no options), built package', build: () => built.createCrmAssistant() },
    { name: 'createCrmAssistant({ provider }) (budget on), built package', build: () => built.createCrmAssistant({ provider, timeZone: 'Europe/London' }) },
    { name: 'createCrmAssistant() (no options), source under tsx', build: () => createCrmAssistant() },
    { name: 'createCrmAssistant({ provider }) (budget on), source under tsx', build: () => createCrmAssistant({ provider, timeZone: 'Europe/London' }) },
    ...(await peers()),
  ];
  console.log('| subject | construction (median µs) | heap per idle instance |');
  console.log('|---|---:|---:|');
  for (const subject of subjects) {
    const micros = constructionMicros(subject.build);
    const bytes = heapBytesPerInstance(subject.build);
    console.log(`| ${subject.name} | ${micros.toFixed(1)} | ${bytes === undefined ? 'n/a' : `${(bytes / 1024).toFixed(2)} KB`} |`);
  }
}
