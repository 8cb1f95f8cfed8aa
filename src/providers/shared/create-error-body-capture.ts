/** A fetch that keeps error bodies, and the way to find them again from an SDK error. */
export interface ErrorBodyCapture {
  /** Give this to the SDK. */
  readonly fetch: typeof globalThis.fetch;
  /** The body of the error response whose `Headers` object the SDK error kept, if any. */
  bodyOf(headers: unknown): string | undefined;
  /** Keeps `text` as the body of the error response with these `Headers` (for requests sent without the SDK). */
  keep(headers: object, text: string): void;
}

/** Error bodies are short; a proxy's HTML page need not be kept whole. */
const maxKeptLength = 16_384;

/**
 * Wraps `fetch` so that the body of every error response (status 400 and above) is kept, keyed
 * by the response's `Headers` object, which SDK errors carry (the openai SDK keeps only the
 * body's `error` field and drops `detail`, top-level `message` and `estimated_time`). Keyed by
 * object, not by "the last response", so concurrent calls never read each other's bodies; a
 * WeakMap, so nothing is kept once the error is gone.
 *
 * @example
 * ```ts
 * const capture = createErrorBodyCapture(options.fetch);
 * const client = new OpenAI({ apiKey, fetch: capture.fetch });
 * // later, in the error mapper:
 * const rawBody = capture.bodyOf(sdkError.headers);
 * ```
 */
export function createErrorBodyCapture(baseFetch?: typeof globalThis.fetch): ErrorBodyCapture {
  const bodies = new WeakMap<object, string>();
  const keep = (headers: object, text: string): void => void bodies.set(headers, text.slice(0, maxKeptLength));
  const send = baseFetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init));
  const capturing = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const response = await send(input, init);
    if (response.status >= 400 && response.body !== null) {
      // A clone, so the SDK still reads the body itself; a failed read only loses the details.
      const text = await response
        .clone()
        .text()
        .catch(() => undefined);
      if (text !== undefined) keep(response.headers, text);
    }
    return response;
  }) as typeof globalThis.fetch;
  return {
    fetch: capturing,
    keep,
    bodyOf: (headers) => (typeof headers === 'object' && headers !== null ? bodies.get(headers) : undefined),
  };
}
