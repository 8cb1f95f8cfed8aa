/**
 * Handing a call's signal to the fetch a provider gave its own SDK client, past the SDK.
 *
 * Why: the vendor SDKs link a caller's `signal` to a controller of their own on every request:
 * openai-node 6+ through `AbortSignal.any`, which cost about 30–50 µs of CPU per call in Node
 * 20–24 (the composed signal's weak references and finalizers, plus the listeners on both
 * parents); the Anthropic SDK through a listener, a WeakMap entry and a finalization-registry
 * backstop per request. Used by the Anthropic provider; the OpenAI provider sends its
 * non-streamed calls without the SDK (`openai-chat-request.ts`). A client crmkit built itself
 * runs on crmkit's fetch, so the call's signal can travel as a fetch option under a private
 * symbol (the SDK copies `fetchOptions` into the `RequestInit` it passes to fetch, symbols
 * included) and become the request's `signal` there: fetch then aborts the request, and the
 * body read after it, when the call's deadline or the caller's signal fires, and the SDK never
 * sees a signal of its own to compose.
 *
 * Only for calls whose response the SDK reads to the end itself (non-streamed generate): a
 * stream's early `break` cancels the body through the SDK's own controller, so streams pass their
 * signal the ordinary way.
 *
 * @internal
 */

/** The fetch-option key the call's signal travels under; a symbol, so it can never reach the wire. */
const callSignalKey: unique symbol = Symbol('crmkit.callSignal');

type Fetch = typeof globalThis.fetch;
type InitWithCallSignal = RequestInit & { [callSignalKey]?: AbortSignal };

/**
 * Fetch options that carry `signal` to a fetch wrapped by {@link followCallSignal}.
 *
 * @example
 * ```ts
 * await client.messages.create(body, { fetchOptions: callSignalFetchOptions(deadline.signal) });
 * ```
 */
export function callSignalFetchOptions(signal: AbortSignal): Record<never, never> {
  // Typed as an empty object: SDKs type `fetchOptions` as RequestInit and know no symbol keys.
  return { [callSignalKey]: signal };
}

/**
 * Wraps `fetch` (default: `globalThis.fetch`, read per call) so that a request carrying a call signal (see {@link callSignalFetchOptions})
 * is sent with that signal in place of the SDK's own.
 *
 * @example
 * ```ts
 * const client = new Anthropic({ apiKey, fetch: followCallSignal(globalThis.fetch) });
 * ```
 */
export function followCallSignal(fetch?: Fetch): Fetch {
  return ((input: Parameters<Fetch>[0], init?: InitWithCallSignal) => {
    const signal = init?.[callSignalKey];
    // The init is the object the SDK built for this one request: set in place, no copy per call.
    if (signal !== undefined) (init as RequestInit).signal = signal;
    // globalThis.fetch is read per call, as the SDKs do, so a host's or a test's replacement applies.
    return fetch ? fetch(input, init) : globalThis.fetch(input, init);
  }) as Fetch;
}

/** The SDK's own timeout is a backstop only: crmkit's deadline governs (24 h, within setTimeout's range). */
export const sdkBackstopTimeoutMs = 86_400_000;

/**
 * Per-request options for a vendor SDK call: no SDK retries (crmkit's retry rules decide), the
 * SDK's timeout only a backstop, and the call's signal — through crmkit's own fetch when
 * `viaOwnFetch` (a client crmkit built, on a response the SDK reads to the end), else the SDK's
 * way (a host's client, or a stream).
 *
 * @example
 * ```ts
 * await client.chat.completions.create(body, sdkRequestOptions(call.signal, !config.client));
 * ```
 */
export function sdkRequestOptions(signal: AbortSignal, viaOwnFetch: boolean): { readonly maxRetries: 0; readonly timeout: number; readonly signal?: AbortSignal; readonly fetchOptions?: Record<never, never> } {
  return viaOwnFetch
    ? { maxRetries: 0, timeout: sdkBackstopTimeoutMs, fetchOptions: callSignalFetchOptions(signal) }
    : { maxRetries: 0, timeout: sdkBackstopTimeoutMs, signal };
}
