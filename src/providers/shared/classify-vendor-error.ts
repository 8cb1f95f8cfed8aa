import type { ProviderErrorKind } from '../../core/errors.js';
import { kindFromStatus } from './kind-from-status.js';

/**
 * Labels (`code`, `type`, `error_type`, Azure's `innererror.code`, Anthropic's
 * `details.error_code`) that decide the kind on their own, whatever the status or wording.
 */
const kindByLabel: Readonly<Record<string, ProviderErrorKind>> = {
  // Credits, quota and spend limits: waiting will not help.
  insufficient_quota: 'quota_exhausted',
  insufficient_credits: 'quota_exhausted',
  billing_hard_limit_reached: 'quota_exhausted',
  billing_not_active: 'quota_exhausted',
  billing_error: 'quota_exhausted',
  enforced_spend_limit_reached: 'quota_exhausted',
  contract_spend_limit_reached: 'quota_exhausted',
  linked_organization_spend_limit_reached: 'quota_exhausted',
  // The prompt does not fit.
  context_length_exceeded: 'context_length',
  string_above_max_length: 'context_length',
  exceed_context_size_error: 'context_length',
  model_context_window_exceeded: 'context_length',
  // The vendor refused the content.
  content_filter: 'content_filter',
  content_policy_violation: 'content_filter',
  ResponsibleAIPolicyViolation: 'content_filter',
  // Credentials.
  invalid_api_key: 'auth',
  authentication_error: 'auth',
  permission_error: 'auth',
  // Capacity and time.
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
  rate_limit_exceeded: 'rate_limited',
};

/**
 * Labels that name a rate limit but that vendors also use for spend limits (Anthropic's
 * `rate_limit_error`, Together's `credit_limit`): the wording tells which one it is.
 */
const rateLimitLabels = new Set(['rate_limit_error', 'tokens', 'requests', 'credit_limit']);

const contextWording =
  /context (window|length|size)|maximum context|prompt is too long|(input|prompt|messages?) (is|are) too long|too many (input )?tokens|must be <= ?\d+|must have less than \d+ tokens|reduce the length of the messages/i;
const quotaWording =
  /exceeded your current quota|insufficient[ _](quota|credits|balance|funds)|credit balance|credit limit exceeded|monthly included credits|pre-?paid credits|requires more credits|payment required|spend(ing)? limit|(api|specified) usage limits?/i;
const contentFilterWording = /content (management )?(policy|filter)|content filtering|safety system/i;
const loadingWording = /currently loading|model is loading|is not ready|still loading/i;
const overloadedWording = /overloaded|at capacity/i;
const rateWording = /rate limit/i;

/**
 * What {@link classifyVendorError} reads.
 *
 * @example
 * ```ts
 * const failure: VendorFailureFacts = { status: 429, labels: ['insufficient_quota'], message: 'You exceeded your current quota' };
 * ```
 */
export interface VendorFailureFacts {
  /** The HTTP status; `undefined` for an error reported inside a stream. */
  readonly status?: number;
  /** Machine-readable labels, most specific first (see readVendorErrorBody). */
  readonly labels: readonly string[];
  readonly message?: string;
  /** A status echoed in the body, used when there is no HTTP status. */
  readonly statusHint?: number;
  /** Hugging Face's `estimated_time` was present: the model is loading. */
  readonly loading?: boolean;
}

/**
 * The kind of a vendor failure, by one rule for every provider: **labels first, wording last.**
 *
 * 1. A label in the decisive table (`insufficient_quota`, `context_length_exceeded`,
 *    `content_filter`, `invalid_api_key`, `overloaded_error`…) decides, whatever the status.
 * 2. A 401 is `auth`.
 * 3. A rate-limit label (`rate_limit_error`, `tokens`, `credit_limit`) is `rate_limited`,
 *    unless the wording says the limit is a spend limit (`quota_exhausted`).
 * 4. The wording refines an ambiguous answer: a context-length message is `context_length`,
 *    a quota or credits message `quota_exhausted`, a content-policy message `content_filter`,
 *    a 503 from a loading model (or with an `estimated_time`) `overloaded`.
 * 5. The status (see kindFromStatus), or the status the body echoes.
 * 6. Inside a stream, without any status: the wording (overloaded, rate limit), a
 *    validation label (`invalid_request_error`, `validation`) is `invalid_request`, else `server`.
 *
 * @example
 * ```ts
 * classifyVendorError({ status: 429, labels: ['insufficient_quota'] }); // 'quota_exhausted'
 * classifyVendorError({ status: 400, labels: ['BadRequestError'], message: "This model's maximum context length is 4096 tokens." }); // 'context_length'
 * ```
 */
export function classifyVendorError(facts: VendorFailureFacts): ProviderErrorKind {
  const { status, labels } = facts;
  const message = facts.message ?? '';
  for (const label of labels) {
    const kind = kindByLabel[label];
    if (kind) return kind;
  }
  if (status === 401) return 'auth';
  // A rate-limit message may well mention the prompt's length; only a spend limit overrides it.
  if (labels.some((label) => rateLimitLabels.has(label))) return quotaWording.test(message) ? 'quota_exhausted' : 'rate_limited';
  if (contextWording.test(message)) return 'context_length';
  if (quotaWording.test(message)) return 'quota_exhausted';
  if (contentFilterWording.test(message)) return 'content_filter';
  if ((status === undefined || status === 503) && (facts.loading === true || loadingWording.test(message))) return 'overloaded';
  const effectiveStatus = status ?? facts.statusHint;
  if (effectiveStatus !== undefined) return kindFromStatus(effectiveStatus);
  if (overloadedWording.test(message) || labels.includes('overloaded')) return 'overloaded';
  if (rateWording.test(message)) return 'rate_limited';
  if (labels.includes('invalid_request_error') || labels.includes('validation')) return 'invalid_request';
  return 'server';
}
