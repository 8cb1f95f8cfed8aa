/**
 * How many members have one lead status.
 *
 * @example
 * ```ts
 * const row: StatusCount = { status: 'Follow-up', count: 8 };
 * ```
 */
export interface StatusCount {
  readonly status: string;
  readonly count: number;
}

/**
 * Formats a status breakdown the way seed 000 puts it in the AI context: `New: 5, Follow-up: 8`.
 * An empty breakdown reads `none`.
 *
 * @example
 * ```ts
 * formatStatusBreakdown([{ status: 'New', count: 5 }, { status: 'Follow-up', count: 8 }]); // 'New: 5, Follow-up: 8'
 * ```
 */
export function formatStatusBreakdown(breakdown: readonly StatusCount[]): string {
  if (breakdown.length === 0) return 'none';
  return breakdown.map((row) => `${row.status}: ${row.count}`).join(', ');
}
