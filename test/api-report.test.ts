import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectApi, renderReport, reportFile, type ApiEntryPoint } from '../scripts/api-report.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const api = collectApi();
const byEntry = new Map(api.map((entry) => [entry.specifier, entry]));

/** The names of each entry point as the checked-in report lists them. */
function namesInReport(text: string): Map<string, Set<string>> {
  const sections = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  let inList = false;
  for (const line of text.split('\n')) {
    const heading = /^## `([^`]+)`$/.exec(line);
    if (heading) sections.set(heading[1]!, (current = new Set()));
    else if (line.startsWith('```')) inList = !inList;
    else if (inList && current && line.trim() !== '') current.add(line.trim().split(/\s+/).at(-1)!);
  }
  return sections;
}

function describeDifference(report: Map<string, Set<string>>, entries: readonly ApiEntryPoint[]): string[] {
  const lines: string[] = [];
  for (const entry of entries) {
    const listed = report.get(entry.specifier) ?? new Set<string>();
    const actual = new Set(entry.exports.map((name) => name.name));
    const added = [...actual].filter((name) => !listed.has(name));
    const removed = [...listed].filter((name) => !actual.has(name));
    if (added.length > 0) lines.push(`${entry.specifier} now exports ${added.join(', ')}`);
    if (removed.length > 0) lines.push(`${entry.specifier} no longer exports ${removed.join(', ')}`);
  }
  for (const specifier of report.keys()) if (!byEntry.has(specifier)) lines.push(`${specifier} is no longer an entry point`);
  return lines;
}

describe(`the API report (${reportFile})`, () => {
  it('lists exactly what every entry point exports, with its kind', () => {
    const checkedIn = readFileSync(path.join(root, reportFile), 'utf8');
    const current = renderReport(api);
    if (checkedIn !== current) {
      const difference = describeDifference(namesInReport(checkedIn), api);
      expect.fail(
        [
          `${reportFile} does not match the exports of src/ (${difference.length > 0 ? difference.join('; ') : 'kinds or counts differ'}).`,
          'If the change to the public API is intended, run `npm run api:update` and commit the updated report.',
        ].join('\n'),
      );
    }
  });

  it('keeps the root entry small: at most 200 names, values and types together', () => {
    expect(byEntry.get('crmkit')!.exports.length).toBeLessThanOrEqual(200);
  });

  it('exports every public name from exactly one entry point', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const entry of api) {
      for (const { name } of entry.exports) {
        const first = seen.get(name);
        if (first !== undefined) duplicates.push(`${name} (${first} and ${entry.specifier})`);
        else seen.set(name, entry.specifier);
      }
    }
    expect(duplicates).toEqual([]);
  });

  it('keeps internal helpers private', () => {
    const everything = new Set(api.flatMap((entry) => entry.exports.map((name) => name.name)));
    const internal = ['sleep', 'throwIfAborted', 'observed', 'parseInput', 'foldText', 'isValidIban', 'isCardNumber', 'REDACTED', 'formatIdList', 'safeLog'];
    expect(internal.filter((name) => everything.has(name))).toEqual([]);
  });
});
