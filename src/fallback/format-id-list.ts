/**
 * Joins ids for a sentence, showing at most `max` and saying how many were left out
 * ("A, B, C and 10 more"), so a long list is never truncated silently.
 *
 * @example
 * ```ts
 * formatIdList(['MID-1', 'MID-2', 'MID-3'], 2); // 'MID-1, MID-2 and 1 more'
 * ```
 */
export function formatIdList(ids: readonly string[], max: number): string {
  if (ids.length === 0) return '';
  const shown = ids.slice(0, Math.max(1, max));
  const hidden = ids.length - shown.length;
  if (hidden > 0) return `${shown.join(', ')} and ${hidden} more`;
  if (shown.length === 1) return shown[0] as string;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] as string}`;
}
