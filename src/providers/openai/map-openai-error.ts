import { ProviderError, sanitizeCause } from '../../core/errors.js';
import { classifyVendorError } from '../shared/classify-vendor-error.js';
import { readSdkErrorMessage, readVendorErrorBody } from '../shared/read-vendor-error-body.js';
import type { VendorErrorBody } from '../shared/read-vendor-error-body.js';
import { transportError, vendorHttpError, vendorRetryAfter } from '../shared/vendor-error-details.js';
import type { VendorErrorContext } from '../shared/vendor-error-details.js';

/** The fields of the openai SDK's `APIError` this mapper reads (duck-typed: no SDK import). */
interface OpenAIApiErrorLike {
  readonly status?: number;
  readonly headers?: { get(name: string): string | null };
  /** The body's `error` field: an object for OpenAI, a string for many compatible servers. */
  readonly error?: unknown;
  readonly code?: string | null;
  readonly type?: string;
  readonly requestID?: string | null;
}

function isApiError(error: unknown): error is OpenAIApiErrorLike & Error {
  return error instanceof Error && 'headers' in error && 'error' in error && 'status' in error;
}

/** The error body: the raw one when the provider's fetch kept it, else what the SDK kept (`error` only). */
function bodyOf(error: OpenAIApiErrorLike & Error, rawBody: string | undefined): VendorErrorBody {
  if (rawBody !== undefined && rawBody.trim() !== '') {
    let parsed: unknown = rawBody;
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      // Plain text (a proxy's error page): read as the message.
    }
    const body = readVendorErrorBody(parsed);
    if (body.message !== undefined || body.labels.length > 0) return body;
  }
  if (error.error !== undefined && error.error !== null) return readVendorErrorBody({ error: error.error });
  return readSdkErrorMessage(error.message);
}

/**
 * Maps anything the openai SDK throws to a {@link ProviderError}: HTTP errors by status and body
 * (in any OpenAI-compatible server's shape, see readVendorErrorBody), errors reported inside a
 * stream by their code, timeouts and aborts by our signal, connection failures as `network`.
 * `rawBody` is the response body the provider's fetch kept, since the SDK keeps only `error`.
 */
export function mapOpenAIError(error: unknown, context: VendorErrorContext, vendor = 'OpenAI', rawBody?: string): ProviderError {
  const transport = transportError(error, vendor, context);
  if (transport) return transport;
  if (isApiError(error) && (error.status !== undefined || error.error)) {
    const body = bodyOf(error, rawBody);
    const labels = error.code && !body.labels.includes(error.code) ? [...body.labels, error.code] : body.labels;
    const kind = classifyVendorError({ status: error.status, labels, message: body.message, statusHint: body.statusHint, loading: body.estimatedTimeMs !== undefined });
    return vendorHttpError(
      {
        vendor,
        kind,
        status: error.status,
        vendorMessage: body.message,
        retryAfterMs: vendorRetryAfter(kind, error.headers, body.estimatedTimeMs),
        requestId: error.requestID ?? undefined,
      },
      context,
      error,
    );
  }
  return new ProviderError(`${vendor} call failed unexpectedly`, {
    kind: 'server',
    providerId: context.providerId,
    model: context.model,
    cause: sanitizeCause(error, context.secrets),
  });
}
