import { ProviderError, sanitizeCause } from '../../core/errors.js';
import type { ProviderErrorKind } from '../../core/errors.js';
import { kindFromStatus } from '../shared/kind-from-status.js';
import { parseRetryAfter } from '../shared/parse-retry-after.js';
import { transportError, vendorHttpError } from '../shared/vendor-error-details.js';
import type { VendorErrorContext } from '../shared/vendor-error-details.js';

/** The fields of `@anthropic-ai/sdk`'s `APIError` this mapper reads (duck-typed: no SDK import). */
interface AnthropicApiErrorLike {
  readonly status?: number;
  readonly headers?: { get(name: string): string | null };
  /** The whole body: `{ type: 'error', error: { type, message, details? }, request_id }`. */
  readonly error?: { readonly error?: { readonly type?: unknown; readonly message?: unknown; readonly details?: { readonly error_code?: unknown } } } | null;
  readonly requestID?: string | null;
}

function isApiError(error: unknown): error is AnthropicApiErrorLike & Error {
  return error instanceof Error && 'headers' in error && 'error' in error && 'status' in error;
}

const spendLimitCodes = new Set(['enforced_spend_limit_reached', 'contract_spend_limit_reached', 'linked_organization_spend_limit_reached']);
const spendLimitMessage = /spend(ing)? limit|usage limit|credit balance|billing/i;
const promptTooLong = /prompt is too long|too many (input )?tokens|context (window|length)/i;

/**
 * The kind for an Anthropic error from its status, `error.type`, `error.details.error_code` and
 * message. A 429 that is a spend or usage limit (Anthropic sends no `retry-after` with those)
 * is `quota_exhausted`, not `rate_limited`: waiting a few seconds will not help.
 */
export function anthropicErrorKind(status: number | undefined, type: string | undefined, errorCode: string | undefined, message: string): ProviderErrorKind {
  if ((errorCode && spendLimitCodes.has(errorCode)) || type === 'billing_error') return 'quota_exhausted';
  switch (type) {
    case 'rate_limit_error':
      return spendLimitMessage.test(message) ? 'quota_exhausted' : 'rate_limited';
    case 'overloaded_error':
      return 'overloaded';
    case 'api_error':
      return 'server';
    case 'timeout_error':
      return 'timeout';
    case 'authentication_error':
    case 'permission_error':
      return 'auth';
    case 'invalid_request_error':
      if (promptTooLong.test(message)) return 'context_length';
      if (/credit balance/i.test(message)) return 'quota_exhausted';
      if (/content filtering|content policy/i.test(message)) return 'content_filter';
      return 'invalid_request';
    case 'not_found_error':
    case 'request_too_large':
      return status === 413 ? 'context_length' : 'invalid_request';
    default:
      return status === undefined ? 'server' : kindFromStatus(status);
  }
}

/**
 * Maps anything `@anthropic-ai/sdk` throws to a {@link ProviderError}: HTTP errors and `event: error`
 * frames by their body, timeouts and aborts by our signal, connection failures as `network`.
 */
export function mapAnthropicError(error: unknown, context: VendorErrorContext): ProviderError {
  const transport = transportError(error, 'Anthropic', context);
  if (transport) return transport;
  if (isApiError(error) && (error.status !== undefined || error.error)) {
    const body = error.error?.error;
    const type = typeof body?.type === 'string' ? body.type : undefined;
    const message = typeof body?.message === 'string' ? body.message : '';
    const errorCode = typeof body?.details?.error_code === 'string' ? body.details.error_code : undefined;
    const kind = anthropicErrorKind(error.status, type, errorCode, message);
    return vendorHttpError(
      {
        vendor: 'Anthropic',
        kind,
        status: error.status,
        vendorMessage: message || undefined,
        retryAfterMs: kind === 'rate_limited' || kind === 'overloaded' || kind === 'server' ? parseRetryAfter(error.headers) : undefined,
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
