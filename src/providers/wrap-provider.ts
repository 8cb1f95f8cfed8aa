import { linkSignals } from '../core/abort.js';
import { createLinkedAbort, type LinkedAbort } from '../core/create-linked-abort.js';
import type { ToolCallDelta } from '../core/tools.js';
import type { CallOptions, ChatRequest, ChatResult, ChatStream, Provider } from '../core/types.js';
import { createChatStream, streamParts, type StreamCompletion } from '../core/create-chat-stream.js';

/**
 * What {@link ProviderMiddleware.wrapGenerate} receives for one `generate` call.
 *
 * @example
 * ```ts
 * const middleware: ProviderMiddleware = {
 *   async wrapGenerate<OBJECT>(call: GenerateCall<OBJECT>) {
 *     console.log(call.provider.id, call.request.messages.length);
 *     return call.doGenerate();
 *   },
 * };
 * ```
 */
export interface GenerateCall<OBJECT> {
  /** The request, after {@link ProviderMiddleware.transformRequest}. */
  readonly request: ChatRequest<OBJECT>;
  /** The caller's options (an empty object when the caller gave none). */
  readonly options: CallOptions;
  /** The wrapped provider. */
  readonly provider: Provider;
  /**
   * Calls the wrapped provider. Both arguments are optional: the request defaults to
   * `call.request`, and `overrides` are merged over the caller's options. A `signal` given in
   * `overrides` is linked with the caller's (either one aborts the call) and a `deadline` can only
   * move earlier, so a middleware cannot drop the caller's cancellation or deadline.
   */
  doGenerate(request?: ChatRequest<OBJECT>, overrides?: CallOptions): Promise<ChatResult<OBJECT>>;
  /**
   * An abort that follows the caller's signal and that the middleware can fire itself (its own
   * timer, a lost lease); pass its `signal` in `overrides` and call `dispose()` when done.
   */
  linkAbort(): LinkedAbort;
}

/**
 * What {@link ProviderMiddleware.wrapStream} receives for one `stream` call.
 *
 * @example
 * ```ts
 * const middleware: ProviderMiddleware = {
 *   wrapStream: <OBJECT>(call: StreamCall<OBJECT>) => {
 *     const stream = call.doStream();
 *     stream.result.then((result) => console.log(result.usage.totalTokens), () => undefined);
 *     return stream;
 *   },
 * };
 * ```
 */
export interface StreamCall<OBJECT> {
  /** The request, after {@link ProviderMiddleware.transformRequest}. */
  readonly request: ChatRequest<OBJECT>;
  /** The caller's options (an empty object when the caller gave none). */
  readonly options: CallOptions;
  /** The wrapped provider. */
  readonly provider: Provider;
  /**
   * Starts the wrapped provider's stream now, with the same defaults and signal/deadline rules as
   * {@link GenerateCall.doGenerate}. Return it as is, or observe it (its promises never cause an
   * unhandled rejection).
   */
  doStream(request?: ChatRequest<OBJECT>, overrides?: CallOptions): ChatStream<OBJECT>;
  /**
   * Builds the stream the caller gets from `body`, an async generator that yields the text and
   * tool-call deltas to pass on and returns the completion. It runs once the stream starts;
   * aborting the caller's signal, calling `abort()`, or breaking out of the caller's loop fires
   * `body`'s signal, and the `doStream` it receives is bound to that signal.
   */
  createStream(body: StreamBody<OBJECT>): ChatStream<OBJECT>;
  /** Like {@link GenerateCall.linkAbort}. */
  linkAbort(): LinkedAbort;
}

/**
 * What a {@link StreamBody} receives: the stream's own signal (the caller's, linked with the
 * stream's `abort()` and early exit) and a `doStream` bound to it.
 *
 * @example
 * ```ts
 * const body: StreamBody<unknown> = async function* ({ doStream }) {
 *   return yield* forwardStream(doStream());
 * };
 * ```
 */
export interface StreamBodyContext<OBJECT> {
  readonly request: ChatRequest<OBJECT>;
  /** The caller's options with `signal` replaced by the stream's signal. */
  readonly options: CallOptions;
  readonly signal: AbortSignal;
  readonly provider: Provider;
  /** Starts the wrapped provider's stream under the stream's signal; see {@link StreamCall.doStream}. */
  doStream(request?: ChatRequest<OBJECT>, overrides?: CallOptions): ChatStream<OBJECT>;
  /** An abort that follows the stream's signal; see {@link GenerateCall.linkAbort}. */
  linkAbort(): LinkedAbort;
}

/**
 * The producer of a wrapped stream: yields the deltas to pass on, returns the completion.
 *
 * @example
 * ```ts
 * const upperCase: StreamBody<unknown> = async function* ({ doStream }) {
 *   const inner = doStream();
 *   for await (const part of streamParts(inner)) yield typeof part === 'string' ? part.toUpperCase() : part;
 *   return completionOf(await inner.result);
 * };
 * ```
 */
export type StreamBody<OBJECT> = (context: StreamBodyContext<OBJECT>) => AsyncGenerator<string | ToolCallDelta, StreamCompletion<OBJECT>, void>;

/**
 * The hooks {@link wrapProvider} runs around a provider, in the spirit of the AI SDK's
 * `wrapLanguageModel` middleware. Every hook is optional; a missing one passes the call through.
 *
 * @example
 * ```ts
 * const tagged: ProviderMiddleware = {
 *   transformRequest: (request) => ({ ...request, metadata: { ...request.metadata, tags: { feature: 'triage' } } }),
 * };
 * ```
 */
export interface ProviderMiddleware {
  /** Replaces the wrapped provider's `id` (attempts, events, budgets and rate limits use it). */
  readonly id?: string;
  /** Overrides the `honorsDeadline` reported by the wrapper (set `true` only if you enforce `deadline`). */
  readonly honorsDeadline?: boolean;
  /** Rewrites the request before `wrapGenerate`/`wrapStream` (or the provider) sees it. */
  transformRequest?<OBJECT>(request: ChatRequest<OBJECT>, context: { readonly type: 'generate' | 'stream'; readonly options: CallOptions }): ChatRequest<OBJECT>;
  /** Runs a `generate` call; call `call.doGenerate()` to reach the wrapped provider. */
  wrapGenerate?<OBJECT>(call: GenerateCall<OBJECT>): Promise<ChatResult<OBJECT>>;
  /**
   * Runs a `stream` call, synchronously: return `call.doStream()` (observed or not), or
   * `call.createStream(body)` to transform or guard the deltas.
   */
  wrapStream?<OBJECT>(call: StreamCall<OBJECT>): ChatStream<OBJECT>;
}

const noOptions: CallOptions = Object.freeze({});

/**
 * The options the inner call gets: the caller's, or `overrides` merged over them with the caller's
 * signal kept (linked when `overrides` brings another that does not already follow it) and the
 * earlier deadline. Calls `onLink` with the dispose of a link it had to make.
 */
function mergeOptions(base: CallOptions, overrides: CallOptions, follower: AbortSignal | undefined, onLink: (dispose: () => void) => void): CallOptions {
  const merged: { -readonly [K in keyof CallOptions]: CallOptions[K] } = { ...base, ...overrides };
  const own = overrides.signal;
  if (own === undefined) merged.signal = base.signal;
  else if (own !== base.signal && own !== follower && base.signal !== undefined) {
    const linked = linkSignals([base.signal, own]);
    merged.signal = linked.signal;
    onLink(linked.dispose);
  }
  if (base.deadline !== undefined && (overrides.deadline === undefined || overrides.deadline > base.deadline)) merged.deadline = base.deadline;
  if (merged.signal === undefined) delete merged.signal;
  if (merged.deadline === undefined) delete merged.deadline;
  return merged;
}

/** The `generate` call context. Methods, not arrows: they run per call and must not close over `this`. */
function generateCall<OBJECT>(provider: Provider, request: ChatRequest<OBJECT>, options: CallOptions, original: CallOptions | undefined): GenerateCall<OBJECT> {
  // The signal of this call's own linkAbort(): it already follows the caller's.
  let follower: AbortSignal | undefined;
  return {
    request,
    options,
    provider,
    doGenerate(inner = request, overrides) {
      if (overrides === undefined) return provider.generate(inner, original);
      let dispose: (() => void) | undefined;
      const pending = provider.generate(
        inner,
        mergeOptions(options, overrides, follower, (undo) => {
          dispose = undo;
        }),
      );
      return dispose === undefined ? pending : pending.finally(dispose);
    },
    linkAbort() {
      const linked = createLinkedAbort(options.signal);
      follower = linked.signal;
      return linked;
    },
  };
}

/** Starts the inner stream under `options` (+ `overrides`), undoing any signal link once it settles. */
function startStream<OBJECT>(provider: Provider, request: ChatRequest<OBJECT>, options: CallOptions, original: CallOptions | undefined, overrides: CallOptions | undefined, follower: AbortSignal | undefined): ChatStream<OBJECT> {
  if (overrides === undefined) return provider.stream(request, original);
  let dispose: (() => void) | undefined;
  const stream = provider.stream(
    request,
    mergeOptions(options, overrides, follower, (undo) => {
      dispose = undo;
    }),
  );
  if (dispose !== undefined) stream.result.then(dispose, dispose);
  return stream;
}

function streamCall<OBJECT>(provider: Provider, id: string, request: ChatRequest<OBJECT>, options: CallOptions, original: CallOptions | undefined): StreamCall<OBJECT> {
  let follower: AbortSignal | undefined;
  return {
    request,
    options,
    provider,
    doStream(inner = request, overrides) {
      return startStream(provider, inner, options, original, overrides, follower);
    },
    linkAbort() {
      const linked = createLinkedAbort(options.signal);
      follower = linked.signal;
      return linked;
    },
    createStream(body) {
      return createChatStream<OBJECT>((signal) => body(bodyContext(provider, request, { ...options, signal }, signal)), streamLabels(id, request.model ?? provider.model, options.signal));
    },
  };
}

function bodyContext<OBJECT>(provider: Provider, request: ChatRequest<OBJECT>, options: CallOptions, signal: AbortSignal): StreamBodyContext<OBJECT> {
  let follower: AbortSignal | undefined;
  return {
    request,
    options,
    signal,
    provider,
    doStream(inner = request, overrides) {
      return startStream(provider, inner, options, options, overrides, follower);
    },
    linkAbort() {
      const linked = createLinkedAbort(signal);
      follower = linked.signal;
      return linked;
    },
  };
}

/**
 * Yields a wrapped stream's text and tool-call deltas and returns its completion: the body of a
 * stream middleware that only needs to look at the end result.
 *
 * @example
 * ```ts
 * const body: StreamBody<unknown> = async function* ({ doStream }) {
 *   const completion = yield* forwardStream(doStream());
 *   console.log(completion.usage.totalTokens);
 *   return completion;
 * };
 * ```
 */
export async function* forwardStream<OBJECT>(stream: ChatStream<OBJECT>): AsyncGenerator<string | ToolCallDelta, StreamCompletion<OBJECT>, void> {
  yield* streamParts(stream as ChatStream<unknown>);
  return completionOf(await stream.result);
}

/**
 * A result without what a stream measures itself (its text and latency): what a {@link StreamBody}
 * returns.
 *
 * @example
 * ```ts
 * const completion = completionOf(await inner.result);
 * ```
 */
export function completionOf<OBJECT>(result: ChatResult<OBJECT>): StreamCompletion<OBJECT> {
  const { text: _text, latencyMs: _latencyMs, ...completion } = result;
  return completion;
}

/**
 * Wraps a provider with middleware: THE way to write a wrapper (every built-in one, `withRetry` to
 * `withPiiRedaction`, is built on it). The wrapper passes through the provider's `id`, `model`,
 * `contextWindow` and `honorsDeadline`; every call reaches the provider with the caller's signal
 * and deadline, whatever the middleware overrides (see {@link GenerateCall.doGenerate}); and a
 * stream built with `createStream` is aborted by the caller's signal, by `abort()`, and by an
 * early exit from the caller's loop.
 *
 * @example
 * ```ts
 * import { createMockProvider } from 'crmkit/testing';
 *
 * const logged = wrapProvider(createMockProvider({ reply: 'Hi!' }), {
 *   async wrapGenerate({ doGenerate, request }) {
 *     const result = await doGenerate();
 *     console.log(`${request.messages.length} messages, ${result.usage.totalTokens} tokens`);
 *     return result;
 *   },
 *   wrapStream: ({ createStream }) =>
 *     createStream(async function* ({ doStream }) {
 *       const completion = yield* forwardStream(doStream());
 *       console.log(`${completion.usage.totalTokens} tokens`);
 *       return completion;
 *     }),
 * });
 * await logged.generate({ messages: [{ role: 'user', content: 'Hello' }] });
 * ```
 */
export function wrapProvider(provider: Provider, middleware: ProviderMiddleware): Provider {
  const { transformRequest, wrapGenerate, wrapStream } = middleware;
  const id = middleware.id ?? provider.id;
  return {
    id,
    model: provider.model,
    contextWindow: provider.contextWindow,
    honorsDeadline: middleware.honorsDeadline ?? provider.honorsDeadline,
    generate<OBJECT = undefined>(request: ChatRequest<OBJECT>, callOptions?: CallOptions): Promise<ChatResult<OBJECT>> {
      const options = callOptions ?? noOptions;
      try {
        const transformed = transformRequest ? transformRequest(request, { type: 'generate', options }) : request;
        if (!wrapGenerate) return provider.generate(transformed, callOptions);
        return wrapGenerate(generateCall(provider, transformed, options, callOptions));
      } catch (error) {
        // A hook that throws (a request it refuses) rejects the call, as an async generate would.
        return Promise.reject(error as Error);
      }
    },
    stream<OBJECT = undefined>(request: ChatRequest<OBJECT>, callOptions?: CallOptions): ChatStream<OBJECT> {
      const options = callOptions ?? noOptions;
      const transformed = transformRequest ? transformRequest(request, { type: 'stream', options }) : request;
      if (!wrapStream) return provider.stream(transformed, callOptions);
      return wrapStream(streamCall(provider, id, transformed, options, callOptions));
    },
  };
}

function streamLabels(providerId: string, model: string, signal: AbortSignal | undefined): { signal?: AbortSignal; providerId: string; model: string } {
  return signal ? { signal, providerId, model } : { providerId, model };
}
