import type { FakeFault, FakeFinishReason, FakeVendor } from './fake-response.js';

/** A reply resolved against the request: what the wire formats render. */
export interface ResolvedReply {
  readonly id: string;
  readonly model: string;
  readonly text: string;
  readonly chunks: readonly string[];
  readonly finishReason: FakeFinishReason;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly created: number;
  readonly toolCalls: readonly ResolvedToolCall[];
}

/** A tool call resolved against the vendor: its id and argument text. */
export interface ResolvedToolCall {
  readonly id: string;
  readonly name: string;
  readonly argumentsText: string;
  readonly chunks: readonly string[];
}

/** A complete HTTP answer. */
export interface WireAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** One vendor's bytes. Internal to the fake server. */
export interface WireFormat {
  readonly vendor: FakeVendor;
  /** The header carrying the request id. */
  readonly requestIdHeader: string;
  newRequestId(): string;
  json(reply: ResolvedReply): WireAnswer;
  readonly streamContentType: string;
  /** Frames before the first delta. */
  streamStart(reply: ResolvedReply): string[];
  streamDelta(reply: ResolvedReply, text: string): string;
  /** The frames that stream the reply's tool calls (after its text). */
  streamToolCalls(reply: ResolvedReply): string[];
  /** The frames that end a stream properly, terminal event included. */
  streamEnd(reply: ResolvedReply): string[];
  fault(fault: FakeFault, context: { model: string; requestId: string }): WireAnswer;
  /** The in-stream error frame. */
  streamError(fault: FakeFault, context: { model: string; requestId: string }): string;
}

/** Shared header logic: the retry hints a fault asked for. */
export function retryHeaders(fault: FakeFault): Record<string, string> {
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  if (fault.retryAfterDate !== undefined) headers['retry-after'] = fault.retryAfterDate.toUTCString();
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
  return { ...headers, ...fault.headers };
}

/** `data: …\n\n`, optionally preceded by `event: …`. */
export function sseFrame(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${payload}\n\n`;
}

/** A random id in the vendor's style (`chatcmpl-…`, `msg_01…`). */
export function randomId(prefix: string, length = 24): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = prefix;
  for (let index = 0; index < length; index++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
  return id;
}
