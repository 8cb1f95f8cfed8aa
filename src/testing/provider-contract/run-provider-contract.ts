import assert from 'node:assert/strict';
import { CrmKitError, ProviderError, ValidationError, type ProviderErrorKind } from '../../core/errors.js';
import { validateChatRequest } from '../../core/validate-chat-request.js';
import type { CallOptions, ChatRequest, ChatStream, Provider, Usage } from '../../core/types.js';
import { withTimeout } from '../../providers/resilience/with-timeout.js';
import { wrapProvider } from '../../providers/wrap-provider.js';
import { createMockProvider } from '../mock-provider.js';
import type { ContractTestApi } from '../adapter-contract/contract-test-api.js';

/**
 * What the provider under test must meet on every call of one contract test: a reply, a hang
 * (the backend answers nothing, after a few stream deltas, until the call is aborted), or a
 * non-retryable failure of the given kind.
 *
 * @example
 * ```ts
 * const scenario: ProviderContractScenario = { type: 'fail', kind: 'invalid_request' };
 * ```
 */
export type ProviderContractScenario =
  | { readonly type: 'reply'; readonly text: string; readonly deltas: readonly string[]; readonly usage: Usage }
  | { readonly type: 'hang'; readonly afterDeltas: readonly string[] }
  | { readonly type: 'fail'; readonly kind: Extract<ProviderErrorKind, 'invalid_request'> };

/**
 * What {@link ProviderContractOptions.createProvider} receives for each test.
 *
 * @example
 * ```ts
 * const createProvider = ({ backing }: ProviderContractContext) => withRetry(backing);
 * ```
 */
export interface ProviderContractContext {
  readonly scenario: ProviderContractScenario;
  /**
   * A reference provider that meets `scenario` on every call: it validates requests like a vendor
   * provider (a `ValidationError` before any work) and honours `CallOptions.deadline`. Wrap it to
   * test a middleware; ignore it (and serve `scenario` from your backend) to test a provider.
   */
  readonly backing: Provider;
}

/**
 * Options of {@link runProviderContract}.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 *
 * const options: ProviderContractOptions = { name: 'withAudit', test: { describe, it }, createProvider: ({ backing }) => withAudit(backing) };
 * ```
 */
export interface ProviderContractOptions {
  /** Shown in the suite's name, e.g. `withAudit`. */
  readonly name: string;
  /** `describe` and `it` of your test runner. */
  readonly test: ContractTestApi;
  /** Makes the provider under test, primed so that every call meets `context.scenario`. */
  readonly createProvider: (context: ProviderContractContext) => Provider | Promise<Provider>;
  /** How soon after an abort (or a passed deadline) every promise must have settled. @default 250 */
  readonly settleWithinMs?: number;
  /**
   * Whether a request the schema refuses must be refused with a `ValidationError`. Turn it off for a
   * provider that sends requests as they are. @default true
   */
  readonly validatesRequests?: boolean;
  /** Timeout of each test. @default 10_000 */
  readonly testTimeoutMs?: number;
}

/** The reply every `reply` scenario asks for: deltas, the text they make, and exact usage. */
const replyScenario = {
  type: 'reply',
  text: 'Your order ships today.',
  deltas: ['Your ', 'order ', 'ships ', 'today.'],
  usage: { inputTokens: 12, outputTokens: 5, totalTokens: 17 },
} as const satisfies ProviderContractScenario;
const hangScenario = { type: 'hang', afterDeltas: ['Checking ', 'your order'] } as const satisfies ProviderContractScenario;
/** A backend that never starts answering: what a deadline bounds. */
const silentScenario: ProviderContractScenario = { type: 'hang', afterDeltas: [] };
const failScenario = { type: 'fail', kind: 'invalid_request' } as const satisfies ProviderContractScenario;

const request: ChatRequest = { messages: [{ role: 'user', content: 'Where is my order #54321?' }], maxOutputTokens: 64 };

/** The reference provider for `scenario`: the mock, validating requests and honouring deadlines. */
function backingFor(scenario: ProviderContractScenario): Provider {
  const mock = createMockProvider({
    id: 'contract',
    model: 'contract-model',
    reply:
      scenario.type === 'reply'
        ? { text: scenario.text, deltas: scenario.deltas, usage: scenario.usage }
        : scenario.type === 'hang'
          ? { hang: true, afterDeltas: scenario.afterDeltas }
          : { fail: scenario.kind },
  });
  const validating = wrapProvider(mock, {
    transformRequest(chatRequest, { type }) {
      validateChatRequest(chatRequest as ChatRequest<unknown>, `contract ${type} request`);
      return chatRequest;
    },
  });
  return withTimeout(validating, {});
}

/** Resolves to how long `promise` took to settle, and its rejection (undefined when it resolved). */
async function settled(promise: Promise<unknown>): Promise<{ ms: number; error: unknown; resolved: boolean }> {
  const startedAt = performance.now();
  try {
    await promise;
    return { ms: performance.now() - startedAt, error: undefined, resolved: true };
  } catch (error) {
    return { ms: performance.now() - startedAt, error, resolved: false };
  }
}

/** Rejects when `promise` has not settled within `ms`: a hang fails the test instead of timing it out. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new assert.AssertionError({ message: `${what} did not settle within ${ms} ms` })), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function assertKind(error: unknown, kind: ProviderErrorKind, what: string): void {
  assert.ok(ProviderError.isInstance(error), `${what}: expected a ProviderError of kind ${kind}, got ${String(error)}`);
  assert.equal(error.kind, kind, `${what}: kind`);
}

/** Every promise of `stream`, so a test can check that each one settles. */
function promisesOf(stream: ChatStream<unknown>): Record<string, Promise<unknown>> {
  return { text: stream.text, usage: stream.usage, finishReason: stream.finishReason, result: stream.result, toolCalls: stream.toolCalls };
}

/** Reads the stream to its end; returns the deltas read and the error that ended it, if any. */
async function drain(stream: ChatStream<unknown>, onDelta?: (count: number) => void): Promise<{ deltas: string[]; error: unknown }> {
  const deltas: string[] = [];
  try {
    for await (const delta of stream) {
      deltas.push(delta);
      onDelta?.(deltas.length);
    }
    return { deltas, error: undefined };
  } catch (error) {
    return { deltas, error };
  }
}

/**
 * The behaviour every {@link Provider} must have, for a provider you write or a middleware you
 * build with `wrapProvider`: generate and stream answer alike, a stream agrees with its own
 * result, aborts (before and during a call, by signal, `abort()` or an early `break`) settle
 * every promise within a bound with kind `aborted`, failures are typed `ProviderError`s, a
 * provider that says it honours `deadline` fails with kind `timeout` once it passes, and a bad
 * request is refused with a `ValidationError`.
 *
 * Each test asks `createProvider` for a fresh provider primed with one scenario. To test a
 * middleware, wrap the `backing` provider it is given; to test a vendor provider, serve the
 * scenario from your backend (the fake provider server, say).
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { wrapProvider } from 'crmkit';
 * import { runProviderContract } from 'crmkit/testing';
 *
 * runProviderContract({
 *   name: 'my audit middleware',
 *   test: { describe, it },
 *   createProvider: ({ backing }) => wrapProvider(backing, { transformRequest: (request) => request }),
 * });
 * ```
 */
export function runProviderContract(options: ProviderContractOptions): void {
  const { describe, it } = options.test;
  const bound = options.settleWithinMs ?? 250;
  const timeoutMs = options.testTimeoutMs ?? 10_000;
  const make = async (scenario: ProviderContractScenario): Promise<Provider> => options.createProvider({ scenario, backing: backingFor(scenario) });
  const expected = replyScenario;

  /** Starts a stream, turning a synchronous throw into a stream whose promises all reject with it. */
  const startStream = (provider: Provider, chatRequest: ChatRequest, callOptions?: CallOptions): ChatStream<unknown> | { thrown: unknown } => {
    try {
      return provider.stream(chatRequest, callOptions);
    } catch (error) {
      return { thrown: error };
    }
  };

  const assertAllReject = async (stream: ChatStream<unknown>, kind: ProviderErrorKind, what: string): Promise<void> => {
    for (const [name, promise] of Object.entries(promisesOf(stream))) {
      const outcome = await within(settled(promise), bound, `${what}: stream.${name}`);
      assert.equal(outcome.resolved, false, `${what}: stream.${name} resolved`);
      assertKind(outcome.error, kind, `${what}: stream.${name}`);
    }
  };

  describe(`Provider contract: ${options.name}`, () => {
    it('reports its identity', async () => {
      const provider = await make(replyScenario);
      assert.equal(typeof provider.id, 'string');
      assert.ok(provider.id.length > 0, 'id is empty');
      assert.equal(typeof provider.model, 'string');
      assert.ok(Number.isInteger(provider.contextWindow) && provider.contextWindow > 0, 'contextWindow is not a positive integer');
    });

    it('answers generate with the text, usage and finish reason of the reply', async () => {
      const provider = await make(replyScenario);
      const result = await within(provider.generate(request), timeoutMs, 'generate');
      assert.equal(result.text, expected.text);
      assert.equal(result.finishReason, 'stop');
      assert.equal(result.usage.inputTokens, expected.usage.inputTokens);
      assert.equal(result.usage.outputTokens, expected.usage.outputTokens);
      assert.equal(result.usage.totalTokens, expected.usage.totalTokens);
      assert.equal(result.degraded, false);
      assert.ok(result.latencyMs >= 0, 'latencyMs is negative');
      assert.ok(result.attempts.length >= 1 && result.attempts.at(-1)?.ok === true, 'the last attempt is not the successful one');
    });

    it('streams deltas that agree with the stream’s text, usage, finish reason, result and events', async () => {
      const provider = await make(replyScenario);
      const stream = provider.stream(request);
      const { deltas, error } = await within(drain(stream), timeoutMs, 'stream');
      assert.equal(error, undefined);
      const result = await stream.result;
      assert.equal(deltas.join(''), expected.text);
      assert.equal(await stream.text, expected.text);
      assert.equal(result.text, expected.text);
      assert.deepEqual(await stream.usage, result.usage);
      assert.equal(result.usage.totalTokens, expected.usage.totalTokens);
      assert.equal(await stream.finishReason, result.finishReason);
      assert.equal(result.finishReason, 'stop');
      assert.deepEqual(await stream.toolCalls, result.toolCalls ?? []);
      let eventText = '';
      for await (const event of stream.events) if (event.type === 'text') eventText += event.text;
      assert.equal(eventText, expected.text, 'a second reader of `events` sees every delta from the start');
    });

    it('gives the same answer through generate and stream', async () => {
      const generated = await (await make(replyScenario)).generate(request);
      const streamed = await (await make(replyScenario)).stream(request).result;
      assert.equal(streamed.text, generated.text);
      assert.deepEqual(streamed.usage, generated.usage);
      assert.equal(streamed.finishReason, generated.finishReason);
      assert.equal(streamed.provider, generated.provider);
    });

    it('rejects generate with kind aborted when the signal has already fired', async () => {
      const provider = await make(hangScenario);
      const controller = new AbortController();
      controller.abort();
      const outcome = await within(settled(provider.generate(request, { signal: controller.signal })), bound, 'generate after abort');
      assertKind(outcome.error, 'aborted', 'generate after abort');
    }, timeoutMs);

    it('rejects generate with kind aborted within the bound when the signal fires during the call', async () => {
      const provider = await make(hangScenario);
      const controller = new AbortController();
      const pending = settled(provider.generate(request, { signal: controller.signal }));
      await new Promise((resolve) => setTimeout(resolve, 30));
      const abortedAt = performance.now();
      controller.abort();
      const outcome = await within(pending, bound, 'generate aborted mid-call');
      assertKind(outcome.error, 'aborted', 'generate aborted mid-call');
      assert.ok(performance.now() - abortedAt <= bound, 'generate settled too late after the abort');
    }, timeoutMs);

    it('fails a stream with kind aborted, every promise settled, when the signal has already fired', async () => {
      const provider = await make(hangScenario);
      const controller = new AbortController();
      controller.abort();
      const stream = startStream(provider, request, { signal: controller.signal });
      if ('thrown' in stream) return assertKind(stream.thrown, 'aborted', 'stream after abort');
      const { error } = await within(drain(stream), bound, 'stream after abort');
      assertKind(error, 'aborted', 'stream iteration after abort');
      await assertAllReject(stream, 'aborted', 'stream after abort');
    }, timeoutMs);

    it('fails a stream mid-way with kind aborted and its partial text when the signal fires', async () => {
      const provider = await make(hangScenario);
      const controller = new AbortController();
      const stream = provider.stream(request, { signal: controller.signal });
      const reading = drain(stream, (count) => {
        if (count === hangScenario.afterDeltas.length) setTimeout(() => controller.abort(), 10);
      });
      const { deltas, error } = await within(reading, timeoutMs, 'stream aborted mid-way');
      assert.equal(deltas.join(''), hangScenario.afterDeltas.join(''), 'the deltas sent before the hang reach the reader');
      assertKind(error, 'aborted', 'stream iteration aborted mid-way');
      await assertAllReject(stream, 'aborted', 'stream aborted mid-way');
      const failure = await stream.result.catch((reason: unknown) => reason);
      assert.equal((failure as ProviderError).partialText, hangScenario.afterDeltas.join(''), 'the error keeps the partial text');
    }, timeoutMs);

    it('stops a stream with kind aborted when abort() is called', async () => {
      const provider = await make(hangScenario);
      const stream = provider.stream(request);
      const reading = drain(stream, (count) => {
        if (count === hangScenario.afterDeltas.length) setTimeout(() => stream.abort(), 10);
      });
      const { error } = await within(reading, timeoutMs, 'stream stopped by abort()');
      assertKind(error, 'aborted', 'stream stopped by abort()');
      await assertAllReject(stream, 'aborted', 'stream stopped by abort()');
    }, timeoutMs);

    it('settles every promise when the reader breaks out of its loop early', async () => {
      const provider = await make(hangScenario);
      const stream = provider.stream(request);
      for await (const _delta of stream) break;
      for (const [name, promise] of Object.entries(promisesOf(stream))) await within(settled(promise), bound, `stream.${name} after an early break`);
    }, timeoutMs);

    it('rejects a failed call with a typed ProviderError, from generate and from every stream promise', async () => {
      const provider = await make(failScenario);
      const outcome = await within(settled(provider.generate(request)), timeoutMs, 'failing generate');
      assert.ok(CrmKitError.isInstance(outcome.error), 'generate failed with an untyped error');
      assertKind(outcome.error, failScenario.kind, 'failing generate');
      const stream = startStream(await make(failScenario), request);
      if ('thrown' in stream) return assertKind(stream.thrown, failScenario.kind, 'failing stream');
      const { error } = await within(drain(stream), timeoutMs, 'failing stream');
      assertKind(error, failScenario.kind, 'failing stream iteration');
      await assertAllReject(stream, failScenario.kind, 'failing stream');
    }, timeoutMs);

    it('fails with kind timeout once the deadline passes, when it honours deadlines', async () => {
      const provider = await make(silentScenario);
      if (provider.honorsDeadline !== true) return;
      const deadlineMs = 60;
      const generated = await within(settled(provider.generate(request, { deadline: performance.now() + deadlineMs })), deadlineMs + bound, 'generate past its deadline');
      assertKind(generated.error, 'timeout', 'generate past its deadline');
      const stream = (await make(silentScenario)).stream(request, { deadline: performance.now() + deadlineMs });
      await within(settled(stream.result), deadlineMs + bound, 'stream past its deadline');
      await assertAllReject(stream, 'timeout', 'stream past its deadline');
    }, timeoutMs);

    it('refuses a request the schema rejects with a ValidationError', async () => {
      if (options.validatesRequests === false) return;
      const bad = { messages: [{ role: 'user', content: 'Hi' }], temperature: 7 } as ChatRequest;
      const provider = await make(replyScenario);
      let pending: Promise<unknown>;
      try {
        pending = provider.generate(bad);
      } catch (error) {
        assert.fail(`generate threw synchronously instead of rejecting: ${String(error)}`);
      }
      const outcome = await within(settled(pending), timeoutMs, 'generate with a bad request');
      assert.ok(ValidationError.isInstance(outcome.error), `generate: expected a ValidationError, got ${String(outcome.error)}`);
      const stream = startStream(await make(replyScenario), bad);
      const error = 'thrown' in stream ? stream.thrown : (await within(settled(stream.result), timeoutMs, 'stream with a bad request')).error;
      assert.ok(ValidationError.isInstance(error), `stream: expected a ValidationError, got ${String(error)}`);
    }, timeoutMs);
  });
}
