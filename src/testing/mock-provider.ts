import { abortError, sleep as realSleep } from '../core/abort.js';
import type { Sleep } from '../core/clock.js';
import { ProviderError, copyProviderError, type ProviderErrorKind } from '../core/errors.js';
import { validateWithHostSchema } from '../core/host-schema.js';
import { createApproximateTokenCounter, type TokenCounter } from '../core/token-counter.js';
import type { Attempt, CallOptions, ChatRequest, ChatResult, ChatStream, FinishReason, Provider, Usage } from '../core/types.js';
import { createChatStream } from '../core/create-chat-stream.js';
import type { ToolCall } from '../core/tools.js';

/**
 * A scripted answer. `text` is the whole reply; `deltas` (when given) is how a stream delivers
 * it, and `text` defaults to their concatenation.
 *
 * @example
 * ```ts
 * const step: MockReply = { deltas: ['Hel', 'lo'], latencyMs: 20, usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 } };
 * ```
 */
export interface MockReply {
  readonly text?: string;
  readonly deltas?: readonly string[];
  readonly usage?: Usage;
  /** @default 'stop' */
  readonly finishReason?: FinishReason;
  /** Waited (through the injected `sleep`) before the reply, or before the first delta. @default 0 */
  readonly latencyMs?: number;
  /** Waited between stream deltas. @default 0 */
  readonly deltaDelayMs?: number;
  /** Overrides the provider's model in the result. */
  readonly model?: string;
  readonly requestId?: string;
  /**
   * Tool calls to return (the finish reason becomes `tool_calls`); a stream sends each as one
   * tool-call delta after the text.
   */
  readonly toolCalls?: readonly ToolCall[];
}

/**
 * A scripted failure. `fail` is a kind (the mock builds a realistic {@link ProviderError} with a
 * typical HTTP status) or a ready-made error. For streams, `afterDeltas` are delivered first, so
 * the failure happens mid-stream; `generate` ignores them.
 *
 * @example
 * ```ts
 * const step: MockFailure = { fail: 'rate_limited', retryAfterMs: 2_000 };
 * const midStream: MockFailure = { fail: 'network', afterDeltas: ['Your order '] };
 * ```
 */
export interface MockFailure {
  readonly fail: ProviderErrorKind | ProviderError;
  readonly retryAfterMs?: number;
  /** @default a typical status for the kind (429, 503, 500, 401…), none for timeout/network */
  readonly status?: number;
  /** Waited (through the injected `sleep`) before failing. @default 0 */
  readonly latencyMs?: number;
  readonly afterDeltas?: readonly string[];
}

/**
 * A call that never settles until its signal fires: simulates a hung connection.
 *
 * @example
 * ```ts
 * const step: MockHang = { hang: true };
 * ```
 */
export interface MockHang {
  readonly hang: true;
  /** For streams: deltas delivered before the stream stalls. */
  readonly afterDeltas?: readonly string[];
}

/**
 * What one call does: a string is shorthand for `{ text }`, a {@link ProviderError} for
 * `{ fail: error }`.
 *
 * @example
 * ```ts
 * const steps: MockStep[] = ['Hello', { fail: 'overloaded' }, new ProviderError('nope', { kind: 'auth' }), { hang: true }];
 * ```
 */
export type MockStep = string | ProviderError | MockReply | MockFailure | MockHang;

/**
 * One recorded call. `request` is the caller's object (not a copy).
 *
 * @example
 * ```ts
 * expect(mock.calls.map((call) => call.outcome)).toEqual(['error', 'ok']);
 * ```
 */
export interface MockCall {
  /** 0-based position among all calls of this mock. */
  readonly index: number;
  readonly method: 'generate' | 'stream';
  readonly request: ChatRequest<unknown>;
  readonly options: CallOptions;
  /** `pending` until the call settles; `error` includes aborts (see `errorKind`). */
  readonly outcome: 'pending' | 'ok' | 'error';
  readonly errorKind?: ProviderErrorKind;
}

/**
 * Decides a call's outcome from the call itself (for example: fail when the prompt is long).
 *
 * @example
 * ```ts
 * const script: MockScript = (call) => (call.index % 5 === 4 ? { fail: 'server' } : 'ok');
 * ```
 */
export type MockScript = (call: MockCall) => MockStep;

/**
 * Options for {@link createMockProvider}.
 *
 * @example
 * ```ts
 * const options: MockProviderOptions = { id: 'openai', reply: 'Hello!', script: [{ fail: 'overloaded' }] };
 * ```
 */
export interface MockProviderOptions {
  /** @default 'mock' */
  readonly id?: string;
  /** @default 'mock-model' */
  readonly model?: string;
  /** @default 128_000 */
  readonly contextWindow?: number;
  /**
   * Steps consumed one per call, in order, or a function that decides each call. When an array
   * runs out, `reply` answers.
   * @default []
   */
  readonly script?: readonly MockStep[] | MockScript;
  /**
   * What every call does once the script is exhausted. Without it, a call past the end of the
   * script fails with kind `invalid_request` naming the call, so a test cannot silently pass.
   * @default undefined
   */
  readonly reply?: MockStep;
  /** Used for `latencyMs` and `deltaDelayMs`. Inject one to make tests instant. @default real timers */
  readonly sleep?: Sleep;
  /** Estimates usage when a step gives none. @default createApproximateTokenCounter() */
  readonly tokenCounter?: TokenCounter;
  /**
   * When true, a request whose estimated input plus `maxOutputTokens` exceeds `contextWindow`
   * fails with kind `context_length`, like a real model would.
   * @default false
   */
  readonly enforceContextWindow?: boolean;
}

/**
 * A {@link Provider} that also records its calls.
 *
 * @example
 * ```ts
 * const mock: MockProvider = createMockProvider({ reply: 'Hi' });
 * await mock.generate({ messages: [{ role: 'user', content: 'Hello' }] });
 * mock.calls.length; // 1
 * ```
 */
export interface MockProvider extends Provider {
  /** Every call so far, in order. */
  readonly calls: readonly MockCall[];
  /** Calls that have not settled yet. */
  readonly pendingCount: number;
  /** Forgets recorded calls and restarts an array script from its first step. */
  reset(): void;
}

interface CallTicket {
  readonly index: number;
  readonly generation: number;
}

const typicalStatus: Partial<Record<ProviderErrorKind, number>> = {
  rate_limited: 429,
  overloaded: 503,
  server: 500,
  auth: 401,
  quota_exhausted: 429,
  invalid_request: 400,
  context_length: 400,
  content_filter: 400,
};

/**
 * An in-process, scriptable {@link Provider} for tests: a fixed reply, a queue (or function) of
 * scripted outcomes per call — text, usage, latency through an injectable `sleep`, a
 * {@link ProviderError} of any kind, streamed deltas with a mid-stream failure, a hung call —
 * and a record of every call. It honours `signal` like a real provider: an aborted call rejects
 * with kind `aborted` (or the signal's reason when that is a ProviderError, such as a timeout).
 *
 * Results carry one attempt; scripted failures carry one failed attempt in `error.attempts`.
 * When the request has a `schema`, the reply text is parsed as JSON and validated into
 * `object`; a mismatch fails with kind `invalid_request`.
 *
 * @example
 * ```ts
 * import { createMockProvider } from 'crmkit/testing';
 *
 * const mock = createMockProvider({
 *   id: 'openai',
 *   script: [{ fail: 'rate_limited', retryAfterMs: 1_000 }, { deltas: ['Your order ', 'shipped.'] }],
 *   reply: 'Fine, thanks.',
 *   sleep: async () => {}, // never really wait
 * });
 * await mock.generate({ messages: [{ role: 'user', content: 'Where is my order?' }] }).catch((error) => error.kind); // 'rate_limited'
 * for await (const delta of mock.stream({ messages: [{ role: 'user', content: 'And now?' }] })) process.stdout.write(delta);
 * mock.calls.length; // 2
 * ```
 */
export function createMockProvider(options: MockProviderOptions = {}): MockProvider {
  const id = options.id ?? 'mock';
  const model = options.model ?? 'mock-model';
  const contextWindow = options.contextWindow ?? 128_000;
  const wait = options.sleep ?? realSleep;
  const counter = options.tokenCounter ?? createApproximateTokenCounter();
  const script = options.script ?? [];
  let calls: MockCall[] = [];
  let position = 0;
  let pendingCount = 0;
  let generation = 0; // bumped by reset(), so a call that outlives it does not touch the new record

  const nextStep = (call: MockCall): MockStep => {
    if (typeof script === 'function') return script(call);
    if (position < script.length) return script[position++] as MockStep;
    if (options.reply !== undefined) return options.reply;
    return new ProviderError(`Mock provider "${id}" has no scripted step for call #${call.index}; give it a \`reply\` or a longer \`script\``, {
      kind: 'invalid_request',
      providerId: id,
      model,
    });
  };

  const record = (method: MockCall['method'], request: ChatRequest<unknown>, callOptions: CallOptions): { ticket: CallTicket; step: MockStep } => {
    const index = calls.length;
    const call: MockCall = { index, method, request, options: callOptions, outcome: 'pending' };
    calls.push(call);
    pendingCount++;
    return { ticket: { index, generation }, step: nextStep(call) };
  };

  const settle = ({ index, generation: born }: CallTicket, error?: unknown): void => {
    pendingCount--;
    const call = calls[index];
    if (!call || born !== generation) return; // reset() while the call was running
    calls[index] = error === undefined ? { ...call, outcome: 'ok' } : { ...call, outcome: 'error', errorKind: ProviderError.isInstance(error) ? error.kind : undefined };
  };

  const failureOf = (step: MockFailure, durationMs: number): ProviderError => {
    if (ProviderError.isInstance(step.fail)) return step.fail;
    const status = step.status ?? typicalStatus[step.fail];
    const error = new ProviderError(`Mock provider "${id}" failed with a scripted ${step.fail}`, {
      kind: step.fail,
      retryAfterMs: step.retryAfterMs,
      status,
      providerId: id,
      model,
    });
    // Its attempt keeps the error, as a real provider's would once a wrapper logged it.
    const attempt: Attempt = { provider: id, model, ok: false, kind: step.fail, status, durationMs, retryAfterMs: step.retryAfterMs, error };
    return copyProviderError(error, { attempts: [attempt] });
  };

  const checkContext = (request: ChatRequest<unknown>): void => {
    if (!options.enforceContextWindow) return;
    const needed = counter.countMessages(request.messages, model).tokens + (request.maxOutputTokens ?? 0);
    if (needed > contextWindow) {
      throw new ProviderError(`Mock provider "${id}": about ${needed} tokens do not fit the ${contextWindow}-token context window`, {
        kind: 'context_length',
        status: 400,
        providerId: id,
        model,
        attempts: [{ provider: id, model, ok: false, kind: 'context_length', status: 400, durationMs: 0 }],
      });
    }
  };

  const usageOf = (request: ChatRequest<unknown>, text: string, step: MockReply): Usage => {
    if (step.usage) return step.usage;
    const inputTokens = counter.countMessages(request.messages, model).tokens;
    const outputTokens = counter.countText(text, model).tokens;
    return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, approximate: true };
  };

  const objectOf = (request: ChatRequest<unknown>, text: string): unknown => {
    if (!request.schema) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const checked = validateWithHostSchema(request.schema, parsed);
    if (!checked.success) {
      throw new ProviderError(`Mock provider "${id}": the reply does not match the request's schema`, { kind: 'invalid_request', retryable: false, providerId: id, model });
    }
    return checked.data;
  };

  const hang = (signal: AbortSignal | undefined): Promise<never> =>
    new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(abortError(signal, { providerId: id, model }));
      else signal?.addEventListener('abort', () => reject(abortError(signal, { providerId: id, model })), { once: true });
    });

  const normalise = (step: MockStep): MockReply | MockFailure | MockHang => {
    if (typeof step === 'string') return { text: step };
    if (ProviderError.isInstance(step)) return { fail: step };
    return step;
  };

  async function generate<OBJECT = undefined>(request: ChatRequest<OBJECT>, callOptions: CallOptions = {}): Promise<ChatResult<OBJECT>> {
    const startedAt = performance.now();
    const { ticket, step: raw } = record('generate', request as ChatRequest<unknown>, callOptions);
    const signal = callOptions.signal;
    try {
      if (signal?.aborted) throw abortError(signal, { providerId: id, model });
      checkContext(request as ChatRequest<unknown>);
      const step = normalise(raw);
      if ('hang' in step) return await hang(signal);
      if (step.latencyMs) await wait(step.latencyMs, signal);
      if ('fail' in step) throw failureOf(step, performance.now() - startedAt);
      const text = step.text ?? (step.deltas ?? []).join('');
      const object = objectOf(request as ChatRequest<unknown>, text) as OBJECT;
      const durationMs = performance.now() - startedAt;
      const answeredBy = step.model ?? request.model ?? model;
      settle(ticket);
      return {
        text,
        object,
        finishReason: step.finishReason ?? (step.toolCalls?.length ? 'tool_calls' : 'stop'),
        usage: usageOf(request as ChatRequest<unknown>, text, step),
        provider: id,
        model: answeredBy,
        latencyMs: durationMs,
        degraded: false,
        attempts: [{ provider: id, model: answeredBy, ok: true, durationMs }],
        requestId: step.requestId,
        ...(step.toolCalls?.length ? { toolCalls: step.toolCalls } : {}),
      };
    } catch (error) {
      const failure = signal?.aborted && !ProviderError.isInstance(error) ? abortError(signal, { providerId: id, model }) : error;
      settle(ticket, failure);
      throw failure;
    }
  }

  function stream<OBJECT = undefined>(request: ChatRequest<OBJECT>, callOptions: CallOptions = {}): ChatStream<OBJECT> {
    const startedAt = performance.now();
    const { ticket, step: raw } = record('stream', request as ChatRequest<unknown>, callOptions);
    const chatStream = createChatStream<OBJECT>(
      async function* (signal) {
        if (signal.aborted) throw abortError(signal, { providerId: id, model });
        checkContext(request as ChatRequest<unknown>);
        const step = normalise(raw);
        const latency = 'latencyMs' in step ? step.latencyMs : undefined;
        if (latency) await wait(latency, signal);
        const deltaDelay = 'deltaDelayMs' in step ? step.deltaDelayMs : undefined;
        const deltas = 'fail' in step || 'hang' in step ? (step.afterDeltas ?? []) : (step.deltas ?? [step.text ?? '']);
        for (const [position, delta] of deltas.entries()) {
          if (position > 0 && deltaDelay) await wait(deltaDelay, signal);
          yield delta;
        }
        if ('hang' in step) return await hang(signal);
        if ('fail' in step) throw failureOf(step, performance.now() - startedAt);
        const text = step.text ?? deltas.join('');
        const answeredBy = step.model ?? request.model ?? model;
        const toolCalls = step.toolCalls ?? [];
        for (const [index, call] of toolCalls.entries()) yield { type: 'tool-call-delta', index, id: call.id, name: call.name, argumentsDelta: call.rawArguments ?? JSON.stringify(call.arguments ?? {}) };
        return {
          ...(toolCalls.length > 0 ? { toolCalls } : {}),
          object: objectOf(request as ChatRequest<unknown>, text) as OBJECT,
          finishReason: step.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
          usage: usageOf(request as ChatRequest<unknown>, text, step),
          provider: id,
          model: answeredBy,
          attempts: [{ provider: id, model: answeredBy, ok: true, durationMs: performance.now() - startedAt }],
          requestId: step.requestId,
        };
      },
      { signal: callOptions.signal, providerId: id, model },
    );
    chatStream.result.then(
      () => settle(ticket),
      (error: unknown) => settle(ticket, error),
    );
    return chatStream;
  }

  return {
    id,
    model,
    contextWindow,
    generate,
    stream,
    get calls() {
      return calls;
    },
    get pendingCount() {
      return pendingCount;
    },
    reset() {
      calls = [];
      position = 0;
      generation++;
    },
  };
}
