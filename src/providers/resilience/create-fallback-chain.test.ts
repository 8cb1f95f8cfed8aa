import { describe, expect, it, vi } from 'vitest';
import { ProviderError, ValidationError } from '../../core/errors.js';
import type { Provider } from '../../core/types.js';
import { createChatStream } from '../../core/create-chat-stream.js';
import { createMockProvider } from '../../testing/mock-provider.js';
import { BudgetExceededError } from '../budget/budget-exceeded-error.js';
import { createFallbackChain } from './create-fallback-chain.js';
import type { ResilienceEvent } from './resilience-event.js';
import { createVirtualTime } from './virtual-time.js';
import { withRetry } from './with-retry.js';
import { withTimeout } from './with-timeout.js';

const ask = { messages: [{ role: 'user' as const, content: 'Where is order #54321?' }] };
const failure = (promise: Promise<unknown>): Promise<ProviderError> => promise.then(() => expect.fail('expected a failure'), (error: unknown) => error as ProviderError);

describe('createFallbackChain', () => {
  it('moves to the next provider and lists the attempts of every link', async () => {
    const events: ResilienceEvent[] = [];
    const openai = createMockProvider({ id: 'openai', reply: { fail: 'overloaded' } });
    const anthropic = createMockProvider({ id: 'anthropic', model: 'claude-3-haiku', reply: 'Shipped yesterday.' });
    const chain = createFallbackChain([withRetry(openai, { sleep: async () => undefined, maxAttempts: 2, inPlace: 'always' }), anthropic], { onEvent: (event) => events.push(event) });
    const result = await chain.generate(ask);
    expect(result).toMatchObject({ text: 'Shipped yesterday.', provider: 'anthropic', model: 'claude-3-haiku', degraded: false });
    expect(result.attempts.map((attempt) => `${attempt.provider}:${attempt.ok ? 'ok' : attempt.kind}`)).toEqual(['openai:overloaded', 'openai:overloaded', 'anthropic:ok']);
    expect(events.filter((event) => event.type === 'fallback')).toMatchObject([{ provider: 'openai', to: 'anthropic', kind: 'overloaded' }]);
    expect(events.at(-1)).toMatchObject({ type: 'success', provider: 'anthropic', attempts: 3 });
    expect(chain.id).toBe('openai');
  });

  it('stops at once on a stop kind, even with a degraded responder', async () => {
    const second = createMockProvider({ id: 'anthropic', reply: 'unreachable' });
    const rules = createMockProvider({ id: 'rules', reply: 'unreachable' });
    const chain = createFallbackChain([createMockProvider({ id: 'openai', reply: { fail: 'content_filter' } }), second], { degraded: rules });
    expect((await failure(chain.generate(ask))).kind).toBe('content_filter');
    expect(second.calls).toHaveLength(0);
    expect(rules.calls).toHaveLength(0);
  });

  it('stops on a budget refusal and keeps it a BudgetExceededError, with the attempts', async () => {
    const refusal = new BudgetExceededError({ scope: 'user', limit: 'costMicros', limitValue: 100, requested: 150, remaining: 20, providerId: 'openai' });
    const second = createMockProvider({ id: 'anthropic', reply: 'unreachable' });
    const error = await failure(createFallbackChain([createMockProvider({ id: 'openai', reply: { fail: refusal } }), second]).generate(ask));
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ scope: 'user', limit: 'costMicros', remaining: 20, kind: 'budget_exceeded' });
    expect(error.attempts.map((attempt) => `${attempt.provider}:${attempt.kind}`)).toEqual(['openai:budget_exceeded']);
    expect(second.calls).toHaveLength(0);
  });

  it('follows a custom policy', async () => {
    const second = createMockProvider({ id: 'b', reply: 'ok' });
    const chain = createFallbackChain([createMockProvider({ id: 'a', reply: { fail: 'auth' } }), second], { policy: { auth: 'stop' } });
    expect((await failure(chain.generate(ask))).kind).toBe('auth');
    expect(() => createFallbackChain([second], { policy: { aborted: 'next' } })).toThrow(/aborted/);
  });

  it('answers from the degraded responder when every link fails, marked degraded with a reason', async () => {
    const rules = createMockProvider({ id: 'rules', model: 'rules', reply: 'Order #54321 shipped on Monday.' });
    const chain = createFallbackChain(
      [createMockProvider({ id: 'openai', reply: { fail: 'server' } }), createMockProvider({ id: 'anthropic', reply: { fail: 'auth' } })],
      { degraded: rules },
    );
    const result = await chain.generate(ask);
    expect(result).toMatchObject({ provider: 'rules', degraded: true, degradedReason: 'every model provider failed (openai: server; anthropic: auth)' });
    expect(result.attempts).toHaveLength(3);
  });

  it('fails with every failure named when there is no degraded responder', async () => {
    const chain = createFallbackChain([createMockProvider({ id: 'openai', reply: { fail: 'server' } }), createMockProvider({ id: 'hf', reply: { fail: 'timeout' } })]);
    const error = await failure(chain.generate(ask));
    // Both failures are retryable: the summary takes the first link's kind.
    expect(error).toMatchObject({ kind: 'server', retryable: true, providerId: 'openai' });
    expect(error.message).toContain('openai: server; hf: timeout');
    expect(error.attempts.map((attempt) => attempt.provider)).toEqual(['openai', 'hf']);
  });

  it('summarises every link in its final error: first retryable kind, retryable if any was, the soonest wait', async () => {
    const chain = createFallbackChain([
      createMockProvider({ id: 'openai', reply: { fail: 'auth' } }),
      createMockProvider({ id: 'anthropic', reply: { fail: 'overloaded', status: 529, retryAfterMs: 7_000 } }),
      createMockProvider({ id: 'huggingface', reply: { fail: 'quota_exhausted', status: 402 } }),
      createMockProvider({ id: 'local', reply: { fail: 'rate_limited', retryAfterMs: 2_000 } }),
    ]);
    const error = await failure(chain.generate(ask));
    expect(error).toMatchObject({ kind: 'overloaded', retryable: true, retryAfterMs: 2_000, status: 529, providerId: 'anthropic' });
    expect(error.message).toBe('Every provider in the chain failed (openai: auth; anthropic: overloaded; huggingface: quota_exhausted; local: rate_limited)');
    // Every link's own error is kept, as the AI SDK's RetryError keeps errors[].
    expect(error.attempts.map((attempt) => [attempt.provider, attempt.error?.kind, attempt.error?.status])).toEqual([
      ['openai', 'auth', 401],
      ['anthropic', 'overloaded', 529],
      ['huggingface', 'quota_exhausted', 402],
      ['local', 'rate_limited', 429],
    ]);
    expect(ProviderError.isInstance(error.cause) && error.cause.providerId).toBe('anthropic');
    const json = JSON.parse(JSON.stringify(error)) as { attempts: { error: { kind: string; message: string } }[] };
    expect(json.attempts.map((attempt) => attempt.error.kind)).toEqual(['auth', 'overloaded', 'quota_exhausted', 'rate_limited']);
  });

  it('summarises a stream that failed on every link the same way', async () => {
    const chain = createFallbackChain([
      createMockProvider({ id: 'openai', reply: { fail: 'auth' } }),
      createMockProvider({ id: 'anthropic', reply: { fail: 'overloaded', retryAfterMs: 4_000 } }),
    ]);
    const error = await failure(chain.stream(ask).text);
    expect(error).toMatchObject({ kind: 'overloaded', retryable: true, retryAfterMs: 4_000, providerId: 'anthropic' });
    expect(error.message).toContain('openai: auth; anthropic: overloaded');
    expect(error.attempts.map((attempt) => attempt.error?.kind)).toEqual(['auth', 'overloaded']);
  });

  it('moves on at once when a link’s server wait is longer than the time left before the total deadline', async () => {
    const sleeps: number[] = [];
    const sleep = async (ms: number): Promise<void> => void sleeps.push(ms);
    const slow = createMockProvider({ id: 'huggingface', reply: { fail: 'overloaded', retryAfterMs: 8_000 } });
    const backup = createMockProvider({ id: 'anthropic', reply: 'Warm answer.' });
    // No `sleep` on the chain: it passes its deadline down instead of arming a timer.
    const chain = createFallbackChain([withRetry(slow, { sleep }), backup], { deadlineMs: 5_000 });
    const result = await chain.generate(ask);
    expect(result).toMatchObject({ text: 'Warm answer.', provider: 'anthropic' });
    expect(result.attempts.map((attempt) => [attempt.provider, attempt.kind, attempt.retryAfterMs])).toEqual([
      ['huggingface', 'overloaded', 8_000],
      ['anthropic', undefined, undefined],
    ]);
    expect(sleeps).toEqual([]);
    expect(slow.calls).toHaveLength(1);
  });

  it('is not retryable when no link’s failure was, and takes the last link’s kind', async () => {
    const chain = createFallbackChain([createMockProvider({ id: 'openai', reply: { fail: 'auth' } }), createMockProvider({ id: 'huggingface', reply: { fail: 'quota_exhausted', status: 402 } })]);
    const error = await failure(chain.generate(ask));
    expect(error).toMatchObject({ kind: 'quota_exhausted', retryable: false, retryAfterMs: undefined, status: 402, providerId: 'huggingface' });
    expect(error.message).toContain('openai: auth; huggingface: quota_exhausted');
  });

  it('names each provider’s failure kind, in order, in a degraded answer’s reason', async () => {
    const chain = createFallbackChain(
      [withRetry(createMockProvider({ id: 'openai', reply: { fail: 'server' } }), { sleep: async () => undefined }), createMockProvider({ id: 'anthropic', reply: { fail: 'auth' } })],
      { degraded: createMockProvider({ id: 'rules', reply: 'Rule-based answer' }) },
    );
    const result = await chain.generate(ask);
    expect(result.degradedReason).toBe('every model provider failed (openai: server; anthropic: auth)');
  });

  it('on context_length moves to the next link whose context window fits', async () => {
    const long = { messages: [{ role: 'user' as const, content: 'x'.repeat(40_000) }], maxOutputTokens: 500 };
    const small = createMockProvider({ id: 'small', contextWindow: 8_000, enforceContextWindow: true, reply: 'unreachable' });
    const alsoSmall = createMockProvider({ id: 'also-small', contextWindow: 8_000, reply: 'would not fit' });
    const large = createMockProvider({ id: 'large', contextWindow: 128_000, reply: 'fits' });
    const result = await createFallbackChain([small, alsoSmall, large]).generate(long);
    expect(result.provider).toBe('large');
    expect(alsoSmall.calls).toHaveLength(0);

    const error = await failure(createFallbackChain([small, alsoSmall]).generate(long));
    expect(error.kind).toBe('context_length');
    expect(error.message).toMatch(/about \d+ tokens .*largest context window: 8000/);
  });

  it('a stream failing before its first delta is answered by the next provider', async () => {
    const chain = createFallbackChain([
      createMockProvider({ id: 'openai', reply: { fail: 'overloaded' } }),
      createMockProvider({ id: 'anthropic', reply: { deltas: ['Your order ', 'shipped.'] } }),
    ]);
    const stream = chain.stream(ask);
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    expect(deltas).toEqual(['Your order ', 'shipped.']);
    const result = await stream.result;
    expect(result).toMatchObject({ provider: 'anthropic', text: 'Your order shipped.' });
    expect(result.attempts).toHaveLength(2);
  });

  it('a stream failing after its first delta keeps the partial text and never glues on another model', async () => {
    const second = createMockProvider({ id: 'anthropic', reply: 'SECOND MODEL' });
    const chain = createFallbackChain([createMockProvider({ id: 'openai', reply: { fail: 'network', afterDeltas: ['Your order ', 'is '] } }), second]);
    const stream = chain.stream(ask);
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const delta of stream) seen.push(delta);
      })(),
    );
    expect(error.kind).toBe('network');
    expect(error.partialText).toBe('Your order is ');
    expect(seen.join('')).toBe('Your order is ');
    expect(second.calls).toHaveLength(0);
    await expect(stream.text).rejects.toMatchObject({ partialText: 'Your order is ' });
  });

  it('with restartStreamOnFailure, restarts on the next link and result holds only its text', async () => {
    const events: ResilienceEvent[] = [];
    const chain = createFallbackChain(
      [createMockProvider({ id: 'openai', reply: { fail: 'network', afterDeltas: ['Half an '] } }), createMockProvider({ id: 'anthropic', reply: { deltas: ['Whole ', 'answer'] } })],
      { restartStreamOnFailure: true, onEvent: (event) => events.push(event) },
    );
    const stream = chain.stream(ask);
    const seen: string[] = [];
    for await (const delta of stream) seen.push(delta);
    expect(seen).toEqual(['Half an ', 'Whole ', 'answer']);
    expect(await stream.text).toBe('Whole answer');
    expect((await stream.result).provider).toBe('anthropic');
    expect(events.find((event) => event.type === 'stream_restarted')).toMatchObject({ provider: 'openai', discardedChars: 8 });
  });

  it('marks a degraded stream as degraded', async () => {
    const chain = createFallbackChain([createMockProvider({ id: 'openai', reply: { fail: 'server' } })], { degraded: createMockProvider({ id: 'rules', reply: 'Rule answer' }) });
    const stream = chain.stream(ask);
    expect(await stream.result).toMatchObject({ degraded: true, provider: 'rules', text: 'Rule answer' });
  });

  it('an abort stops the chain without trying further links', async () => {
    const second = createMockProvider({ id: 'b', reply: 'ok' });
    const controller = new AbortController();
    const chain = createFallbackChain([createMockProvider({ id: 'a', reply: { hang: true } }), second]);
    const call = chain.generate(ask, { signal: controller.signal });
    controller.abort();
    expect((await failure(call)).kind).toBe('aborted');
    expect(second.calls).toHaveLength(0);
  });

  it('a total deadline holds across retries and fallbacks', async () => {
    const time = createVirtualTime();
    const slow = (id: string) => createMockProvider({ id, reply: { fail: 'overloaded', latencyMs: 400 }, sleep: time.sleep });
    const chain = withTimeout(
      createFallbackChain([withRetry(slow('a'), { sleep: time.sleep, minDelayMs: 100, maxAttempts: 3 }), withRetry(slow('b'), { sleep: time.sleep, minDelayMs: 100, maxAttempts: 3 })]),
      { timeoutMs: 1_000, sleep: time.sleep, label: 'total deadline' },
    );
    const call = chain.generate(ask);
    call.catch(() => undefined);
    await time.advance(999);
    let settled = false;
    void call.finally(() => (settled = true)).catch(() => undefined);
    await time.flush();
    expect(settled).toBe(false);
    await time.advance(1);
    const error = await failure(call);
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('total deadline');
  });

  it('per-attempt timeout turns a hung attempt into a retryable timeout', async () => {
    const time = createVirtualTime();
    const mock = createMockProvider({ script: [{ hang: true }], reply: 'second try', sleep: time.sleep });
    const provider = withRetry(withTimeout(mock, { timeoutMs: 500, sleep: time.sleep }), { sleep: time.sleep, random: () => 0, minDelayMs: 100 });
    const call = provider.generate(ask);
    await time.advance(1_000);
    const result = await call;
    expect(result.attempts.map((attempt) => attempt.kind ?? 'ok')).toEqual(['timeout', 'ok']);
  });

  it('stream idle timeout fails a stalled stream with its partial text', async () => {
    const time = createVirtualTime();
    const mock = createMockProvider({ reply: { hang: true, afterDeltas: ['Hello'] }, sleep: time.sleep });
    const stream = withTimeout(mock, { idleTimeoutMs: 2_000, sleep: time.sleep }).stream(ask);
    stream.text.catch(() => undefined);
    await time.advance(2_000);
    const error = await failure(stream.text);
    expect(error).toMatchObject({ kind: 'timeout', partialText: 'Hello' });
  });
});

describe('createFallbackChain: preferredProvider on the request', () => {
  const chainOf = () => {
    const calls: string[] = [];
    const link = (id: string, fail = false) =>
      createMockProvider({ id, script: () => (calls.push(id), fail ? { fail: 'overloaded' } : `from ${id}`) });
    return { calls, build: (failing: string[] = []) => createFallbackChain(['openai', 'anthropic', 'huggingface'].map((id) => link(id, failing.includes(id)))) };
  };
  const ask = { messages: [{ role: 'user' as const, content: 'Hi' }] };

  it('tries the preferred link first, then the rest in the chain order, for that call only', async () => {
    const { calls, build } = chainOf();
    const chain = build(['huggingface']);
    expect((await chain.generate({ ...ask, preferredProvider: 'HuggingFace' })).provider).toBe('openai');
    expect((await chain.generate(ask)).provider).toBe('openai');
    expect(calls).toEqual(['huggingface', 'openai', 'openai']);
    const stream = chain.stream({ ...ask, preferredProvider: 'anthropic' });
    expect(await stream.text).toBe('from anthropic');
  });

  it('rejects a provider the chain does not have, naming the field and the ids it has', async () => {
    const { calls, build } = chainOf();
    const error = await build()
      .generate({ ...ask, preferredProvider: 'gemini' })
      .then(
        () => expect.fail('expected a ValidationError'),
        (caught: unknown) => caught,
      );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]).toEqual({ path: 'preferredProvider', message: 'No provider "gemini" in this chain; expected "auto" or one of "openai", "anthropic", "huggingface"' });
    expect(calls).toEqual([]);
  });
});

describe('createFallbackChain: streams, link by link', () => {
  const events = () => {
    const seen: ResilienceEvent[] = [];
    return { seen, onEvent: (event: ResilienceEvent) => void seen.push(event) };
  };
  const summary = (seen: readonly ResilienceEvent[]) => seen.map((event) => (event.type === 'fallback' ? `fallback ${event.provider}→${event.to}` : event.type === 'failure' ? `failure ${event.provider}: ${event.kind}` : event.type));

  it('a caller’s abort during the second link’s stream stops the chain: no third link, one `aborted` failure', async () => {
    const { seen, onEvent } = events();
    const second = createMockProvider({ id: 'anthropic', reply: { hang: true, afterDeltas: ['Your order '] } });
    const third = createMockProvider({ id: 'huggingface', reply: 'unreachable' });
    const chain = createFallbackChain([createMockProvider({ id: 'openai', reply: { fail: 'overloaded' } }), second, third], { onEvent });
    const controller = new AbortController();
    const stream = chain.stream(ask, { signal: controller.signal });
    const seenText: string[] = [];
    const error = await failure(
      (async () => {
        for await (const delta of stream) {
          seenText.push(delta);
          controller.abort();
        }
      })(),
    );
    expect(error.kind).toBe('aborted');
    expect(seenText).toEqual(['Your order ']);
    await vi.waitFor(() => expect(second.pendingCount).toBe(0));
    expect(second.calls[0]).toMatchObject({ outcome: 'error', errorKind: 'aborted' });
    expect(third.calls).toHaveLength(0);
    await vi.waitFor(() => expect(summary(seen)).toEqual(['fallback openai→anthropic', 'failure anthropic: aborted']));
  });

  it('a reader who stops reading mid-answer cancels the link, and the chain reports it once as `aborted`', async () => {
    const { seen, onEvent } = events();
    const link = createMockProvider({ id: 'openai', reply: { hang: true, afterDeltas: ['One ', 'two ', 'three '] } });
    const backup = createMockProvider({ id: 'anthropic', reply: 'unreachable' });
    const stream = createFallbackChain([link, backup], { onEvent }).stream(ask);
    for await (const _delta of stream) break;
    await expect(stream.result).rejects.toMatchObject({ kind: 'aborted' });
    await vi.waitFor(() => expect(link.pendingCount).toBe(0));
    expect(backup.calls).toHaveLength(0);
    await vi.waitFor(() => expect(summary(seen)).toEqual(['failure openai: aborted']));
  });

  it('a link that stalls before its first delta is failed over by its own timeout; the next link answers', async () => {
    const time = createVirtualTime();
    const { seen, onEvent } = events();
    const stalled = withTimeout(createMockProvider({ id: 'openai', reply: { hang: true }, sleep: time.sleep }), { timeoutMs: 2_000, sleep: time.sleep });
    const chain = createFallbackChain([stalled, createMockProvider({ id: 'anthropic', reply: { deltas: ['Shipped ', 'today.'] } })], { onEvent });
    const stream = chain.stream(ask);
    stream.text.catch(() => undefined);
    await time.advance(2_000);
    expect(await stream.text).toBe('Shipped today.');
    expect((await stream.result).attempts.map((attempt) => `${attempt.provider}:${attempt.kind ?? 'ok'}`)).toEqual(['openai:timeout', 'anthropic:ok']);
    expect(summary(seen)).toEqual(['fallback openai→anthropic', 'success']);
  });

  it('the total deadline covers the wait for the first delta: a stalled stream goes to the degraded responder, a started one is not cut', async () => {
    const time = createVirtualTime();
    const rules = createMockProvider({ id: 'rules', reply: 'A teammate will reply soon.' });
    const stalled = createFallbackChain([createMockProvider({ id: 'openai', reply: { hang: true }, sleep: time.sleep }), createMockProvider({ id: 'anthropic', reply: 'unreachable' })], { deadlineMs: 1_000, sleep: time.sleep, degraded: rules });
    const late = stalled.stream(ask);
    late.text.catch(() => undefined);
    await time.advance(1_000);
    expect(await late.result).toMatchObject({ provider: 'rules', degraded: true, text: 'A teammate will reply soon.', degradedReason: 'every model provider failed (openai: timeout)' });

    const slowButStarted = createMockProvider({ id: 'openai', reply: { deltas: ['Your order ', 'shipped.'], latencyMs: 500, deltaDelayMs: 2_000 }, sleep: time.sleep });
    const started = createFallbackChain([slowButStarted], { deadlineMs: 1_000, sleep: time.sleep, degraded: rules }).stream(ask);
    started.text.catch(() => undefined);
    await time.advance(3_000);
    expect(await started.result).toMatchObject({ provider: 'openai', degraded: false, text: 'Your order shipped.' });
  });

  it('a tool-call delta commits the chain to its link too: a failure after it is not failed over', async () => {
    const { seen, onEvent } = events();
    const toolThenFail: Provider = {
      id: 'openai',
      model: 'gpt-4o-mini',
      contextWindow: 128_000,
      generate: () => Promise.reject(new Error('not used')),
      stream: () =>
        createChatStream(async function* () {
          yield { type: 'tool-call-delta', index: 0, id: 'call_1', name: 'lookup_order', argumentsDelta: '{"orderId":' };
          throw new ProviderError('connection reset', { kind: 'network', providerId: 'openai', model: 'gpt-4o-mini' });
        }),
    };
    const backup = createMockProvider({ id: 'anthropic', reply: 'SECOND MODEL' });
    const stream = createFallbackChain([toolThenFail, backup], { onEvent }).stream(ask);
    await expect(stream.result).rejects.toMatchObject({ kind: 'network', providerId: 'openai' });
    expect(backup.calls).toHaveLength(0);
    expect(summary(seen)).toEqual(['failure openai: network']);
  });

  it('with restartStreamOnFailure, a stop kind after the restart still stops the chain', async () => {
    const { seen, onEvent } = events();
    const third = createMockProvider({ id: 'huggingface', reply: 'unreachable' });
    const chain = createFallbackChain(
      [createMockProvider({ id: 'openai', reply: { fail: 'network', afterDeltas: ['Half '] } }), createMockProvider({ id: 'anthropic', reply: { fail: 'content_filter', afterDeltas: ['Other '] } }), third],
      { restartStreamOnFailure: true, onEvent },
    );
    const stream = chain.stream(ask);
    await expect(stream.result).rejects.toMatchObject({ kind: 'content_filter', providerId: 'anthropic' });
    expect(third.calls).toHaveLength(0);
    expect(summary(seen)).toEqual(['stream_restarted', 'fallback openai→anthropic', 'stream_restarted', 'failure anthropic: content_filter']);
  });
});
