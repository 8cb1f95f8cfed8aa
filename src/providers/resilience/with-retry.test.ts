import { describe, expect, it } from 'vitest';
import { ProviderError, providerErrorKinds, isRetryableKind, type ProviderErrorKind } from '../../core/errors.js';
import { createMockProvider } from '../../testing/mock-provider.js';
import { StructuredOutputError } from '../shared/structured-output-error.js';
import { withRetry } from './with-retry.js';
import { createVirtualTime } from './virtual-time.js';
import type { ResilienceEvent } from './resilience-event.js';

const ask = { messages: [{ role: 'user' as const, content: 'Where is my order?' }] };
const instant = { sleep: async () => undefined, random: () => 0.5 };

describe('withRetry', () => {
  it('retries transient failures and lists every attempt on the result', async () => {
    const mock = createMockProvider({ id: 'openai', script: [{ fail: 'overloaded' }, { fail: 'server' }], reply: 'Shipped.' });
    const result = await withRetry(mock, instant).generate(ask);
    expect(result.text).toBe('Shipped.');
    expect(result.attempts.map((attempt) => [attempt.ok, attempt.kind])).toEqual([
      [false, 'overloaded'],
      [false, 'server'],
      [true, undefined],
    ]);
    expect(mock.calls).toHaveLength(3);
  });

  it.each(providerErrorKinds.filter((kind) => !isRetryableKind(kind)))('never retries %s', async (kind: ProviderErrorKind) => {
    const mock = createMockProvider({ script: [{ fail: kind }], reply: 'unreachable' });
    const error = await withRetry(mock, { ...instant, maxAttempts: 5 }).generate(ask).catch((caught: unknown) => caught);
    expect(ProviderError.isInstance(error) && error.kind).toBe(kind);
    expect(mock.calls).toHaveLength(1);
  });

  describe('with another link to fail over to (CallOptions.failover)', () => {
    it.each(['server', 'overloaded', 'rate_limited', 'timeout', 'network'] as const)('gives %s up at once, without sleeping, by default', async (kind) => {
      const waits: number[] = [];
      const mock = createMockProvider({ script: [{ fail: kind }], reply: 'unreachable' });
      const error = (await withRetry(mock, { sleep: async (ms) => void waits.push(ms) }).generate(ask, { failover: true }).catch((caught: unknown) => caught)) as ProviderError;
      expect(error.kind).toBe(kind);
      expect(error.attempts).toHaveLength(1);
      expect(mock.calls).toHaveLength(1);
      expect(waits).toEqual([]);
    });

    it('still sleeps a short server wait (≤ shortRetryAfterMs) and retries in place', async () => {
      const waits: number[] = [];
      const busy = new ProviderError('busy', { kind: 'rate_limited', providerId: 'mock', retryAfterMs: 800 });
      const mock = createMockProvider({ script: [{ fail: busy }], reply: 'Shipped.' });
      const result = await withRetry(mock, { sleep: async (ms) => void waits.push(ms) }).generate(ask, { failover: true });
      expect(result.text).toBe('Shipped.');
      expect(waits).toEqual([800]);
    });

    it('fails over on a server wait just above shortRetryAfterMs (configurable)', async () => {
      const waits: number[] = [];
      const busy = new ProviderError('busy', { kind: 'rate_limited', providerId: 'mock', retryAfterMs: 800 });
      const mock = createMockProvider({ script: [{ fail: busy }], reply: 'unreachable' });
      const error = (await withRetry(mock, { shortRetryAfterMs: 500, sleep: async (ms) => void waits.push(ms) }).generate(ask, { failover: true }).catch((caught: unknown) => caught)) as ProviderError;
      expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 800 });
      expect(waits).toEqual([]);
    });

    it("retries in place as before with `inPlace: 'always'`, and without the flag", async () => {
      for (const [options, callOptions] of [
        [{ inPlace: 'always' as const }, { failover: true }],
        [{}, {}],
      ] as const) {
        const waits: number[] = [];
        const mock = createMockProvider({ script: [{ fail: 'server' }, { fail: 'server' }], reply: 'Shipped.' });
        const result = await withRetry(mock, { ...options, random: () => 0, sleep: async (ms) => void waits.push(ms) }).generate(ask, callOptions);
        expect(result.text).toBe('Shipped.');
        expect(waits).toEqual([500, 1_000]);
      }
    });

    it('rejects an unknown `inPlace` naming the option', () => {
      expect(() => withRetry(createMockProvider(), { inPlace: 'sometimes' as 'always' })).toThrow('Expected `inPlace` to be "auto" or "always"');
    });
  });

  it('never makes more than maxAttempts tries and the final error lists them all', async () => {
    const mock = createMockProvider({ reply: { fail: 'server' } });
    const error = (await withRetry(mock, { ...instant, maxAttempts: 4 }).generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('server');
    expect(error.attempts).toHaveLength(4);
    expect(mock.calls).toHaveLength(4);
  });

  it('waits exactly the server Retry-After when it is within the cap', async () => {
    const time = createVirtualTime();
    const mock = createMockProvider({ script: [{ fail: 'rate_limited', retryAfterMs: 3_000 }], reply: 'ok' });
    const call = withRetry(mock, { sleep: time.sleep, maxRetryAfterMs: 5_000 }).generate(ask);
    await time.advance(2_999);
    expect(mock.calls).toHaveLength(1);
    await time.advance(1);
    await expect(call).resolves.toMatchObject({ text: 'ok' });
    expect(time.sleeps).toEqual([3_000]);
  });

  it('gives up at once when the server asks for longer than the cap', async () => {
    const time = createVirtualTime();
    const mock = createMockProvider({ script: [{ fail: 'rate_limited', retryAfterMs: 60_000 }], reply: 'ok' });
    const error = (await withRetry(mock, { sleep: time.sleep, maxRetryAfterMs: 5_000 }).generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(60_000);
    expect(time.sleeps).toEqual([]);
    expect(mock.calls).toHaveLength(1);
  });

  it('fails over at once on a wait at or near the cap (a cold model’s 20 s estimate), keeping the wait', async () => {
    for (const retryAfterMs of [20_000, 19_000, 18_000]) {
      const time = createVirtualTime();
      const mock = createMockProvider({ script: [{ fail: 'overloaded', retryAfterMs }], reply: 'ok' });
      const error = (await withRetry(mock, { sleep: time.sleep }).generate(ask).catch((caught: unknown) => caught)) as ProviderError;
      expect(error).toMatchObject({ kind: 'overloaded', retryAfterMs, retryable: true });
      expect(time.sleeps).toEqual([]);
      expect(mock.calls).toHaveLength(1);
    }
    // Below 90% of the cap the wait is honoured.
    const time = createVirtualTime();
    const mock = createMockProvider({ script: [{ fail: 'overloaded', retryAfterMs: 17_999 }], reply: 'warm now' });
    const call = withRetry(mock, { sleep: time.sleep }).generate(ask);
    await time.advance(17_999);
    await expect(call).resolves.toMatchObject({ text: 'warm now' });
    expect(time.sleeps).toEqual([17_999]);
  });

  it('fails over at once when the server’s wait is longer than the time left before the deadline', async () => {
    const time = createVirtualTime();
    const mock = createMockProvider({ script: [{ fail: 'rate_limited', retryAfterMs: 3_000 }], reply: 'ok' });
    const events: ResilienceEvent[] = [];
    const retrying = withRetry(mock, { sleep: time.sleep, onEvent: (event) => events.push(event) });
    const error = (await retrying.generate(ask, { deadline: performance.now() + 2_000 }).catch((caught: unknown) => caught)) as ProviderError;
    // The server's own description survives (not a bare timeout), so a chain can report the wait.
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3_000 });
    expect(error.attempts.map((attempt) => attempt.kind)).toEqual(['rate_limited']);
    expect(time.sleeps).toEqual([]);
    expect(events.map((event) => event.type)).toEqual(['attempt']);
    // With time enough left, the same wait is slept.
    const patient = createMockProvider({ script: [{ fail: 'rate_limited', retryAfterMs: 3_000 }], reply: 'ok' });
    const call = withRetry(patient, { sleep: time.sleep }).generate(ask, { deadline: performance.now() + 60_000 });
    await time.advance(3_000);
    await expect(call).resolves.toMatchObject({ text: 'ok' });
  });

  it('keeps each failed try’s error in its attempt', async () => {
    const mock = createMockProvider({ script: [{ fail: 'overloaded' }, { fail: 'server' }], reply: { fail: 'network' } });
    const error = (await withRetry(mock, instant).generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(error.attempts.map((attempt) => attempt.error?.kind)).toEqual(['overloaded', 'server', 'network']);
    expect(error.attempts.every((attempt) => ProviderError.isInstance(attempt.error))).toBe(true);
  });

  it('backs off exponentially with jitter, bounded by maxDelayMs', async () => {
    const time = createVirtualTime();
    const mock = createMockProvider({ reply: { fail: 'network' } });
    const call = withRetry(mock, { sleep: time.sleep, random: () => 0, maxAttempts: 6, minDelayMs: 100, maxDelayMs: 1_000, jitter: 0.5 }).generate(ask);
    call.catch(() => undefined);
    await time.advance(10_000);
    await expect(call).rejects.toMatchObject({ kind: 'network' });
    expect(time.sleeps).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('an abort cancels a sleeping retry at once', async () => {
    const time = createVirtualTime();
    const mock = createMockProvider({ reply: { fail: 'overloaded' } });
    const controller = new AbortController();
    const call = withRetry(mock, { sleep: time.sleep, minDelayMs: 10_000 }).generate(ask, { signal: controller.signal });
    call.catch(() => undefined);
    await time.flush();
    expect(time.pendingTimers).toBe(1);
    controller.abort();
    const error = (await call.catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('aborted');
    expect(error.attempts).toHaveLength(1);
    expect(time.pendingTimers).toBe(0);
    expect(mock.calls).toHaveLength(1);
  });

  it('does not retry an error the provider marked as not retryable', async () => {
    const mock = createMockProvider({ script: [new ProviderError('refused locally', { kind: 'rate_limited', retryable: false })], reply: 'ok' });
    await expect(withRetry(mock, instant).generate(ask)).rejects.toMatchObject({ kind: 'rate_limited' });
    expect(mock.calls).toHaveLength(1);
  });

  it('retries a stream that fails before its first delta, never one that fails after', async () => {
    const before = createMockProvider({ script: [{ fail: 'server' }], reply: { deltas: ['Hel', 'lo'] } });
    const stream = withRetry(before, instant).stream(ask);
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    expect(deltas.join('')).toBe('Hello');
    expect((await stream.result).attempts).toHaveLength(2);

    const after = createMockProvider({ script: [{ fail: 'network', afterDeltas: ['Your order '] }], reply: 'unreachable' });
    const broken = withRetry(after, instant).stream(ask);
    const error = (await broken.text.catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('network');
    expect(error.partialText).toBe('Your order ');
    expect(after.calls).toHaveLength(1);
  });

  it('reports attempts and retries as events without message content unless asked', async () => {
    const events: ResilienceEvent[] = [];
    const mock = createMockProvider({ script: [{ fail: 'server' }], reply: 'ok' });
    await withRetry(mock, { ...instant, onEvent: (event) => events.push(event) }).generate({ ...ask, metadata: { tenantId: 'acme' } });
    expect(events.map((event) => event.type)).toEqual(['attempt', 'retry', 'attempt']);
    expect(JSON.stringify(events)).not.toContain('Where is my order');
    expect(events[0]?.metadata).toEqual({ tenantId: 'acme' });

    const withContent: ResilienceEvent[] = [];
    await withRetry(createMockProvider({ reply: 'ok' }), { ...instant, includeContent: true, onEvent: (event) => withContent.push(event) }).generate(ask);
    expect(JSON.stringify(withContent)).toContain('Where is my order');
  });

  it('lists every invalid option at once', () => {
    expect(() => withRetry(createMockProvider(), { maxAttempts: 0, jitter: 2 })).toThrow(/maxAttempts[\s\S]*jitter/);
  });

  it('gives up with the last error still of its own class, now carrying every attempt', async () => {
    const invalid = new StructuredOutputError({ issues: [{ path: 'intent', message: 'Required' }], text: '{}', providerId: 'openai' });
    const mock = createMockProvider({ id: 'openai', reply: { fail: invalid } });
    const error = await withRetry(mock, { ...instant, maxAttempts: 2 }).generate(ask).catch((caught: unknown) => caught);
    expect(StructuredOutputError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ name: 'StructuredOutputError', issues: [{ path: 'intent', message: 'Required' }], text: '{}', kind: 'server' });
    expect((error as StructuredOutputError).attempts).toHaveLength(2);
  });
});
