import { abortError } from '../../core/abort.js';
import { ProviderError, copyProviderError, sanitizeCause } from '../../core/errors.js';
import type { ProviderErrorKind } from '../../core/errors.js';
import { redactSecrets } from '../../core/redact.js';
import { parseRetryAfter } from './parse-retry-after.js';
import type { HeaderSource } from './parse-retry-after.js';

/** What every vendor error mapper knows about the call that failed. */
export interface VendorErrorContext {
  readonly providerId: string;
  readonly model: string;
  /** The call's (linked) signal: when it fired, the failure is a timeout or an abort. */
  readonly signal: AbortSignal;
  /** Secrets (the provider's API key) to scrub from every error text, beyond the known key patterns. */
  readonly secrets: readonly (string | undefined)[];
}

/** A failure the vendor answered with: the parts every mapper extracts. */
export interface VendorHttpFailure {
  readonly vendor: string;
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  readonly vendorMessage?: string;
  readonly retryAfterMs?: number;
  readonly retryable?: boolean;
  readonly requestId?: string;
}

const maxVendorMessageLength = 300;

/**
 * Builds the ProviderError for a vendor's error response, with a message of the form
 * `OpenAI answered 429 (rate_limited): <vendor message>`. The vendor's text may echo the key
 * (OpenAI's 401 does): it is redacted with the provider's exact key and its fragments before it
 * reaches the message, and so the stack, `toJSON()` and `util.inspect`; the cause is sanitised.
 */
export function vendorHttpError(failure: VendorHttpFailure, context: VendorErrorContext, cause: unknown): ProviderError {
  const where = failure.status === undefined ? 'reported an error mid-stream' : `answered ${failure.status}`;
  const said = failure.vendorMessage ? `: ${clip(redactSecrets(failure.vendorMessage, context.secrets))}` : '';
  return new ProviderError(`${failure.vendor} ${where} (${failure.kind})${said}`, {
    kind: failure.kind,
    retryable: failure.retryable,
    retryAfterMs: failure.retryAfterMs,
    status: failure.status,
    providerId: context.providerId,
    model: context.model,
    requestId: failure.requestId,
    cause: sanitizeCause(cause, context.secrets),
  });
}

/**
 * The wait a vendor asked for, for the kinds where waiting helps: the `retry-after` /
 * `retry-after-ms` header, else Hugging Face's `estimated_time` (a cold model's load time).
 */
export function vendorRetryAfter(kind: ProviderErrorKind, headers: HeaderSource | null | undefined, estimatedTimeMs: number | undefined): number | undefined {
  if (kind !== 'rate_limited' && kind !== 'overloaded' && kind !== 'server') return undefined;
  return parseRetryAfter(headers) ?? estimatedTimeMs;
}

/**
 * The provider's last line of defence: an error whose message or cause still holds one of the
 * provider's secrets (an adapter that built its own error from vendor text) comes back redacted,
 * with a stack rebuilt from the redacted message. Anything else is returned as it is.
 */
export function redactProviderError(error: ProviderError, secrets: readonly (string | undefined)[]): ProviderError {
  const cause = error.cause as { message?: unknown; stack?: unknown } | undefined;
  const texts = [error.message, error.stack, cause?.message, cause?.stack].filter((text): text is string => typeof text === 'string');
  if (!texts.some((text) => redactSecrets(text, secrets) !== text)) return error;
  const copy = copyProviderError(error, { message: redactSecrets(error.message, secrets) });
  if (error.cause !== undefined) {
    const safeCause = ProviderError.isInstance(error.cause) ? redactProviderError(error.cause, secrets) : sanitizeCause(error.cause, secrets);
    Object.defineProperty(copy, 'cause', { value: safeCause, writable: true, configurable: true, enumerable: false });
  }
  return copy;
}

/**
 * The failures every vendor shares: our own timeout or the caller's abort (the signal fired),
 * and connection failures (refused, reset, DNS). Returns `undefined` for anything else.
 */
export function transportError(error: unknown, vendor: string, context: VendorErrorContext): ProviderError | undefined {
  if (ProviderError.isInstance(error)) return error;
  if (context.signal.aborted) return abortError(context.signal, { providerId: context.providerId, model: context.model });
  if (isConnectionError(error)) {
    return new ProviderError(`Could not reach ${vendor}: ${describeConnectionError(error)}`, {
      kind: 'network',
      providerId: context.providerId,
      model: context.model,
      cause: sanitizeCause(error, context.secrets),
    });
  }
  return undefined;
}

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 6) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** True for refused, reset and DNS failures, however deep in the `cause` chain. */
export function isConnectionError(error: unknown): boolean {
  return errorChain(error).some((link) => {
    if (typeof link !== 'object' || link === null) return false;
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string' && connectionCodes.has(code)) return true;
    const name = (link as { name?: unknown }).name;
    const message = (link as { message?: unknown }).message;
    if (name === 'APIConnectionError' || name === 'APIConnectionTimeoutError') return true;
    return typeof message === 'string' && /fetch failed|socket hang up|terminated|other side closed|network/i.test(message);
  });
}

function describeConnectionError(error: unknown): string {
  for (const link of errorChain(error)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string' && connectionCodes.has(code)) return code;
  }
  return 'the connection failed';
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > maxVendorMessageLength ? `${oneLine.slice(0, maxVendorMessageLength)}…` : oneLine;
}
