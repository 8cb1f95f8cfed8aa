import type { FakeFault, FakeFaultKind } from './fake-response.js';
import { randomId, retryHeaders, sseFrame } from './wire-format.js';
import type { ResolvedReply, WireAnswer, WireFormat } from './wire-format.js';

interface OpenAIErrorBody {
  readonly status: number;
  readonly message: string;
  readonly type: string;
  readonly code: string | null;
  readonly param?: string | null;
}

/** Real OpenAI error bodies, per fault. */
export function openAIErrorBody(fault: FakeFaultKind, model: string, retryAfterSeconds = 20): OpenAIErrorBody {
  switch (fault) {
    case 'rate_limited':
      return {
        status: 429,
        type: 'requests',
        code: 'rate_limit_exceeded',
        message: `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${retryAfterSeconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
      };
    case 'quota_exhausted':
      return {
        status: 429,
        type: 'insufficient_quota',
        code: 'insufficient_quota',
        message: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      };
    case 'context_length':
      return {
        status: 400,
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
        param: 'messages',
        message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens. Please reduce the length of the messages.",
      };
    case 'auth':
      return {
        status: 401,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
        message: 'Incorrect API key provided: sk-fake*****************1234. You can find your API key at https://platform.openai.com/account/api-keys.',
      };
    case 'server':
      return { status: 500, type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' };
    case 'overloaded':
    case 'model_loading':
      return { status: 503, type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' };
    case 'invalid_request':
      return {
        status: 400,
        type: 'invalid_request_error',
        code: 'invalid_value',
        param: 'messages',
        message: "Invalid value for 'messages': expected an array of message objects.",
      };
    case 'content_filter':
      return {
        status: 400,
        type: 'invalid_request_error',
        code: 'content_policy_violation',
        message: 'Your request was rejected as a result of our safety system.',
      };
  }
}

function errorPayload(fault: FakeFault, model: string): { status: number; payload: unknown } {
  // The text names the same wait as the retry-after header, as OpenAI's does.
  const body = openAIErrorBody(fault.fault, model, fault.retryAfterSeconds);
  return {
    status: body.status,
    payload: { error: { message: fault.message ?? body.message, type: body.type, param: body.param ?? null, code: body.code } },
  };
}

function usage(reply: ResolvedReply): Record<string, unknown> {
  return {
    prompt_tokens: reply.inputTokens,
    completion_tokens: reply.outputTokens,
    total_tokens: reply.inputTokens + reply.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** OpenAI chat completions, as api.openai.com sends them. */
export function createOpenAIWireFormat(): WireFormat {
  const chunk = (reply: ResolvedReply, choices: unknown[], usageValue: unknown = null) =>
    sseFrame({
      id: reply.id,
      object: 'chat.completion.chunk',
      created: reply.created,
      model: reply.model,
      service_tier: 'default',
      system_fingerprint: 'fp_fake0001',
      choices,
      usage: usageValue,
    });
  return {
    vendor: 'openai',
    requestIdHeader: 'x-request-id',
    newRequestId: () => randomId('req_', 32),
    streamContentType: 'text/event-stream; charset=utf-8',
    json(reply): WireAnswer {
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'openai-version': '2020-10-01', 'openai-processing-ms': '42' },
        body: JSON.stringify({
          id: reply.id,
          object: 'chat.completion',
          created: reply.created,
          model: reply.model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: reply.toolCalls.length > 0 && reply.text === '' ? null : reply.text,
                refusal: null,
                annotations: [],
                ...(reply.toolCalls.length > 0
                  ? { tool_calls: reply.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.argumentsText } })) }
                  : {}),
              },
              logprobs: null,
              finish_reason: reply.finishReason,
            },
          ],
          usage: usage(reply),
          service_tier: 'default',
          system_fingerprint: 'fp_fake0001',
        }),
      };
    },
    streamStart: (reply) => [chunk(reply, [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }])],
    streamDelta: (reply, text) => chunk(reply, [{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }]),
    streamToolCalls: (reply) =>
      reply.toolCalls.flatMap((call, index) => [
        chunk(reply, [{ index: 0, delta: { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }, logprobs: null, finish_reason: null }]),
        ...call.chunks.map((piece) => chunk(reply, [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: piece } }] }, logprobs: null, finish_reason: null }])),
      ]),
    streamEnd: (reply) => [
      chunk(reply, [{ index: 0, delta: {}, logprobs: null, finish_reason: reply.finishReason }]),
      chunk(reply, [], usage(reply)),
      sseFrame('[DONE]'),
    ],
    fault(fault, context) {
      const { status, payload } = errorPayload(fault, context.model);
      const reset: Record<string, string> = {};
      if (fault.resetRequests !== undefined) {
        reset['x-ratelimit-remaining-requests'] = '0';
        reset['x-ratelimit-reset-requests'] = fault.resetRequests;
      }
      if (fault.resetTokens !== undefined) {
        reset['x-ratelimit-remaining-tokens'] = '0';
        reset['x-ratelimit-reset-tokens'] = fault.resetTokens;
      }
      return {
        status,
        headers: { 'content-type': 'application/json; charset=utf-8', ...reset, ...retryHeaders(fault) },
        body: JSON.stringify(payload),
      };
    },
    streamError: (fault, context) => sseFrame(errorPayload(fault, context.model).payload),
  };
}
