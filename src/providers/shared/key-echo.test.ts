import { inspect } from 'node:util';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors.js';
import type { Provider } from '../../core/types.js';
import { createFakeProviderServer, fake } from '../../testing/fake-provider-server/index.js';
import type { FakeProviderServer } from '../../testing/fake-provider-server/index.js';
import { createAnthropicProvider } from '../anthropic/index.js';
import { createHuggingFaceProvider } from '../huggingface/index.js';
import { createOpenAIProvider } from '../openai/index.js';
import { createFallbackChain } from '../resilience/create-fallback-chain.js';
import { createProviderChain } from '../resilience/create-provider-chain.js';
import type { ResilienceEvent } from '../resilience/resilience-event.js';
import { withRetry } from '../resilience/with-retry.js';

// A 401 that repeats the key, through each provider, inspected in every form an error takes.
const server: FakeProviderServer = await createFakeProviderServer();
afterAll(() => server.close());
beforeEach(() => server.reset());

const ask = { messages: [{ role: 'user' as const, content: 'Where is my order #54321?' }] };

// Keys no generic pattern knows (short, odd prefixes) and ones that patterns know but only just.
const keys = ['sk-test-SECRET123', 'zz9-plural-z-alpha', 'hf_Tiny42', 'sk-ant-Q7'];

const vendors: Readonly<Record<'openai' | 'anthropic' | 'huggingface', (apiKey: string) => Provider>> = {
  openai: (apiKey) => createOpenAIProvider({ apiKey, baseURL: server.openaiBaseURL }),
  anthropic: (apiKey) => createAnthropicProvider({ apiKey, baseURL: server.anthropicBaseURL }),
  huggingface: (apiKey) => createHuggingFaceProvider({ apiKey, baseURL: server.huggingfaceBaseURL }),
};

/** Every representation of an error a host may log or send. */
function everyForm(error: ProviderError): string {
  const cause = error.cause as Error | undefined;
  return [
    error.message,
    String(error.stack),
    JSON.stringify(error),
    JSON.stringify(error.toJSON()),
    inspect(error, { depth: 8, showHidden: true }),
    String(cause?.message),
    String(cause?.stack),
    inspect(cause, { depth: 8, showHidden: true }),
    JSON.stringify(error.attempts),
    inspect(error.attempts, { depth: 8 }),
    ...error.attempts.map((attempt) => (attempt.error ? `${attempt.error.message}\n${String(attempt.error.stack)}` : '')),
  ].join('\n');
}

/** The key, and its fragments a reader would recognise. */
function leaks(text: string, key: string): string[] {
  const half = key.slice(0, Math.ceil(key.length / 2) + 1);
  const tail = key.slice(-(Math.ceil(key.length / 2) + 1));
  return [key, encodeURIComponent(key), half, tail].filter((fragment) => text.includes(fragment));
}

describe.each(Object.entries(vendors))('%s: a 401 echoing the key', (vendor, make) => {
  it.each(keys)('never shows %s in the message, stack, JSON, inspect output or cause', async (key) => {
    server.enqueue(fake.fault('auth', { echoKey: true }));
    const error = (await make(key).generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('[REDACTED]');
    expect(leaks(everyForm(error), key)).toEqual([]);
  });

  it('never shows it in a stream error either', async () => {
    const key = keys[1] as string;
    server.enqueue(fake.fault('auth', { echoKey: true }));
    const error = (await make(key).stream(ask).text.catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('auth');
    expect(leaks(everyForm(error), key)).toEqual([]);
  });

  it('never shows it in a chain’s final error, its attempts, its events or its degraded reason', async () => {
    const key = keys[1] as string;
    server.script(() => fake.fault('auth', { echoKey: true }));
    const events: ResilienceEvent[] = [];
    const other = createOpenAIProvider({ apiKey: key, baseURL: server.openaiBaseURL, id: 'backup' });
    const chain = createFallbackChain([withRetry(make(key)), withRetry(other)], { onEvent: (event) => events.push(event) });
    const error = (await chain.generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(error.attempts.map((attempt) => attempt.error?.kind)).toEqual(['auth', 'auth']);
    expect(leaks(everyForm(error), key)).toEqual([]);
    expect(leaks(JSON.stringify(events), key)).toEqual([]);

    const degraded = createFallbackChain([withRetry(make(key))], { degraded: createOpenAIProvider({ apiKey: 'sk-unused', baseURL: 'http://127.0.0.1:9' }) });
    const reason = await degraded.generate(ask).then(
      (result) => result.degradedReason ?? '',
      (caught: unknown) => everyForm(caught as ProviderError),
    );
    expect(leaks(reason, key)).toEqual([]);
    expect(vendor).toBeTruthy();
  });
});

describe('the whole default stack (retry, circuit breaker, rate limit, chain) with every vendor echoing the key', () => {
  it.each(keys)('keeps %s out of the final error and every event', async (key) => {
    server.script(() => fake.fault('auth', { echoKey: true }));
    const events: ResilienceEvent[] = [];
    const chain = await createProviderChain({
      providers: [
        { type: 'openai', apiKey: key, baseURL: server.openaiBaseURL },
        { type: 'anthropic', apiKey: key, baseURL: server.anthropicBaseURL },
        { type: 'huggingface', apiKey: key, baseURL: server.huggingfaceBaseURL },
      ],
      onEvent: (event) => events.push(event),
    });
    const error = (await chain.generate(ask).catch((caught: unknown) => caught)) as ProviderError;
    expect(error.message).toBe('Every provider in the chain failed (openai: auth; anthropic: auth; huggingface: auth)');
    expect(events.map((event) => event.type)).toContain('circuit');
    expect(leaks(everyForm(error), key)).toEqual([]);
    expect(leaks(JSON.stringify(events) + inspect(events, { depth: 8 }), key)).toEqual([]);
  });
});
