import type { Clock } from '../../core/clock.js';

/**
 * A clock that moves only when told, starting at 2025-11-21T09:00:00Z, for the contract suites.
 *
 * @internal
 */
export function createContractClock(): Clock & { advance(ms: number): void } {
  let now = Date.parse('2025-11-21T09:00:00.000Z');
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

/** A tenant id no other test (or earlier run against the same database) uses. @internal */
export function uniqueTenant(label: string): string {
  return `contract-${label}-${crypto.randomUUID().slice(0, 8)}`;
}
