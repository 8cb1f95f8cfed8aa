/**
 * BANKING77 (Casanueva et al., 2020; CC BY 4.0), read from `../shared/datasets/banking77/`
 * relative to the project root, and the stratified, seeded 80/20 split the evaluation uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../../src/core/seeded-random.js';
import type { IntentExample } from '../../src/fallback/train-intent-classifier.js';

/**
 * Where the dataset lives: `shared/datasets/banking77` beside the project root (as CI lays it
 * out) or one level further up (a git worktree inside a folder of worktrees); undefined when
 * neither exists.
 */
export function banking77Directory(root: string): string | undefined {
  for (const up of [['..'], ['..', '..']]) {
    const directory = path.resolve(root, ...up, 'shared', 'datasets', 'banking77');
    if (existsSync(path.join(directory, 'train.csv'))) return directory;
  }
  return undefined;
}

/** Reads a `text,category` CSV (RFC 4180: quoted fields may hold commas, quotes and newlines). */
export function readExamples(file: string): IntentExample[] {
  const source = readFileSync(file, 'utf8');
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index] as string;
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field.length > 0 || record.length > 0) records.push([...record, field]);
  const [header, ...rows] = records;
  if (header?.[0] !== 'text' || header[1] !== 'category') throw new Error(`${file}: expected a "text,category" header`);
  return rows.filter((row) => row.length === 2).map(([text, intent]) => ({ text: text as string, intent: intent as string }));
}

/** Stratified split: `share` of every intent's examples (shuffled with `seed`) held out. */
export function stratifiedSplit(examples: readonly IntentExample[], share: number, seed: number): { train: IntentExample[]; test: IntentExample[] } {
  const random = seededRandom(seed);
  const byIntent = new Map<string, IntentExample[]>();
  for (const example of examples) byIntent.set(example.intent, [...(byIntent.get(example.intent) ?? []), example]);
  const train: IntentExample[] = [];
  const test: IntentExample[] = [];
  for (const intent of [...byIntent.keys()].sort()) {
    const list = shuffle(byIntent.get(intent) as IntentExample[], random);
    const held = Math.round(list.length * share);
    test.push(...list.slice(0, held));
    train.push(...list.slice(held));
  }
  return { train, test };
}

/** The first `count` examples of every intent (after a seeded shuffle). */
export function examplesPerIntent(examples: readonly IntentExample[], count: number, seed: number): IntentExample[] {
  const seen = new Map<string, number>();
  return shuffle(examples, seededRandom(seed)).filter((example) => {
    const taken = seen.get(example.intent) ?? 0;
    if (taken >= count) return false;
    seen.set(example.intent, taken + 1);
    return true;
  });
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const list = [...items];
  for (let index = list.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [list[index], list[other]] = [list[other] as T, list[index] as T];
  }
  return list;
}
