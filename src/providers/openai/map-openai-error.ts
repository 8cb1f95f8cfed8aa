import { ProviderError, sanitizeCause } from '../../core/errors.js';
import type { ProviderErrorKind } from '../../core/errors.js';
import { kindFromStatus } from '../shared/kind-from-status.js';
import { parseRetryAfter } from '../shared/parse-retry-after.js';
import { transportError, vendorHttpError } from '../shared/vendor-error-details.js';
import type { VendorErrorContext } from '../shared/vendor-error-details.js';

/** The fields of the openai SDK's `APIError` this mapper reads (duck-typed: no SDK import). */
interface OpenAIApiErrorLike {
  readonly status?: number;
  readonly headers?: { get(name: string): string | null };
  readonly error?: { readonly message?: unknown; readonly code?: unknown; readonly type?: unknown } | null;
  readonly code?: string | null;
  readonly type?: string;
  readonly requestID?: string | null;
}

function isApiError(error: unknown): error is OpenAIApiErrorLike & Error {
  return error instanceof Error && 'headers' in error && 'error' in error && 'status' in error;
}

/**
 * The kind for an OpenAI (or OpenAI-compatible) error from its status and `error.code` /
 * `error.type`. The body decides where the status is ambiguous: a 429 is `quota_exhausted` when
 * the code is `insufficient_quota`; a 400 is `context_length` for `context_length_exceeded`.
 */
export function openAIErrorKind(status: number | undefined, code: string | undefined, type: string | undefined, message = ''): ProviderErrorKind {
  const label = code ?? type ?? '';
  if (label === 'insufficient_quota' || type === 'insufficient_quota' || label === 'billing_hard_limit_reached') return 'quota_exhausted';
  if (label === 'context_length_exceeded' || label === 'string_above_max_length') return 'context_length';
  if (label === 'content_filter' || label === 'content_policy_violation') return 'content_filter';
  if (label === 'rate_limit_exceeded' || type === 'tokens' || type === 'requests') return 'rate_limited';
  if (label === 'invalid_api_key' || type === 'authentication_error') return 'auth';
  if (status !== undefined) return kindFromStatus(status);
  // Errors inside a stream carry no status; OpenAI words a capacity problem, it does not code it.
  if (/overloaded|at capacity/i.test(message)) return 'overloaded';
  if (label === 'server_error' || type === 'server_error') return 'server';
  if (type === 'invalid_request_error') return 'invalid_request';
  return 'server';
}

/**
 * Maps anything the openai SDK throws to a {@link ProviderError}: HTTP errors by status and body,
 * errors reported inside a stream by their code, timeouts and aborts by our signal, connection
 * failures as `network`.
 */
export function mapOpenAIError(error: unknown, context: VendorErrorContext, vendor = 'OpenAI'): ProviderError {
  const transport = transportError(error, vendor, context);
  if (transport) return transport;
  if (isApiError(error) && (error.status !== undefined || error.error)) {
    const body = error.error ?? undefined;
    const code = typeof body?.code === 'string' ? body.code : (error.code ?? undefined);
    const type = typeof body?.type === 'string' ? body.type : error.type;
    const message = typeof body?.message === 'string' ? body.message : undefined;
    const kind = openAIErrorKind(error.status, code, type, message);
    return vendorHttpError(
      {
        vendor,
        kind,
        status: error.status,
        vendorMessage: message,
        retryAfterMs: kind === 'rate_limited' || kind === 'overloaded' || kind === 'server' ? parseRetryAfter(error.headers) : undefined,
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
