import type OpenAI from 'openai';
import type { ErrorBodyCapture } from '../shared/create-error-body-capture.js';

/** What a non-streamed chat completion resolves to: the SDK's type, with the request id the SDK would add. */
export type ChatCompletionReply = OpenAI.ChatCompletion & { _request_id?: string | null };

/**
 * Sends one non-streamed chat completion. `signal` cancels the request and the read of its body.
 *
 * @example
 * ```ts
 * const completion = await send({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }, deadline.signal);
 * ```
 */
export type SendChatCompletion = (body: OpenAI.ChatCompletionCreateParamsNonStreaming, signal: AbortSignal) => Promise<ChatCompletionReply>;

/**
 * An HTTP error in the shape of the openai SDK's `APIError` (the fields `mapOpenAIError` reads:
 * `status`, `headers`, `error`, `code`, `type`, `requestID`), so both paths map alike.
 */
class OpenAIHttpError extends Error {
  override readonly name = 'APIError';
  readonly status: number;
  readonly headers: Headers;
  /** The body's `error` field, as the SDK keeps it. */
  readonly error: unknown;
  readonly code: string | null;
  readonly type: string | undefined;
  readonly requestID: string | null;

  constructor(status: number, headers: Headers, text: string) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const error = typeof parsed === 'object' && parsed !== null ? (parsed as { error?: unknown }).error : undefined;
    const fields = typeof error === 'object' && error !== null ? (error as { message?: unknown; code?: unknown; type?: unknown }) : undefined;
    // The SDK's message: the error's own message, else the error as JSON, else a body that was not JSON.
    const said =
      fields?.message !== undefined
        ? typeof fields.message === 'string'
          ? fields.message
          : JSON.stringify(fields.message)
        : error !== undefined
          ? JSON.stringify(error)
          : parsed === undefined && text !== ''
            ? text
            : undefined;
    super(said ? `${status} ${said}` : `${status} status code (no body)`);
    this.status = status;
    this.headers = headers;
    this.error = error;
    this.code = typeof fields?.code === 'string' ? fields.code : null;
    this.type = typeof fields?.type === 'string' ? fields.type : undefined;
    this.requestID = headers.get('x-request-id');
  }
}

/**
 * The chat-completions request of a client crmkit built, sent with `fetch` itself: the same
 * request the openai SDK sends (URL, method, JSON body, bearer key, `Accept` and `Content-Type`),
 * the same reply (the parsed body, `_request_id` from `x-request-id`), and HTTP errors in the
 * SDK's error shape with their raw body kept in `errorBodies`. Measured over loopback, the SDK's
 * per-request machinery (header objects, eager log formatting, its promise wrapper, its own timer
 * and abort controller) costs ≈ 250 µs of client CPU per call, more than all of crmkit's layers;
 * crmkit needs none of it for a non-streamed call, since its own layers retry, time out and
 * cancel. Streams and a host's own `client` still go through the SDK.
 *
 * @example
 * ```ts
 * const send = createChatCompletionRequest({ apiKey, baseURL: 'https://api.openai.com/v1', errorBodies });
 * const completion = await send(body, signal);
 * ```
 */
export function createChatCompletionRequest(options: { readonly apiKey: string; readonly baseURL: string; readonly fetch?: typeof globalThis.fetch; readonly errorBodies: ErrorBodyCapture }): SendChatCompletion {
  const { errorBodies } = options;
  // As the SDK joins them: one slash between the base URL and the path.
  const url = `${options.baseURL}${options.baseURL.endsWith('/') ? '' : '/'}chat/completions`;
  const headers: Readonly<Record<string, string>> = {
    accept: 'application/json',
    'content-type': 'application/json',
    authorization: `Bearer ${options.apiKey}`,
  };
  const baseFetch = options.fetch;
  return async (body, signal) => {
    // globalThis.fetch is read per call, as the SDK does, so a host's or a test's replacement applies.
    const response = await (baseFetch ?? globalThis.fetch)(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
    if (!response.ok) {
      // As the SDK: a body that cannot be read leaves only the status (the mapper then reads the signal).
      const text = await response.text().catch(() => '');
      if (text !== '') errorBodies.keep(response.headers, text);
      throw new OpenAIHttpError(response.status, response.headers, text);
    }
    const reply = (await response.json()) as ChatCompletionReply;
    if (typeof reply === 'object' && reply !== null) reply._request_id = response.headers.get('x-request-id');
    return reply;
  };
}
