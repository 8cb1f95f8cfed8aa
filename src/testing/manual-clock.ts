import type { Clock } from '../core/clock.js';

/**
 * A {@link Clock} that only moves when told to, for deterministic tests of anything time-based:
 * budget day windows, circuit-breaker cooldowns, follow-up filters, scoring by age.
 *
 * @example
 * ```ts
 * import { createManualClock } from 'crmkit/testing';
 *
 * const clock = createManualClock(new Date('2025-11-21T09:00:00Z'));
 * clock.advance(5_000); // five seconds later
 * clock.set(new Date('2025-11-22T00:00:00Z')); // the next day
 * ```
 */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms` (never backwards). */
  advance(ms: number): void;
  /** Jumps to an instant. */
  set(instant: Date | number): void;
}

/**
 * Creates a {@link ManualClock} starting at `start` (default: the Unix epoch).
 *
 * @example
 * ```ts
 * const clock = createManualClock(Date.UTC(2025, 10, 21));
 * const assistant = createCrmAssistant({ clock });
 * ```
 */
export function createManualClock(start: Date | number = 0): ManualClock {
  let current = toMillis(start, 'start');
  return {
    now: () => current,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Expected \`ms\` to be a finite, non-negative number of milliseconds, got ${ms}`);
      current += ms;
    },
    set(instant) {
      current = toMillis(instant, 'instant');
    },
  };
}

function toMillis(value: Date | number, name: string): number {
  const millis = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(millis)) throw new RangeError(`Expected \`${name}\` to be a valid Date or epoch milliseconds`);
  return millis;
}
