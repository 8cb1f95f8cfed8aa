/**
 * Reads CSV text or a CSV file into rows with csv-parse, an optional peer dependency loaded on
 * the first CSV read.
 *
 * @internal
 */
import { readFile } from 'node:fs/promises';
import { throwIfAborted } from '../../core/abort.js';
import { sanitizeCause } from '../../core/errors.js';
import { loadOptionalPeer } from '../../core/load-optional-peer.js';
import { AdapterError } from '../adapter-error.js';

/**
 * Where the CSV is: inline text or a file path.
 *
 * @example
 * ```ts
 * const input: CsvInput = process.env.MEMBERS_CSV ? { text: process.env.MEMBERS_CSV } : { path: './members.csv' };
 * const members = createCsvMemberSource({ tenantId: 'care', ...input });
 * ```
 */
export type CsvInput = { readonly text: string; readonly path?: undefined } | { readonly path: string; readonly text?: undefined };

const adapter = 'csv';

/** The rows of the CSV, header first. */
export async function readCsvRows(input: CsvInput, signal: AbortSignal | undefined): Promise<string[][]> {
  throwIfAborted(signal);
  let text: string;
  if (input.text !== undefined) {
    text = input.text;
  } else {
    try {
      text = await readFile(input.path, { encoding: 'utf8', signal });
    } catch (error) {
      throwIfAborted(signal);
      const code = (error as { code?: unknown }).code;
      throw new AdapterError(code === 'ENOENT' ? 'The CSV file does not exist; check `path`' : 'Could not read the CSV file', {
        kind: code === 'ENOENT' ? 'not_found' : 'unavailable',
        adapter,
        cause: sanitizeCause(error),
      });
    }
  }
  const { parse } = await loadOptionalPeer({
    packageName: 'csv-parse',
    load: () => import('csv-parse/sync'),
    missing: ({ installCommand, cause }) =>
      new AdapterError(`The CSV sources need the csv-parse package (an optional peer dependency): run \`${installCommand}\``, { kind: 'missing_dependency', adapter, cause }),
  });
  throwIfAborted(signal);
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: false }) as string[][];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    throw new AdapterError(`The CSV is malformed${typeof line === 'number' ? ` near line ${line}` : ''} (unbalanced quotes?)`, { kind: 'invalid_data', adapter });
  }
}
