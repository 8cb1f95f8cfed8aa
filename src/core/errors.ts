import { redactSecrets } from './redact.js';

/**
 * One try at one provider, successful or not. Contains no message content and no secret.
 *
 * @example
 * ```ts
 * const attempt: Attempt = { provider: 'openai', model: 'gpt-4o-mini', ok: false, kind: 'overloaded', status: 503, durationMs: 12 };
 * ```
 */
export interface Attempt {
  readonly provider: string;
  readonly model: string;
  readonly ok: boolean;
  readonly kind?: ProviderErrorKind;
  readonly status?: number;
  readonly durationMs: number;
  readonly retryAfterMs?: number;
  /**
   * The error this try failed with (redacted like every crmkit error), as the AI SDK's
   * `RetryError` keeps `errors[]`: a chain's final error keeps every link's failure here.
   */
  readonly error?: ProviderError;
}

const crmKitErrorMarker = Symbol.for('crmkit.error');

/**
 * Base class of every error crmkit throws.
 *
 * Errors carry a `Symbol.for` marker, so {@link CrmKitError.isInstance} works even when two
 * copies of crmkit end up in one `node_modules` tree (where `instanceof` would fail).
 * Messages pass through {@link redactSecrets}, so an API key never reaches a log line.
 *
 * @example
 * ```ts
 * import { CrmKitError } from 'crmkit';
 *
 * try {
 *   await assistant.ask({ query: 'Who needs a call today?' });
 * } catch (error) {
 *   if (CrmKitError.isInstance(error)) console.error(error.code, error.message);
 * }
 * ```
 */
export class CrmKitError extends Error {
  /** Machine-readable code; subclasses narrow it. */
  readonly code: string;
  /** The assistant operation's correlation id, set when an assistant operation throws it (see docs/observability.md). */
  declare correlationId?: string;
  private readonly [crmKitErrorMarker] = true;

  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(redactSecrets(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CrmKitError';
    this.code = options.code ?? 'crmkit_error';
  }

  /** True for any crmkit error, from any copy of the package. */
  static isInstance(error: unknown): error is CrmKitError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[crmKitErrorMarker] === true;
  }

  /** A plain, secret-free object for logs and HTTP responses. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, ...(this.correlationId === undefined ? {} : { correlationId: this.correlationId }) };
  }
}

/**
 * One problem found while validating input or configuration.
 *
 * @example
 * ```ts
 * const issue: ValidationIssue = { path: 'limits.perSession.costMicros', message: 'Expected a non-negative integer' };
 * ```
 */
export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `limits.perUserDaily.costMicros`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

const validationErrorMarker = Symbol.for('crmkit.error.validation');

/**
 * Input or configuration that does not have the expected shape. Lists every problem, each with
 * the field's path and what was expected.
 *
 * @example
 * ```ts
 * import { ValidationError } from 'crmkit';
 *
 * try {
 *   createScorer({ weights: { churn: -1 } });
 * } catch (error) {
 *   if (ValidationError.isInstance(error)) {
 *     for (const issue of error.issues) console.log(issue.path, issue.message);
 *   }
 * }
 * ```
 */
export class ValidationError extends CrmKitError {
  /** Every problem found, in input order. */
  readonly issues: readonly ValidationIssue[];
  private readonly [validationErrorMarker] = true;

  constructor(subject: string, issues: readonly ValidationIssue[], options: { cause?: unknown } = {}) {
    const safeIssues = issues.map((issue) => ({ path: issue.path, message: redactSecrets(issue.message) }));
    const lines = safeIssues.map((issue) => `  - ${issue.path || '(root)'}: ${issue.message}`);
    super(`Invalid ${subject}:\n${lines.join('\n')}`, { code: 'invalid_input', cause: options.cause });
    this.name = 'ValidationError';
    this.issues = safeIssues;
  }

  /** True for a ValidationError from any copy of crmkit. */
  static override isInstance(error: unknown): error is ValidationError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[validationErrorMarker] === true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/**
 * Every way a model call can fail, normalised across vendors.
 *
 * | kind | retryable by default ({@link defaultErrorPolicy} says `retry`) | meaning |
 * |---|---|---|
 * | `rate_limited` | yes | the provider or our limiter said slow down (see `retryAfterMs`) |
 * | `overloaded` | yes | the provider is at capacity (Anthropic 529, OpenAI 503, HF model loading) |
 * | `server` | yes | 5xx from the provider |
 * | `timeout` | yes | our per-attempt timeout or the stream idle watchdog fired |
 * | `network` | yes | connection refused, reset, DNS |
 * | `truncated_stream` | yes | a stream ended without its terminal event |
 * | `auth` | no | bad or missing credentials |
 * | `quota_exhausted` | no | credits, quota or spend limit used up at the vendor |
 * | `invalid_request` | no | the request itself is malformed |
 * | `context_length` | no | the prompt does not fit the model's context window |
 * | `content_filter` | no | the vendor refused the content |
 * | `budget_exceeded` | no | a crmkit budget would be crossed |
 * | `circuit_open` | no | the circuit breaker is open for this provider |
 * | `aborted` | no | the caller's AbortSignal fired |
 * | `missing_dependency` | no | the vendor SDK (an optional peer dependency) is not installed; the message names the install command |
 *
 * @example
 * ```ts
 * function userMessage(kind: ProviderErrorKind): string {
 *   return kind === 'budget_exceeded' ? 'You have reached your AI budget for today.' : 'The assistant is busy, please retry.';
 * }
 * ```
 */
export type ProviderErrorKind =
  | 'rate_limited'
  | 'overloaded'
  | 'server'
  | 'timeout'
  | 'network'
  | 'auth'
  | 'quota_exhausted'
  | 'invalid_request'
  | 'context_length'
  | 'content_filter'
  | 'budget_exceeded'
  | 'circuit_open'
  | 'aborted'
  | 'truncated_stream'
  | 'missing_dependency';

/**
 * All error kinds, in the order of the table in {@link ProviderErrorKind}.
 *
 * @example
 * ```ts
 * const retryable = providerErrorKinds.filter(isRetryableKind); // ['rate_limited', 'overloaded', 'server', …]
 * ```
 */
export const providerErrorKinds: readonly ProviderErrorKind[] = [
  'rate_limited',
  'overloaded',
  'server',
  'timeout',
  'network',
  'truncated_stream',
  'auth',
  'quota_exhausted',
  'invalid_request',
  'context_length',
  'content_filter',
  'budget_exceeded',
  'circuit_open',
  'aborted',
  'missing_dependency',
];

/**
 * What to do after a failure of a given kind:
 * - `retry`: try the same provider again (withRetry, with backoff); once its attempts run out,
 *   move to the next link of the chain.
 * - `next`: do not retry; move to the next link at once.
 * - `stop`: fail the whole call with this error; no other link (not even the degraded
 *   responder) is asked.
 *
 * @example
 * ```ts
 * const action: ErrorAction = 'next';
 * ```
 */
export type ErrorAction = 'retry' | 'next' | 'stop';

/**
 * An action for every {@link ProviderErrorKind}. `aborted` is always `stop`: the caller cancelled.
 *
 * @example
 * ```ts
 * const policy: ErrorPolicy = { ...defaultErrorPolicy, invalid_request: 'stop' };
 * ```
 */
export type ErrorPolicy = Readonly<Record<ProviderErrorKind, ErrorAction>>;

/**
 * The default policy. Transient failures are retried; failures that belong to one provider
 * (its credentials, its quota, its context window, its circuit) move on; failures that any
 * provider would repeat, or that the host decided (budget, cancel), stop.
 *
 * | kind | action | why |
 * |---|---|---|
 * | rate_limited, overloaded, server, timeout, network, truncated_stream | retry | transient |
 * | auth, quota_exhausted | next | this provider's key or account; another one may work |
 * | invalid_request | next | usually a vendor-specific parameter or model name |
 * | missing_dependency | next | this provider's SDK is not installed; another link may use one that is |
 * | context_length | next | to a link whose context window fits (see createFallbackChain) |
 * | circuit_open | next | the provider is known to be failing |
 * | content_filter | stop | asking another vendor would be filter shopping |
 * | budget_exceeded | stop | the host's spending limit applies to every provider |
 * | aborted | stop | the caller cancelled (or the total deadline passed) |
 *
 * @example
 * ```ts
 * defaultErrorPolicy.overloaded; // 'retry'
 * ```
 */
export const defaultErrorPolicy: ErrorPolicy = Object.freeze({
  rate_limited: 'retry',
  overloaded: 'retry',
  server: 'retry',
  timeout: 'retry',
  network: 'retry',
  truncated_stream: 'retry',
  auth: 'next',
  quota_exhausted: 'next',
  invalid_request: 'next',
  context_length: 'next',
  circuit_open: 'next',
  missing_dependency: 'next',
  content_filter: 'stop',
  budget_exceeded: 'stop',
  aborted: 'stop',
});


/**
 * Whether a kind of failure is worth retrying by default: its action in
 * {@link defaultErrorPolicy} is `retry`. That table is the single source of truth; a
 * `ProviderError`'s `retryable` defaults to this, and {@link errorAction} combines the two.
 *
 * @example
 * ```ts
 * isRetryableKind('overloaded'); // true
 * isRetryableKind('auth'); // false
 * ```
 */
export function isRetryableKind(kind: ProviderErrorKind): boolean {
  return defaultErrorPolicy[kind] === 'retry';
}

/**
 * Options accepted by {@link ProviderError}.
 *
 * @example
 * ```ts
 * const options: ProviderErrorOptions = { kind: 'rate_limited', retryAfterMs: 2_000, status: 429, providerId: 'openai' };
 * throw new ProviderError('OpenAI asked us to slow down', options);
 * ```
 */
export interface ProviderErrorOptions {
  readonly kind: ProviderErrorKind;
  /** Defaults to {@link isRetryableKind}(kind). */
  readonly retryable?: boolean;
  /** How long the server asked us to wait, in milliseconds. */
  readonly retryAfterMs?: number;
  /** HTTP status, when the failure came from a response. */
  readonly status?: number;
  /** Which provider failed, e.g. `openai`. */
  readonly providerId?: string;
  /** Which model was asked. */
  readonly model?: string;
  /** The vendor's request id (`x-request-id`, `request-id`), for support tickets. */
  readonly requestId?: string;
  /** Text already streamed before a mid-stream failure. Never another model's text. */
  readonly partialText?: string;
  /** The attempts that led here, when a wrapper gave up. */
  readonly attempts?: readonly Attempt[];
  /** The underlying error. Pass it through {@link sanitizeCause} first if it may hold secrets. */
  readonly cause?: unknown;
}

const providerErrorMarker = Symbol.for('crmkit.error.provider');

/**
 * A model call that failed, normalised into one taxonomy ({@link ProviderErrorKind}) whatever the
 * vendor. Callers branch on `kind`, `retryable` and `retryAfterMs`.
 *
 * @example
 * ```ts
 * import { ProviderError } from 'crmkit';
 *
 * try {
 *   await provider.generate({ messages: [{ role: 'user', content: 'Hi' }] });
 * } catch (error) {
 *   if (ProviderError.isInstance(error) && error.kind === 'rate_limited') {
 *     console.log(`retry in ${error.retryAfterMs} ms`);
 *   }
 * }
 * ```
 */
export class ProviderError extends CrmKitError {
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly providerId: string | undefined;
  readonly model: string | undefined;
  readonly requestId: string | undefined;
  readonly partialText: string | undefined;
  readonly attempts: readonly Attempt[];
  private readonly [providerErrorMarker] = true;

  constructor(message: string, options: ProviderErrorOptions) {
    super(message, { code: options.kind, cause: options.cause });
    this.name = 'ProviderError';
    this.kind = options.kind;
    this.retryable = options.retryable ?? isRetryableKind(options.kind);
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.providerId = options.providerId;
    this.model = options.model;
    this.requestId = options.requestId;
    this.partialText = options.partialText;
    this.attempts = options.attempts ?? [];
  }

  /** True for a ProviderError (or subclass) from any copy of crmkit. */
  static override isInstance(error: unknown): error is ProviderError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[providerErrorMarker] === true;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      kind: this.kind,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      status: this.status,
      providerId: this.providerId,
      model: this.model,
      requestId: this.requestId,
      attempts: this.attempts,
    };
  }
}

/**
 * The fields {@link copyProviderError} can change. `undefined` keeps the error's own value. `kind`
 * is not among them: a different kind is a different failure, so build a new error for it.
 *
 * @example
 * ```ts
 * const changes: ProviderErrorChanges = { requestId: 'req_123', partialText: 'Your order ' };
 * ```
 */
export interface ProviderErrorChanges {
  /** A new message; it is redacted like any other. */
  readonly message?: string;
  readonly retryable?: boolean;
  readonly requestId?: string;
  readonly partialText?: string;
  readonly attempts?: readonly Attempt[];
}

/**
 * A copy of `error` with some fields changed, for wrappers that learn more about a failure after
 * it was thrown (the request id, the text streamed so far, the attempts a retry loop made). The
 * original is left as it was.
 *
 * A subclass keeps its class, `name` and own fields, so `BudgetExceededError.isInstance` and
 * `StructuredOutputError.isInstance` still hold on the copy and its `scope` or `issues` are still
 * there. This works for any subclass that keeps its state in ordinary properties, as every crmkit
 * error does; a subclass holding state in ECMAScript `#private` fields cannot be copied this way
 * (its methods would throw on the copy), so do not pass one.
 *
 * @example
 * ```ts
 * import { ProviderError } from 'crmkit';
 * import { copyProviderError } from 'crmkit/provider-utils';
 *
 * const error = new ProviderError('OpenAI is overloaded', { kind: 'overloaded', providerId: 'openai' });
 * const tagged = copyProviderError(error, { requestId: 'req_123' });
 * tagged.requestId; // 'req_123'
 * error.requestId; // undefined
 * ```
 */
export function copyProviderError<E extends ProviderError>(error: E, changes: ProviderErrorChanges): E {
  const copy = new ProviderError(changes.message ?? error.message, {
    kind: error.kind,
    retryable: changes.retryable ?? error.retryable,
    retryAfterMs: error.retryAfterMs,
    status: error.status,
    providerId: error.providerId,
    model: error.model,
    requestId: changes.requestId ?? error.requestId,
    partialText: changes.partialText ?? error.partialText,
    attempts: changes.attempts ?? error.attempts,
    cause: error.cause,
  });
  const prototype = Object.getPrototypeOf(error) as object;
  if (prototype !== ProviderError.prototype) {
    // Built as a real ProviderError first (so it is a native Error with its own stack), then given
    // the subclass's prototype and the own fields a ProviderError does not have: its marker,
    // `scope`, `issues`, `text`…
    for (const key of Reflect.ownKeys(error)) {
      const descriptor = Object.getOwnPropertyDescriptor(error, key);
      if (descriptor !== undefined && !Object.hasOwn(copy, key)) Object.defineProperty(copy, key, descriptor);
    }
    Object.setPrototypeOf(copy, prototype);
    copy.name = error.name;
  }
  return copy as E;
}

/**
 * Replaces an arbitrary thrown value (often a vendor SDK error holding request options and
 * headers) with a plain `Error` that keeps only its name, message and status, with secrets
 * redacted. Use it for the `cause` of a {@link ProviderError}.
 *
 * @example
 * ```ts
 * throw new ProviderError('OpenAI said 401', { kind: 'auth', cause: sanitizeCause(sdkError, [apiKey]) });
 * ```
 */
export function sanitizeCause(error: unknown, secrets: readonly (string | undefined)[] = []): Error | undefined {
  if (error === undefined || error === null) return undefined;
  if (CrmKitError.isInstance(error)) return error;
  const source = error instanceof Error ? error : new Error(String(error));
  const safe = new Error(redactSecrets(source.message, secrets));
  safe.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') (safe as Error & { code?: string }).code = code;
  const status = (source as { status?: unknown }).status;
  if (typeof status === 'number') (safe as Error & { status?: number }).status = status;
  safe.stack = undefined;
  return safe;
}
