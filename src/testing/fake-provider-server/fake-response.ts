import { recordedErrors } from './recorded-errors.js';
import type { FakeRecordedErrorName, RecordedError } from './recorded-errors.js';

export type { FakeRecordedErrorName } from './recorded-errors.js';

/**
 * Which vendor's wire format a request used, decided by its path.
 *
 * @example
 * ```ts
 * const vendors = server.requests.map((request) => request.vendor); // ['openai', 'anthropic']
 * ```
 */
export type FakeVendor = 'openai' | 'anthropic' | 'huggingface';

/**
 * How generation stopped, rendered in each vendor's words (`stop` → Anthropic `end_turn`…).
 *
 * @example
 * ```ts
 * server.enqueue(fake.reply('Cut off mid-', { finishReason: 'length' }));
 * ```
 */
export type FakeFinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls';

/**
 * Failures the fake server can render in each vendor's real error format (status, headers, body).
 *
 * | fault | OpenAI | Anthropic | Hugging Face |
 * |---|---|---|---|
 * | `rate_limited` | 429 `rate_limit_exceeded` | 429 `rate_limit_error` | 429 `{"error":…}` |
 * | `quota_exhausted` | 429 `insufficient_quota` | 429 spend limit, no `retry-after` | 402 credits exhausted |
 * | `context_length` | 400 `context_length_exceeded` | 400 "prompt is too long" | 422 input validation |
 * | `auth` | 401 `invalid_api_key` | 401 `authentication_error` | 401 |
 * | `server` | 500 `server_error` | 500 `api_error` | 500 |
 * | `overloaded` | 503 | 529 `overloaded_error` | 503 |
 * | `model_loading` | 503 | 529 | 503 "currently loading" + `estimated_time` |
 * | `invalid_request` | 400 `invalid_request_error` | 400 `invalid_request_error` | 400 |
 * | `content_filter` | 400 `content_policy_violation` | 400 content filtering | 400 |
 *
 * @example
 * ```ts
 * server.enqueue(fake.fault('quota_exhausted'));
 * ```
 */
export type FakeFaultKind =
  | 'rate_limited'
  | 'quota_exhausted'
  | 'context_length'
  | 'auth'
  | 'server'
  | 'overloaded'
  | 'model_loading'
  | 'invalid_request'
  | 'content_filter';

/**
 * A tool call the fake model makes. `arguments` is sent as JSON; `rawArguments` is sent as is
 * (to script malformed JSON); `argumentChunks` is how a stream splits the argument text.
 *
 * @example
 * ```ts
 * const call: FakeToolCall = { name: 'lookup_order', arguments: { orderId: '54321' } };
 * ```
 */
export interface FakeToolCall {
  /** @default a vendor-style id (`call_…`, `toolu_01…`, `chatcmpl-tool-…`) */
  readonly id?: string;
  readonly name: string;
  /** @default {} */
  readonly arguments?: unknown;
  /** The argument text exactly, instead of `JSON.stringify(arguments)`. */
  readonly rawArguments?: string;
  /** For streams: the argument text's pieces. @default the text in pieces of about 8 characters */
  readonly argumentChunks?: readonly string[];
}

/**
 * A successful answer.
 *
 * @example
 * ```ts
 * server.enqueue({ type: 'reply', text: 'Hi there', usage: { inputTokens: 12, outputTokens: 3 }, chunkDelayMs: 20 });
 * ```
 */
export interface FakeReply {
  readonly type: 'reply';
  /** The answer. @default 'Hello from the fake provider.' */
  readonly text?: string;
  /** Token counts to report. @default estimated from the request and the text (4 characters a token) */
  readonly usage?: { readonly inputTokens?: number; readonly outputTokens?: number };
  /** @default 'stop' */
  readonly finishReason?: FakeFinishReason;
  /** Model name to report. @default the model the request asked for */
  readonly model?: string;
  /** Wait before the response starts. @default 0 */
  readonly latencyMs?: number;
  /** For streams: the exact deltas. @default the text split into words (spaces kept) */
  readonly chunks?: readonly string[];
  /** For streams: wait between two chunks. @default 0 */
  readonly chunkDelayMs?: number;
  /** Extra response headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Tool calls, rendered in the vendor's format after the text (the finish reason becomes `tool_calls`). */
  readonly toolCalls?: readonly FakeToolCall[];
}

/**
 * Options of a vendor-rendered failure.
 *
 * @example
 * ```ts
 * server.enqueue(fake.fault('rate_limited', { retryAfterSeconds: 2, resetTokens: '6m0s' }));
 * ```
 */
export interface FakeFaultOptions {
  /** Override the vendor's message. */
  readonly message?: string;
  /** Sent as `retry-after` (seconds). */
  readonly retryAfterSeconds?: number;
  /** Sent as `retry-after` in the HTTP-date form, instead of seconds. */
  readonly retryAfterDate?: Date;
  /** Sent as `retry-after-ms`. */
  readonly retryAfterMs?: number;
  /** OpenAI: sent as `x-ratelimit-reset-requests` (a duration such as `6m0s`). */
  readonly resetRequests?: string;
  /** OpenAI: sent as `x-ratelimit-reset-tokens`. */
  readonly resetTokens?: string;
  /** Hugging Face `model_loading`: the body's `estimated_time`, in seconds. @default 20 */
  readonly estimatedTimeSeconds?: number;
  /**
   * `auth` only: the 401's message repeats, in full, the key the request presented (as some
   * OpenAI-compatible servers and proxies do), to check that no key reaches an error or event.
   * @default false
   */
  readonly echoKey?: boolean;
  /** Hugging Face: which of its four error body shapes to use. @default 'error' */
  readonly huggingfaceShape?: 'error' | 'error_object' | 'message' | 'detail';
  /** Extra response headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Wait before answering. @default 0 */
  readonly latencyMs?: number;
}

/**
 * A failure rendered in the requesting vendor's format (see {@link FakeFaultKind}).
 *
 * @example
 * ```ts
 * server.enqueue({ type: 'fault', fault: 'overloaded' });
 * ```
 */
export interface FakeFault extends FakeFaultOptions {
  readonly type: 'fault';
  readonly fault: FakeFaultKind;
}

/**
 * Any status, headers and body, sent as given.
 *
 * @example
 * ```ts
 * server.enqueue({ type: 'http', status: 502, body: '<html>Bad gateway</html>' });
 * ```
 */
export interface FakeHttp {
  readonly type: 'http';
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
  readonly latencyMs?: number;
}

/**
 * A stream that sends `text` and then the vendor's in-stream error event.
 *
 * @example
 * ```ts
 * server.enqueue({ type: 'stream_error', fault: 'overloaded', text: 'Your order ' });
 * ```
 */
export interface FakeStreamError extends FakeFaultOptions {
  readonly type: 'stream_error';
  readonly fault: FakeFaultKind;
  /** Text streamed before the error. @default '' */
  readonly text?: string;
  /** Tool calls streamed (whole) before the error: a failure after a tool call. */
  readonly toolCalls?: readonly FakeToolCall[];
}

/**
 * A response cut short: streams send `text` and then end the body without the terminal event
 * (`[DONE]`, `message_stop`, a finish reason); `mode: 'destroy'` drops the connection instead.
 * A non-streamed request gets half a JSON body.
 *
 * @example
 * ```ts
 * server.enqueue({ type: 'truncate', text: 'Your order is' });
 * ```
 */
export interface FakeTruncate {
  readonly type: 'truncate';
  readonly text?: string;
  /** @default 'end' */
  readonly mode?: 'end' | 'destroy';
}

/**
 * Silence with the connection open. Streams: the headers and `text` first. Other requests: no
 * response at all, or, when `text` is given, the headers and the first half of the JSON body
 * that would carry `text` (a response that stalls after it began).
 *
 * @example
 * ```ts
 * server.enqueue({ type: 'stall', text: 'Thinking' });
 * ```
 */
export interface FakeStall {
  readonly type: 'stall';
  readonly text?: string;
}

/**
 * The connection is destroyed before any response (the client sees a reset).
 *
 * @example
 * ```ts
 * server.enqueue({ type: 'reset' });
 * ```
 */
export interface FakeReset {
  readonly type: 'reset';
}

/**
 * One scripted answer. Build them with {@link fake} or write the objects directly.
 *
 * @example
 * ```ts
 * const answers: FakeResponse[] = [{ type: 'fault', fault: 'rate_limited', retryAfterSeconds: 2 }, { type: 'reply', text: 'Hi' }];
 * ```
 */
export type FakeResponse = FakeReply | FakeFault | FakeHttp | FakeStreamError | FakeTruncate | FakeStall | FakeReset;

/**
 * Builders for {@link FakeResponse}s, so scripts read like the scenario they test.
 *
 * @example
 * ```ts
 * import { createFakeProviderServer, fake } from 'crmkit/testing';
 *
 * const server = await createFakeProviderServer();
 * server.enqueue(fake.fault('rate_limited', { retryAfterSeconds: 2 }), fake.reply('Your order ships today.'));
 * ```
 */
export const fake = {
  /** A successful answer. */
  reply: (text?: string, options: Omit<FakeReply, 'type' | 'text'> = {}): FakeReply => ({ type: 'reply', text, ...options }),
  /** An answer that calls tools (several: parallel calls), with optional text before them. */
  toolCalls: (calls: readonly FakeToolCall[], options: Omit<FakeReply, 'type' | 'toolCalls'> = {}): FakeReply => ({ type: 'reply', text: '', ...options, toolCalls: calls }),
  /** A successful answer whose text is `JSON.stringify(value)` (for structured output). */
  json: (value: unknown, options: Omit<FakeReply, 'type' | 'text'> = {}): FakeReply => ({ type: 'reply', text: JSON.stringify(value), ...options }),
  /** A failure in the vendor's own format. */
  fault: (fault: FakeFaultKind, options: FakeFaultOptions = {}): FakeFault => ({ type: 'fault', fault, ...options }),
  /** Any status, headers and body. */
  http: (status: number, body?: unknown, headers?: Readonly<Record<string, string>>): FakeHttp => ({ type: 'http', status, body, headers }),
  /** Some text, then the vendor's in-stream error event. */
  streamError: (fault: FakeFaultKind, options: FakeFaultOptions & { text?: string; toolCalls?: readonly FakeToolCall[] } = {}): FakeStreamError => ({ type: 'stream_error', fault, ...options }),
  /** Some text, then the end of the body without the terminal event. */
  truncate: (text?: string, mode: 'end' | 'destroy' = 'end'): FakeTruncate => ({ type: 'truncate', text, mode }),
  /** Silence with the connection open (after the headers and `text` when given; see {@link FakeStall}). */
  stall: (text?: string): FakeStall => ({ type: 'stall', text }),
  /** A dropped connection. */
  reset: (): FakeReset => ({ type: 'reset' }),
  /**
   * An OpenAI-compatible server's or gateway's error, as that server sends it (status, headers,
   * body): `fake.recorded('vllm-context-length')`. See {@link FakeRecordedErrorName}.
   */
  recorded: (name: FakeRecordedErrorName, options: { readonly headers?: Readonly<Record<string, string>>; readonly latencyMs?: number } = {}): FakeHttp => {
    const recording: RecordedError = recordedErrors[name];
    return { type: 'http', status: recording.status, body: recording.body, headers: { ...recording.headers, ...options.headers }, latencyMs: options.latencyMs };
  },
  /** Every name `fake.recorded` accepts, for tests that run them all. */
  recordedNames: Object.keys(recordedErrors) as readonly FakeRecordedErrorName[],
} as const;
