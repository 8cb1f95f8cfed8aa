/**
 * `npm run bench`: runs every `bench/*.bench.ts` in name order. Each exports `run()`, which prints
 * its own tables (candidate and baseline side by side, in the same run).
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(here)).filter((file) => file.endsWith('.bench.ts')).sort();
for (const file of files) {
  if (only.length > 0 && !only.some((name) => file.includes(name))) continue;
  console.log(`\n## ${file.replace('.bench.ts', '')}\n`);
  const module = (await import(pathToFileURL(path.join(here, file)).href)) as { run: () => Promise<void> };
  await module.run();
}
