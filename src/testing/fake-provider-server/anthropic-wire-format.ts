import type { FakeFault, FakeFaultKind, FakeFinishReason } from './fake-response.js';
import { randomId, retryHeaders, sseFrame } from './wire-format.js';
import type { ResolvedReply, WireFormat } from './wire-format.js';

/** Real Anthropic error bodies, per fault. */
export function anthropicErrorBody(fault: FakeFaultKind): { status: number; type: string; message: string } {
  switch (fault) {
    case 'rate_limited':
      return {
        status: 429,
        type: 'rate_limit_error',
        message:
          'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.',
      };
    case 'quota_exhausted':
      return {
        status: 429,
        type: 'rate_limit_error',
        message: 'You have reached your specified API usage limits. You will regain access on 2026-12-01 at 00:00 UTC.',
      };
    case 'context_length':
      return { status: 400, type: 'invalid_request_error', message: 'prompt is too long: 210417 tokens > 200000 maximum' };
    case 'auth':
      return { status: 401, type: 'authentication_error', message: 'invalid x-api-key' };
    case 'server':
      return { status: 500, type: 'api_error', message: 'Internal server error' };
    case 'overloaded':
    case 'model_loading':
      return { status: 529, type: 'overloaded_error', message: 'Overloaded' };
    case 'invalid_request':
      return { status: 400, type: 'invalid_request_error', message: 'messages: at least one message is required' };
    case 'content_filter':
      return { status: 400, type: 'invalid_request_error', message: 'Output blocked by content filtering policy' };
  }
}

const stopReasons: Readonly<Record<FakeFinishReason, string>> = {
  stop: 'end_turn',
  length: 'max_tokens',
  content_filter: 'refusal',
  tool_calls: 'tool_use',
};

const ping = sseFrame('{"type": "ping"}', 'ping');

/** Anthropic opens a text block first unless the answer is tool calls alone. */
function hasTextBlock(reply: ResolvedReply): boolean {
  return reply.text !== '' || reply.toolCalls.length === 0;
}

/** Anthropic's non-streamed `input` is always an object; malformed JSON can only be scripted in streams. */
function objectInput(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}

/** Anthropic messages, as api.anthropic.com sends them. */
export function createAnthropicWireFormat(): WireFormat {
  const errorPayload = (fault: FakeFault, requestId: string) => {
    const body = anthropicErrorBody(fault.fault);
    return { status: body.status, payload: { type: 'error', error: { type: body.type, message: fault.message ?? body.message }, request_id: requestId } };
  };
  const usage = (reply: ResolvedReply) => ({
    input_tokens: reply.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: reply.outputTokens,
    service_tier: 'standard',
  });
  return {
    vendor: 'anthropic',
    requestIdHeader: 'request-id',
    newRequestId: () => randomId('req_011C', 20),
    streamContentType: 'text/event-stream; charset=utf-8',
    json(reply) {
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'anthropic-organization-id': 'org-fake' },
        body: JSON.stringify({
          id: reply.id,
          type: 'message',
          role: 'assistant',
          model: reply.model,
          content: [
            ...(reply.text !== '' || reply.toolCalls.length === 0 ? [{ type: 'text', text: reply.text }] : []),
            ...reply.toolCalls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: objectInput(call.argumentsText) })),
          ],
          stop_reason: stopReasons[reply.finishReason],
          stop_sequence: null,
          usage: usage(reply),
        }),
      };
    },
    streamStart: (reply) => [
      sseFrame(
        {
          type: 'message_start',
          message: {
            id: reply.id,
            type: 'message',
            role: 'assistant',
            model: reply.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { ...usage(reply), output_tokens: 1 },
          },
        },
        'message_start',
      ),
      ...(hasTextBlock(reply) ? [sseFrame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start')] : []),
      // Anthropic sends its ping (after the first block opens) with a space after the colon; byte-faithful means keeping it.
      ...(hasTextBlock(reply) ? [ping] : []),
    ],
    streamDelta: (_reply, text) => sseFrame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }, 'content_block_delta'),
    streamToolCalls: (reply) => {
      const offset = hasTextBlock(reply) ? 1 : 0;
      return [
        ...(offset === 1 && reply.toolCalls.length > 0 ? [sseFrame({ type: 'content_block_stop', index: 0 }, 'content_block_stop')] : []),
        ...reply.toolCalls.flatMap((call, position) => [
          sseFrame({ type: 'content_block_start', index: position + offset, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } }, 'content_block_start'),
          ...(offset === 0 && position === 0 ? [ping] : []),
          ...call.chunks.map((piece) => sseFrame({ type: 'content_block_delta', index: position + offset, delta: { type: 'input_json_delta', partial_json: piece } }, 'content_block_delta')),
          sseFrame({ type: 'content_block_stop', index: position + offset }, 'content_block_stop'),
        ]),
      ];
    },
    streamEnd: (reply) => [
      ...(reply.toolCalls.length === 0 ? [sseFrame({ type: 'content_block_stop', index: 0 }, 'content_block_stop')] : []),
      sseFrame(
        { type: 'message_delta', delta: { stop_reason: stopReasons[reply.finishReason], stop_sequence: null }, usage: { output_tokens: reply.outputTokens } },
        'message_delta',
      ),
      sseFrame({ type: 'message_stop' }, 'message_stop'),
    ],
    fault(fault, context) {
      const { status, payload } = errorPayload(fault, context.requestId);
      return { status, headers: { 'content-type': 'application/json', 'x-should-retry': String(status >= 500 || (status === 429 && fault.fault === 'rate_limited')), ...retryHeaders(fault) }, body: JSON.stringify(payload) };
    },
    streamError: (fault, context) => {
      const { payload } = errorPayload(fault, context.requestId);
      return sseFrame({ type: 'error', error: payload.error }, 'error');
    },
  };
}
