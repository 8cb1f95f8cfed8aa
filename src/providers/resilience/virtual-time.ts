import { abortError } from '../../core/abort.js';
import type { Clock, Sleep } from '../../core/clock.js';

// Test support for this folder (not exported): a clock and sleep that move only when the test
// says so, so timing behaviour is asserted exactly and nothing really waits.

interface Timer {
  readonly at: number;
  readonly resolve: () => void;
  readonly sequence: number;
}

/**
 * Virtual time: `sleep` registers a timer, `advance(ms)` fires due timers in order (letting
 * promise callbacks run between them), `sleeps` records every requested duration.
 *
 * @example
 * ```ts
 * const time = createVirtualTime();
 * const done = time.sleep(100);
 * await time.advance(100);
 * await done;
 * ```
 */
export function createVirtualTime(start = 1_000_000): {
  clock: Clock;
  sleep: Sleep;
  advance: (ms: number) => Promise<void>;
  flush: () => Promise<void>;
  readonly sleeps: readonly number[];
  readonly pendingTimers: number;
} {
  let now = start;
  let sequence = 0;
  const timers: Timer[] = [];
  const sleeps: number[] = [];
  const flush = async (): Promise<void> => {
    for (let round = 0; round < 20; round++) await Promise.resolve();
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      sleeps.push(ms);
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const timer: Timer = {
        at: now + Math.max(0, ms),
        sequence: sequence++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = timers.indexOf(timer);
        if (index >= 0) timers.splice(index, 1);
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(timer);
    });
  return {
    clock: { now: () => now },
    sleep,
    flush,
    async advance(ms) {
      const target = now + ms;
      await flush();
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.sequence - b.sequence);
        const next = timers[0];
        if (!next || next.at > target) break;
        timers.shift();
        now = Math.max(now, next.at);
        next.resolve();
        await flush();
      }
      now = target;
      await flush();
    },
    get sleeps() {
      return sleeps;
    },
    get pendingTimers() {
      return timers.length;
    },
  };
}
