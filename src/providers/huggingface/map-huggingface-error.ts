import { ProviderError, sanitizeCause } from '../../core/errors.js';
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
