/**
 * The cache and read-sharing behind every Sheets and CSV source.
 *
 * @internal
 */
import type { HostSchema } from '../../core/host-schema.js';
import { throwIfAborted } from '../../core/abort.js';
import { systemClock } from '../../core/clock.js';
import { safeLog, type Logger } from '../../core/logger.js';
import { mapRows } from './map-rows.js';
import type { RejectedRow, TabularLoad } from './tabular-load.js';
import type { TabularMappingOptions } from './tabular-source-options.js';

const warnRejected = (label: string, logger: Logger | undefined) => (rows: readonly RejectedRow[]): void => {
  if (!logger) return;
  const numbers = rows.slice(0, 20).map((row) => row.row);
  safeLog(logger, 'warn', { source: label, rejectedRows: rows.length, rows: numbers }, `${label}: ${rows.length} row(s) failed validation and were left out (rows ${numbers.join(', ')}${rows.length > 20 ? ', …' : ''}); call load() for the issues`);
};

/** Loads and maps a table, sharing concurrent reads and caching for `cacheTtlMs`. */
export function createTabularLoader<T>(
  label: string,
  readRows: (signal: AbortSignal | undefined) => Promise<readonly (readonly unknown[])[]>,
  options: TabularMappingOptions<T>,
  defaults: { readonly columns: Readonly<Record<string, string>>; readonly schema: HostSchema<T>; readonly extraField?: string },
): (signal: AbortSignal | undefined) => Promise<TabularLoad<T & { tenantId: string }>> {
  const clock = options.clock ?? systemClock;
  const ttl = options.cacheTtlMs ?? 0;
  const onRejected = options.onRejectedRows ?? warnRejected(label, options.logger);
  const mapping = {
    tenantId: options.tenantId,
    columns: { ...defaults.columns, ...options.columns },
    schema: options.schema ?? defaults.schema,
    ...(defaults.extraField === undefined ? {} : { extraField: defaults.extraField }),
  };
  let cached: { at: number; load: TabularLoad<T & { tenantId: string }> } | undefined;
  let inFlight: Promise<TabularLoad<T & { tenantId: string }>> | undefined;
  return async (signal) => {
    throwIfAborted(signal);
    if (cached && ttl > 0 && clock.now() - cached.at < ttl) return cached.load;
    inFlight ??= (async () => {
      try {
        const load = mapRows(await readRows(signal), mapping);
        cached = { at: clock.now(), load };
        if (load.rejected.length > 0) onRejected(load.rejected);
        return load;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };
}
