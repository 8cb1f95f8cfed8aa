/**
 * What {@link withBudget} reports about its ledger, for telemetry: the amount reserved before a
 * call, what it settled to after, or that the reservation was released (failure, abort, a degraded
 * answer). Money in integer micro-dollars. No content, no key.
 *
 * @example
 * ```ts
 * const onEvent = (event: BudgetEvent) => {
 *   if (event.type === 'settled') console.info(`charged ${event.costMicros} µ$ for ${event.tokens} tokens`);
 * };
 * ```
 */
export type BudgetEvent =
  | { readonly type: 'reserved'; readonly costMicros: number; readonly tokens: number }
  | { readonly type: 'settled'; readonly costMicros: number; readonly tokens: number }
  | { readonly type: 'released' };
