import { ProviderError, sanitizeCause } from '../../core/errors.js';
import type { ProviderErrorKind } from '../../core/errors.js';
import { redactSecrets } from '../../core/redact.js';
import { classifyVendorError } from '../shared/classify-vendor-error.js';
import type { HeaderSource } from '../shared/parse-retry-after.js';
import { readVendorErrorBody } from '../shared/read-vendor-error-body.js';
import { transportError, vendorHttpError, vendorRetryAfter } from '../shared/vendor-error-details.js';
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
 * The message of a Hugging Face error body, whichever of its shapes it has:
 * `{"error":"…"}`, `{"error":{"message":"…"}}`, `{"message":"…"}` or `{"detail":"…"}` (FastAPI,
 * where `detail` may also be a list of `{ msg }`). See readVendorErrorBody for every shape.
 */
export function huggingFaceErrorMessage(body: unknown): string | undefined {
  return readVendorErrorBody(body).message;
}

/**
 * The kind for a Hugging Face failure, by the rule every provider shares (labels first, wording
 * last; see classifyVendorError). `503` with `estimated_time` or "currently loading" is a cold
 * model (`overloaded`, with the estimate as `retryAfterMs`); `402` is exhausted credits; an
 * OpenAI-format body relayed by the router is read by its `code` and `type`. An error inside a
 * stream (status 200) is read from its `error_type` and message.
 */
export function huggingFaceErrorKind(status: number | undefined, message: string, errorType: string | undefined): ProviderErrorKind {
  return classifyVendorError({ status, labels: errorType === undefined ? [] : [errorType], message });
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
    return new ProviderError(`Hugging Face refused the request before sending it: ${redactSecrets(error.message, context.secrets)}`, {
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
    const details = readVendorErrorBody(body);
    const midStream = httpStatus !== undefined && httpStatus < 400;
    const status = midStream ? undefined : httpStatus;
    const kind = classifyVendorError({ status, labels: details.labels, message: details.message, statusHint: details.statusHint, loading: details.estimatedTimeMs !== undefined });
    return vendorHttpError(
      {
        vendor: 'Hugging Face',
        kind,
        status,
        vendorMessage: details.message,
        retryAfterMs: vendorRetryAfter(kind, midStream ? undefined : captured.headers, details.estimatedTimeMs),
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
