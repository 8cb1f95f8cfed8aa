import type { FakeFault, FakeFaultKind } from './fake-response.js';
import { createOpenAIWireFormat } from './openai-wire-format.js';
import { randomId, retryHeaders, sseFrame } from './wire-format.js';
import type { WireFormat } from './wire-format.js';

/** Real Hugging Face router / TGI error messages, per fault. */
export function huggingFaceError(fault: FakeFaultKind, model: string): { status: number; message: string; errorType?: string } {
  switch (fault) {
    case 'rate_limited':
      return { status: 429, message: 'Rate limit reached. Please log in or use a HF access token' };
    case 'quota_exhausted':
      return {
        status: 402,
        message: 'You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits.',
      };
    case 'context_length':
      return {
        status: 422,
        errorType: 'validation',
        message: 'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 32768. Given: 40112 `inputs` tokens and 500 `max_new_tokens`',
      };
    case 'auth':
      return { status: 401, message: 'Invalid credentials in Authorization header' };
    case 'server':
      return { status: 500, message: 'Internal Server Error' };
    case 'overloaded':
      return { status: 503, errorType: 'overloaded', message: 'Model is overloaded' };
    case 'model_loading':
      return { status: 503, message: `Model ${model} is currently loading` };
    case 'invalid_request':
      return { status: 400, errorType: 'validation', message: 'Input validation error: `temperature` must be strictly positive' };
    case 'content_filter':
      return { status: 400, message: 'The request was blocked by the content policy' };
  }
}

function payload(fault: FakeFault, model: string): { status: number; body: Record<string, unknown> } {
  const error = huggingFaceError(fault.fault, model);
  const message = fault.message ?? error.message;
  const extra: Record<string, unknown> = fault.fault === 'model_loading' ? { estimated_time: fault.estimatedTimeSeconds ?? 20 } : {};
  switch (fault.huggingfaceShape ?? 'error') {
    case 'error':
      return { status: error.status, body: { error: message, ...(error.errorType ? { error_type: error.errorType } : {}), ...extra } };
    case 'error_object':
      return { status: error.status, body: { error: { message, type: error.errorType ?? 'invalid_request_error', code: null }, ...extra } };
    case 'message':
      return { status: error.status, body: { message, ...extra } };
    case 'detail':
      return { status: error.status, body: { detail: message, ...extra } };
  }
}

/**
 * The Hugging Face router and Inference Endpoints (TGI): OpenAI's chat-completions format for
 * answers and streams, Hugging Face's own shapes for errors.
 */
export function createHuggingFaceWireFormat(): WireFormat {
  const openai = createOpenAIWireFormat();
  return {
    ...openai,
    vendor: 'huggingface',
    requestIdHeader: 'x-request-id',
    newRequestId: () => randomId('', 26),
    streamContentType: 'text/event-stream',
    fault(fault, context) {
      const { status, body } = payload(fault, context.model);
      return { status, headers: { 'content-type': 'application/json', ...retryHeaders(fault) }, body: JSON.stringify(body) };
    },
    streamError: (fault, context) => sseFrame(payload({ ...fault, huggingfaceShape: fault.huggingfaceShape ?? 'error' }, context.model).body),
  };
}
