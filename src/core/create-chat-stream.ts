import { abortError, linkSignals, observed } from './abort.js';
import { CrmKitError, ProviderError, copyProviderError } from './errors.js';
import type { ChatStreamEvent, ToolCall, ToolCallDelta } from './tools.js';
import type { ChatResult, ChatStream, FinishReason, Usage } from './types.js';

/**
 * What a stream producer returns once its last delta has been yielded: everything a
 * {@link ChatResult} holds except the text (accumulated from the deltas) and the latency
 * (measured by the stream).
 *
 * @example
 * ```ts
 * const end: StreamCompletion = { finishReason: 'stop', usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 }, provider: 'openai', model: 'gpt-4o-mini', attempts: [] };
 * ```
 */
export type StreamCompletion<OBJECT = undefined> = Omit<ChatResult<OBJECT>, 'text' | 'latencyMs' | 'object' | 'degraded'> & {
  readonly object?: OBJECT;
  readonly degraded?: boolean;
};

/**
 * Produces a stream's text deltas (strings) and tool-call deltas, and returns its completion
 * (complete tool calls go in the completion's `toolCalls`). It must stop when `signal` fires and
 * throw `ProviderError`s.
 *
 * @example
 * ```ts
 * const producer: StreamProducer = async function* (signal) {
 *   yield 'Hello';
 *   return { finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, provider: 'demo', model: 'demo', attempts: [] };
 * };
 * ```
 */
export type StreamProducer<OBJECT = undefined> = (signal: AbortSignal) => AsyncGenerator<string | ToolCallDelta, StreamCompletion<OBJECT>, void>;

/**
 * What a wrapper forwards from the stream it wraps: its text deltas and tool-call deltas, in
 * order (complete tool calls travel in the completion). Iterating it early-exits like the stream.
 *
 * @example
 * ```ts
 * const wrapped = createChatStream(async function* (signal) {
 *   const inner = provider.stream(request, { signal });
 *   yield* streamParts(inner);
 *   const { text: _text, latencyMs: _latency, ...completion } = await inner.result;
 *   return completion;
 * });
 * ```
 */
export function streamParts(stream: ChatStream<unknown>): AsyncIterable<string | ToolCallDelta> {
  // Streams built here hand out their buffer directly: no extra async layer per wrapper and delta.
  const raw = (stream as unknown as Record<symbol, unknown>)[rawParts];
  if (typeof raw === 'function') return { [Symbol.asyncIterator]: raw as () => AsyncIterator<string | ToolCallDelta> };
  return partsOfEvents(stream);
}

async function* partsOfEvents(stream: ChatStream<unknown>): AsyncGenerator<string | ToolCallDelta, void, void> {
  for await (const event of stream.events) {
    if (event.type === 'text') yield event.text;
    else if (event.type === 'tool-call-delta') yield event;
  }
}

/** Where a stream built by createChatStream keeps its raw parts iterator (a spread copies it). */
const rawParts = Symbol.for('crmkit.chat-stream.parts');

/**
 * Options for {@link createChatStream}.
 *
 * @example
 * ```ts
 * const options: CreateChatStreamOptions = { signal: controller.signal, providerId: 'my-vendor', model: 'my-model-1' };
 * ```
 */
export interface CreateChatStreamOptions {
  /** The caller's signal; aborting it aborts the stream. */
  readonly signal?: AbortSignal;
  /** Used to label an unexpected (non-crmkit) error thrown by the producer. */
  readonly providerId?: string;
  readonly model?: string;
  /** Clock for latency. @default performance.now */
  readonly now?: () => number;
}

/**
 * Returns a copy of `error` that carries `partialText`, so a caller who loses a stream mid-way
 * keeps what had already arrived. The copy keeps the error's class (see {@link copyProviderError}).
 *
 * @example
 * ```ts
 * throw withPartialText(error, 'Hello, wor');
 * ```
 */
export function withPartialText<E extends ProviderError>(error: E, partialText: string): E {
  if (partialText.length === 0 || error.partialText === partialText) return error;
  return copyProviderError(error, { partialText });
}

/**
 * Builds a {@link ChatStream} from a producer. The producer starts at once (so awaiting
 * `stream.result` alone works); deltas are buffered, and every iterator sees them all from the
 * start. Breaking out of a `for await` loop early aborts the stream and frees its connection.
 * A failure after some deltas rejects with a `ProviderError` whose `partialText` holds them.
 *
 * @example
 * ```ts
 * const stream = createChatStream(async function* () {
 *   yield 'Hel';
 *   yield 'lo';
 *   return { finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 }, provider: 'demo', model: 'demo-1', attempts: [] };
 * });
 * for await (const delta of stream) process.stdout.write(delta);
 * console.log(await stream.text); // 'Hello'
 * ```
 */
export function createChatStream<OBJECT = undefined>(produce: StreamProducer<OBJECT>, options: CreateChatStreamOptions = {}): ChatStream<OBJECT> {
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  const controller = new AbortController();
  const linked = linkSignals([options.signal, controller.signal]);
  const deltas: string[] = [];
  // Text and tool-call deltas in arrival order, for `events`; `deltas` keeps the text alone.
  const parts: (string | ToolCallDelta)[] = [];
  let finished = false;
  let failure: ProviderError | undefined;
  const waiters = new Set<() => void>();
  const wakeAll = (): void => {
    for (const wake of waiters) wake();
    waiters.clear();
  };

  const normalise = (error: unknown): ProviderError => {
    if (linked.signal.aborted && !ProviderError.isInstance(error)) return abortError(linked.signal, options);
    if (ProviderError.isInstance(error)) return error;
    if (CrmKitError.isInstance(error)) throw error;
    return new ProviderError('The stream failed unexpectedly', {
      kind: 'network',
      providerId: options.providerId,
      model: options.model,
      cause: error instanceof Error ? error : undefined,
    });
  };

  const completion = observed(
    (async (): Promise<StreamCompletion<OBJECT>> => {
      const generator = produce(linked.signal);
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(abortError(linked.signal, options));
        if (linked.signal.aborted) onAbort();
        else linked.signal.addEventListener('abort', onAbort, { once: true });
      });
      aborted.catch(() => undefined);
      try {
        for (;;) {
          const step = await Promise.race([generator.next(), aborted]);
          if (step.done) return step.value;
          if (typeof step.value !== 'string') {
            parts.push(step.value);
            wakeAll();
          } else if (step.value.length > 0) {
            deltas.push(step.value);
            parts.push(step.value);
            wakeAll();
          }
        }
      } catch (error) {
        void generator.return(undefined as never).catch(() => undefined);
        throw withPartialText(normalise(error), deltas.join(''));
      } finally {
        if (onAbort) linked.signal.removeEventListener('abort', onAbort);
        linked.dispose();
      }
    })(),
  );

  completion.then(
    () => {
      finished = true;
      wakeAll();
    },
    (error: unknown) => {
      failure = error as ProviderError;
      finished = true;
      wakeAll();
    },
  );

  const result = observed(
    completion.then((end): ChatResult<OBJECT> => ({
      ...end,
      text: deltas.join(''),
      object: end.object as OBJECT,
      degraded: end.degraded ?? false,
      latencyMs: Math.max(0, now() - startedAt),
    })),
  );

  const toolCalls = observed(result.then((value): readonly ToolCall[] => value.toolCalls ?? []));

  const rawIterator = (): AsyncIterator<string | ToolCallDelta> => {
    let index = 0;
    return {
      async next(): Promise<IteratorResult<string | ToolCallDelta>> {
        for (;;) {
          if (index < parts.length) return { value: parts[index++] as string | ToolCallDelta, done: false };
          if (failure) throw failure;
          if (finished) return { value: undefined, done: true };
          await new Promise<void>((resolve) => waiters.add(resolve));
        }
      },
      async return(): Promise<IteratorResult<string | ToolCallDelta>> {
        if (!finished) controller.abort();
        return { value: undefined, done: true };
      },
    };
  };

  const chatStream: ChatStream<OBJECT> = {
    text: observed(result.then((value) => value.text)),
    usage: observed(result.then((value): Usage => value.usage)),
    finishReason: observed(result.then((value): FinishReason => value.finishReason)),
    result,
    toolCalls,
    abort(reason?: unknown) {
      if (!finished) controller.abort(reason);
    },
    events: {
      [Symbol.asyncIterator](): AsyncIterator<ChatStreamEvent> {
        let index = 0;
        let calls: readonly ToolCall[] | undefined;
        let callIndex = 0;
        return {
          async next(): Promise<IteratorResult<ChatStreamEvent>> {
            for (;;) {
              if (index < parts.length) {
                const part = parts[index++] as string | ToolCallDelta;
                return { value: typeof part === 'string' ? { type: 'text', text: part } : part, done: false };
              }
              if (failure) throw failure;
              if (finished) {
                calls ??= await toolCalls;
                if (callIndex < calls.length) return { value: { type: 'tool-call', toolCall: calls[callIndex++] as ToolCall }, done: false };
                return { value: undefined, done: true };
              }
              await new Promise<void>((resolve) => waiters.add(resolve));
            }
          },
          async return(): Promise<IteratorResult<ChatStreamEvent>> {
            if (!finished) controller.abort();
            return { value: undefined, done: true };
          },
        };
      },
    },
    [Symbol.asyncIterator](): AsyncIterator<string> {
      let index = 0;
      return {
        async next(): Promise<IteratorResult<string>> {
          for (;;) {
            if (index < deltas.length) return { value: deltas[index++] as string, done: false };
            if (failure) throw failure;
            if (finished) return { value: undefined, done: true };
            await new Promise<void>((resolve) => waiters.add(resolve));
          }
        },
        async return(): Promise<IteratorResult<string>> {
          if (!finished) controller.abort();
          return { value: undefined, done: true };
        },
      };
    },
  };
  (chatStream as unknown as Record<symbol, unknown>)[rawParts] = rawIterator;
  return chatStream;
}
