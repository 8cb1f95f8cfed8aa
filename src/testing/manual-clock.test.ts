import { describe, expect, it } from 'vitest';
import { createManualClock } from './manual-clock.js';

describe('createManualClock', () => {
  it('moves only when told to', () => {
    const clock = createManualClock(new Date('2025-11-21T09:00:00Z'));
    expect(clock.now()).toBe(Date.parse('2025-11-21T09:00:00Z'));
    clock.advance(1_500);
    expect(clock.now()).toBe(Date.parse('2025-11-21T09:00:01.500Z'));
    clock.set(0);
    expect(clock.now()).toBe(0);
  });

  it('rejects going backwards and invalid instants with the argument named', () => {
    const clock = createManualClock();
    expect(() => clock.advance(-1)).toThrow(/`ms`/);
    expect(() => clock.advance(Number.NaN)).toThrow(/`ms`/);
    expect(() => clock.set(new Date('nope'))).toThrow(/`instant`/);
    expect(() => createManualClock(Number.POSITIVE_INFINITY)).toThrow(/`start`/);
  });
});
