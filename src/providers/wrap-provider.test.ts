import { describe, expect, it } from 'vitest';
import { ProviderError } from '../core/errors.js';
import type { CallOptions, Provider } from '../core/types.js';
import { createMockProvider } from '../testing/mock-provider.js';
import { runProviderContract } from '../testing/provider-contract/run-provider-contract.js';
import { forwardStream, wrapProvider } from './wrap-provider.js';

const request = { messages: [{ role: 'user' as const, content: 'Hi' }] };

describe('wrapProvider', () => {
  it('passes the provider through and applies the id and honorsDeadline overrides', async () => {
    const inner = createMockProvider({ id: 'inner', model: 'm-1', contextWindow: 1_000, reply: 'Hello' });
    const plain = wrapProvider(inner, {});
    expect([plain.id, plain.model, plain.contextWindow, plain.honorsDeadline]).toEqual(['inner', 'm-1', 1_000, undefined]);
    const renamed = wrapProvider(inner, { id: 'renamed', honorsDeadline: true });
    expect([renamed.id, renamed.honorsDeadline]).toEqual(['renamed', true]);
    expect((await renamed.generate(request)).text).toBe('Hello');
  });

  it('keeps the caller’s signal when a middleware passes a signal of its own', async () => {
    const inner = createMockProvider({ reply: { hang: true } });
    const own = new AbortController();
    const wrapped = wrapProvider(inner, { wrapGenerate: ({ doGenerate }) => doGenerate(undefined, { signal: own.signal }) });
    const caller = new AbortController();
    const pending = wrapped.generate(request, { signal: caller.signal });
    caller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    expect(own.signal.aborted).toBe(false);
  });

  it('lets a middleware move the deadline earlier but never later, and keeps the rest of the options', async () => {
    const seen: CallOptions[] = [];
    const inner = createMockProvider({ script: (call) => (seen.push(call.options), 'ok') });
    const later = wrapProvider(inner, { wrapGenerate: ({ doGenerate, options }) => doGenerate(undefined, { deadline: (options.deadline ?? 0) + 1_000 }) });
    const earlier = wrapProvider(inner, { wrapGenerate: ({ doGenerate, options }) => doGenerate(undefined, { deadline: (options.deadline ?? 0) - 1_000 }) });
    await later.generate(request, { deadline: 50_000, failover: true });
    await earlier.generate(request, { deadline: 50_000 });
    expect(seen.map((options) => options.deadline)).toEqual([50_000, 49_000]);
    expect(seen[0]?.failover).toBe(true);
  });

  it('aborts a stream built with createStream through abort(), and the inner stream with it', async () => {
    const inner = createMockProvider({ reply: { hang: true, afterDeltas: ['Hel'] } });
    const wrapped = wrapProvider(inner, { wrapStream: ({ createStream }) => createStream(async function* ({ doStream }) {
      return yield* forwardStream(doStream());
    }) });
    const stream = wrapped.stream(request);
    for await (const _delta of stream) break;
    await expect(stream.result).rejects.toMatchObject({ kind: 'aborted' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(inner.pendingCount).toBe(0);
  });

  it('rejects, rather than throws, when a transformRequest hook refuses the request', async () => {
    const wrapped = wrapProvider(createMockProvider({ reply: 'x' }), {
      transformRequest: () => {
        throw new ProviderError('refused', { kind: 'invalid_request' });
      },
    });
    let pending: Promise<unknown> | undefined;
    expect(() => (pending = wrapped.generate(request))).not.toThrow();
    await expect(pending).rejects.toMatchObject({ kind: 'invalid_request' });
  });
});

describe('runProviderContract', () => {
  it('fails a hand-written wrapper that drops the abort signal', async () => {
    const tests = new Map<string, () => Promise<void>>();
    const leaky = (inner: Provider): Provider => ({ ...inner, generate: (chatRequest) => inner.generate(chatRequest) });
    runProviderContract({
      name: 'leaky',
      settleWithinMs: 100,
      test: { describe: (_name, body) => body(), it: (name, body) => void tests.set(name, body) },
      createProvider: ({ backing }) => leaky(backing),
    });
    const abortDuringCall = [...tests].find(([name]) => name.includes('signal fires during the call'))?.[1];
    await expect(abortDuringCall?.()).rejects.toThrow(/did not settle within 100 ms/);
  });
});
