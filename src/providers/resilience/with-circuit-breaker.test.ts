import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors.js';
import { createMockProvider } from '../../testing/mock-provider.js';
import { createCircuitBreaker } from './create-circuit-breaker.js';
import type { ResilienceEvent } from './resilience-event.js';
import { createVirtualTime } from './virtual-time.js';
import { withCircuitBreaker } from './with-circuit-breaker.js';

const ask = { messages: [{ role: 'user' as const, content: 'Hi' }] };
const fail = (promise: Promise<unknown>): Promise<ProviderError> => promise.then(() => expect.fail('expected a failure'), (error: unknown) => error as ProviderError);

describe('withCircuitBreaker', () => {
  it('opens after N consecutive failures; then zero requests reach the provider until the probe', async () => {
    const time = createVirtualTime();
    const events: ResilienceEvent[] = [];
    const mock = createMockProvider({ id: 'openai', reply: { fail: 'overloaded' } });
    const guarded = withCircuitBreaker(mock, { failureThreshold: 3, cooldownMs: 5_000, clock: time.clock, onEvent: (event) => events.push(event) });
    for (let index = 0; index < 3; index++) expect((await fail(guarded.generate(ask))).kind).toBe('overloaded');
    expect(guarded.circuit.state).toBe('open');
    for (let index = 0; index < 10; index++) {
      const error = await fail(guarded.generate(ask));
      expect(error.kind).toBe('circuit_open');
      expect(error.retryable).toBe(false);
    }
    expect(mock.calls).toHaveLength(3);
    await time.advance(4_999);
    expect((await fail(guarded.generate(ask))).retryAfterMs).toBe(1);
    expect(mock.calls).toHaveLength(3);
    await time.advance(1);
    expect((await fail(guarded.generate(ask))).kind).toBe('overloaded'); // the probe
    expect(mock.calls).toHaveLength(4);
    expect(guarded.circuit.state).toBe('open');
    expect(events.filter((event) => event.type === 'circuit').map((event) => event.type === 'circuit' && `${event.from}->${event.to}`)).toEqual([
      'closed->open',
      'open->half_open',
      'half_open->open',
    ]);
  });

  it('lets exactly one probe through while half-open, and closes when it succeeds', async () => {
    const time = createVirtualTime();
    let healthy = false;
    const mock = createMockProvider({ script: () => (healthy ? { text: 'ok', latencyMs: 100 } : { fail: 'server' }), sleep: time.sleep });
    const guarded = withCircuitBreaker(mock, { failureThreshold: 1, cooldownMs: 1_000, clock: time.clock });
    await fail(guarded.generate(ask));
    healthy = true;
    await time.advance(1_000);
    const probe = guarded.generate(ask);
    const others = await Promise.all([fail(guarded.generate(ask)), fail(guarded.generate(ask))]);
    expect(others.map((error) => error.kind)).toEqual(['circuit_open', 'circuit_open']);
    expect(guarded.circuit.state).toBe('half_open');
    await time.advance(100);
    await expect(probe).resolves.toMatchObject({ text: 'ok' });
    expect(guarded.circuit.state).toBe('closed');
    expect(mock.calls).toHaveLength(2);
  });

  it('opens at once on auth and quota_exhausted', async () => {
    for (const kind of ['auth', 'quota_exhausted'] as const) {
      const guarded = withCircuitBreaker(createMockProvider({ reply: { fail: kind } }));
      await fail(guarded.generate(ask));
      expect(guarded.circuit.state).toBe('open');
    }
  });

  it('opens on a failure ratio over the window once the minimum of requests is met', async () => {
    const time = createVirtualTime();
    let call = 0;
    const mock = createMockProvider({ script: () => (call++ % 2 === 0 ? { fail: 'server' } : 'ok') });
    const guarded = withCircuitBreaker(mock, { failureThreshold: 100, failureRateThreshold: 0.5, minimumRequests: 6, windowMs: 10_000, clock: time.clock });
    for (let index = 0; index < 5; index++) await guarded.generate(ask).catch(() => undefined);
    expect(guarded.circuit.state).toBe('closed');
    await guarded.generate(ask).catch(() => undefined); // 6th: ok, ratio 3/6 but decided on failures only
    await guarded.generate(ask).catch(() => undefined); // 7th: failure, 4/7 >= 0.5
    expect(guarded.circuit.state).toBe('open');
  });

  it('forgets failures that have left the window', async () => {
    const time = createVirtualTime();
    const breaker = createCircuitBreaker({ name: 'x', failureThreshold: 100, minimumRequests: 4, failureRateThreshold: 0.5, windowMs: 1_000, clock: time.clock });
    for (let index = 0; index < 3; index++) breaker.acquire().failure(new ProviderError('x', { kind: 'server', status: 500 }));
    await time.advance(2_000);
    breaker.acquire().failure(new ProviderError('x', { kind: 'server', status: 500 }));
    expect(breaker.state).toBe('closed');
  });

  it('does not count aborts, answers the caller dislikes, or our own limiter refusals', async () => {
    const breaker = createCircuitBreaker({ name: 'x', failureThreshold: 1 });
    breaker.acquire().failure(new ProviderError('cancel', { kind: 'aborted' }));
    breaker.acquire().failure(new ProviderError('refused', { kind: 'content_filter', status: 400 }));
    breaker.acquire().failure(new ProviderError('local', { kind: 'rate_limited', retryable: false }));
    expect(breaker.state).toBe('closed');
    breaker.acquire().failure(new ProviderError('server 429', { kind: 'rate_limited', status: 429 }));
    expect(breaker.state).toBe('open');
  });

  it('counts a stream that fails, mid-way or before its first delta', async () => {
    const mock = createMockProvider({ script: [{ fail: 'network', afterDeltas: ['Hi'] }, { fail: 'server' }] });
    const guarded = withCircuitBreaker(mock, { failureThreshold: 2 });
    await guarded.stream(ask).text.catch(() => undefined);
    await guarded.stream(ask).text.catch(() => undefined);
    expect(guarded.circuit.state).toBe('open');
    expect((await fail(guarded.stream(ask).text)).kind).toBe('circuit_open');
    expect(mock.calls).toHaveLength(2);
  });

  it('reset() closes the circuit', async () => {
    const guarded = withCircuitBreaker(createMockProvider({ reply: { fail: 'auth' } }));
    await fail(guarded.generate(ask));
    guarded.circuit.reset();
    expect(guarded.circuit.state).toBe('closed');
  });
});
