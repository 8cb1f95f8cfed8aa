import type { HostSchema } from '../../core/host-schema.js';
import type { Logger } from '../../core/logger.js';
import type { Clock } from '../../core/clock.js';
import type { RejectedRow } from './tabular-load.js';

/**
 * How a sheet or CSV file maps onto records, and how often it is re-read. `T` is the record
 * without its `tenantId` (the source adds it).
 *
 * @example
 * ```ts
 * const mapping: TabularMappingOptions<Omit<Member, 'tenantId'>> = { tenantId: 'care', columns: { client_ref: 'id' }, cacheTtlMs: 60_000 };
 * ```
 */
export interface TabularMappingOptions<T> {
  /** The tenant the table belongs to; calls for any other tenant see nothing. */
  readonly tenantId: string;
  /** Extra header → field mappings (normalised header names), merged over the defaults. */
  readonly columns?: Readonly<Record<string, keyof T & string>>;
  /** Replaces the default row schema; it receives the mapped cells as text and returns the record. */
  readonly schema?: HostSchema<T>;
  /**
   * Re-use a read for this long; 0 reads the table on every call (seed 000 read in real time).
   * Concurrent calls always share one read.
   * @default 0
   */
  readonly cacheTtlMs?: number;
  /**
   * Clock for the cache.
   * @default systemClock
   */
  readonly clock?: Clock;
  /**
   * Called after every read that rejected rows (row numbers and field issues, no cell values).
   * @default a warning to `logger` naming the rows
   */
  readonly onRejectedRows?: (rows: readonly RejectedRow[]) => void;
  /** Receives the rejected-rows warning (row numbers only, no cell values) when `onRejectedRows` is not set. @default silent */
  readonly logger?: Logger;
}
