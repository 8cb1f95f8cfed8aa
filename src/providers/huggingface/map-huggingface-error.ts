import { ProviderError, sanitizeCause } from '../../core/errors.js';
import type { ProviderErrorKind } from '../../core/errors.js';
import { kindFromStatus } from '../shared/kind-from-status.js';
import { parseRetryAfter } from '../shared/parse-retry-after.js';
import type { HeaderSource } from '../shared/parse-retry-after.js';
import { transportError, vendorHttpError } from '../shared/vendor-error-details.js';
import type { VendorErrorContext } from '../shared/vendor-error-details.js';

/** What the provider's fetch wrapper saw of the last response (the SDK's errors drop headers). */
export interface CapturedResponse {
  status?: number;
  headers?: HeaderSource;
  bodyText?: string;
}

/** The fields of `@huggingface/inference`'s errors this mapper reads (duck-typed: no SDK import). */
interface HuggingFaceErrorLike {
  readonly name: string;
  readonly message: string;
  readonly httpResponse?: { readonly status?: number; readonly requestId?: string; readonly body?: unknown };
}

/**
 * The message of a Hugging Face error body, whichever of its four shapes it has:
 * `{"error":"…"}`, `{"error":{"message":"…"}}`, `{"message":"…"}` or `{"detail":"…"}` (FastAPI,
 * where `detail` may also be a list of `{ msg }`).
 */
export function huggingFaceErrorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() || undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.error === 'string') return record.error;
  if (typeof record.error === 'object' && record.error !== null && typeof (record.error as { message?: unknown }).message === 'string') {
    return (record.error as { message: string }).message;
  }
  if (typeof record.message === 'string') return record.message;
  if (typeof record.detail === 'string') return record.detail;
  if (Array.isArray(record.detail)) {
    return record.detail.map((item: unknown) => (typeof item === 'object' && item && 'msg' in item ? String(item.msg) : JSON.stringify(item))).join('; ');
  }
  return undefined;
}

const contextLength = /context (window|length)|too long|must be <= ?\d+|maximum (context|number of tokens)|exceeds? .*tokens/i;
const creditsExhausted = /exceeded your monthly included credits|pre-?paid credits|insufficient (credits|balance)|payment required/i;

/**
 * The kind for a Hugging Face failure. `503` with `estimated_time` or "currently loading" is a
 * cold model (`overloaded`, with the estimate as `retryAfterMs`); `402` is exhausted credits.
 * An error inside a stream (status 200) is read from its `error_type` and message.
 */
export function huggingFaceErrorKind(status: number | undefined, message: string, errorType: string | undefined): ProviderErrorKind {
  if (creditsExhausted.test(message)) return 'quota_exhausted';
  if (status === undefined || status < 400) {
    if (errorType === 'overloaded' || /currently loading|overloaded/i.test(message)) return 'overloaded';
    if (/rate limit/i.test(message)) return 'rate_limited';
    if (contextLength.test(message)) return 'context_length';
    if (errorType === 'validation') return 'invalid_request';
    return 'server';
  }
  if ((status === 400 || status === 413 || status === 422) && contextLength.test(message)) return 'context_length';
  return kindFromStatus(status);
}

/**
 * Maps anything `@huggingface/inference` throws to a {@link ProviderError}, using the headers and
 * body the provider's fetch wrapper captured for `retry-after` and the body shapes.
 */
export function mapHuggingFaceError(error: unknown, context: VendorErrorContext, captured: CapturedResponse): ProviderError {
  const transport = transportError(error, 'Hugging Face', context);
  if (transport) return transport;
  const hfError = error as HuggingFaceErrorLike;
  if (error instanceof Error && (hfError.name === 'InputError' || hfError.name === 'RoutingError')) {
    return new ProviderError(`Hugging Face refused the request before sending it: ${error.message}`, {
      kind: 'invalid_request',
      providerId: context.providerId,
      model: context.model,
      cause: sanitizeCause(error, context.secrets),
    });
  }
  if (error instanceof Error && hfError.httpResponse) {
    const httpStatus = hfError.httpResponse.status ?? captured.status;
    let body: unknown = hfError.httpResponse.body;
    if ((body === '' || body === undefined) && captured.bodyText) {
      try {
        body = JSON.parse(captured.bodyText);
      } catch {
        body = captured.bodyText;
      }
    }
    const message = huggingFaceErrorMessage(body) ?? '';
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const midStream = httpStatus !== undefined && httpStatus < 400;
    const status = midStream ? undefined : httpStatus;
    const errorType = typeof record.error_type === 'string' ? record.error_type : undefined;
    let kind = huggingFaceErrorKind(status, message, errorType);
    const estimatedSeconds = typeof record.estimated_time === 'number' ? record.estimated_time : undefined;
    if (status === 503 && (estimatedSeconds !== undefined || /currently loading/i.test(message))) kind = 'overloaded';
    const headerWait = midStream ? undefined : parseRetryAfter(captured.headers);
    const retryAfterMs =
      kind === 'rate_limited' || kind === 'overloaded' || kind === 'server'
        ? (headerWait ?? (estimatedSeconds !== undefined ? Math.ceil(estimatedSeconds * 1000) : undefined))
        : undefined;
    return vendorHttpError(
      {
        vendor: 'Hugging Face',
        kind,
        status,
        vendorMessage: message || undefined,
        retryAfterMs,
        requestId: hfError.httpResponse.requestId || undefined,
      },
      context,
      error,
    );
  }
  return new ProviderError('Hugging Face call failed unexpectedly', {
    kind: 'server',
    providerId: context.providerId,
    model: context.model,
    cause: sanitizeCause(error, context.secrets),
  });
}
