import { ProviderError, sanitizeCause } from '../../core/errors.js';
import { classifyVendorError } from '../shared/classify-vendor-error.js';
import { readSdkErrorMessage, readVendorErrorBody } from '../shared/read-vendor-error-body.js';
import { transportError, vendorHttpError, vendorRetryAfter } from '../shared/vendor-error-details.js';
import type { VendorErrorContext } from '../shared/vendor-error-details.js';

/** The fields of `@anthropic-ai/sdk`'s `APIError` this mapper reads (duck-typed: no SDK import). */
interface AnthropicApiErrorLike {
  readonly status?: number;
  readonly headers?: { get(name: string): string | null };
  /** The whole body: `{ type: 'error', error: { type, message, details? }, request_id }` from Anthropic; any shape from a proxy. */
  readonly error?: unknown;
  readonly requestID?: string | null;
}

function isApiError(error: unknown): error is AnthropicApiErrorLike & Error {
  return error instanceof Error && 'headers' in error && 'error' in error && 'status' in error;
}

/**
 * Maps anything `@anthropic-ai/sdk` throws to a {@link ProviderError}: HTTP errors and `event: error`
 * frames by their body (Anthropic's, or an OpenAI-format one relayed by a gateway), timeouts and
 * aborts by our signal, connection failures as `network`.
 */
export function mapAnthropicError(error: unknown, context: VendorErrorContext): ProviderError {
  const transport = transportError(error, 'Anthropic', context);
  if (transport) return transport;
  if (isApiError(error) && (error.status !== undefined || error.error)) {
    const body = error.error !== undefined && error.error !== null ? readVendorErrorBody(error.error) : readSdkErrorMessage(error.message);
    const kind = classifyVendorError({ status: error.status, labels: body.labels, message: body.message, statusHint: body.statusHint, loading: body.estimatedTimeMs !== undefined });
    return vendorHttpError(
      {
        vendor: 'Anthropic',
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
  return new ProviderError('Anthropic call failed unexpectedly', {
    kind: 'server',
    providerId: context.providerId,
    model: context.model,
    cause: sanitizeCause(error, context.secrets),
  });
}
