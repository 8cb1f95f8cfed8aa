import { CrmKitError } from '../core/errors.js';

/**
 * Every way a store or data source call can fail, whatever the backend.
 *
 * | kind | retryable | meaning |
 * |---|---|---|
 * | `not_found` | no | no record with this id for this tenant (another tenant's id looks the same) |
 * | `conflict` | no | a record with this id already exists for this tenant |
 * | `invalid_state` | no | the record cannot make this change (e.g. appending to a closed session) |
 * | `unavailable` | yes | the backend could not be reached or dropped the connection |
 * | `auth` | no | the backend refused the credentials |
 * | `timeout` | yes | the backend did not answer in time |
 * | `invalid_data` | no | the backend returned data that does not have the expected shape |
 * | `missing_dependency` | no | an optional peer (`pg`, `ioredis`, `csv-parse`) is not installed |
 *
 * @example
 * ```ts
 * const httpStatus: Record<AdapterErrorKind, number> = {
 *   not_found: 404, conflict: 409, invalid_state: 409, unavailable: 503,
 *   auth: 502, timeout: 504, invalid_data: 502, missing_dependency: 500,
 * };
 * if (AdapterError.isInstance(error)) response.status(httpStatus[error.kind]);
 * ```
 */
export type AdapterErrorKind =
  | 'not_found'
  | 'conflict'
  | 'invalid_state'
  | 'unavailable'
  | 'auth'
  | 'timeout'
  | 'invalid_data'
  | 'missing_dependency';

const retryableKinds: ReadonlySet<AdapterErrorKind> = new Set(['unavailable', 'timeout']);

const adapterErrorMarker = Symbol.for('crmkit.error.adapter');

/**
 * Options accepted by {@link AdapterError}.
 *
 * @example
 * ```ts
 * // in a host's own MemberSource over its CRM API
 * const options: AdapterErrorOptions = { kind: 'unavailable', adapter: 'acme-crm-member-source', cause: sanitizeCause(error) };
 * throw new AdapterError('The CRM API did not answer; check `baseUrl` and that the service is up', options);
 * ```
 */
export interface AdapterErrorOptions {
  readonly kind: AdapterErrorKind;
  /** Which adapter failed, e.g. `postgres-conversation-store`. */
  readonly adapter: string;
  /** Defaults to true for `unavailable` and `timeout`. */
  readonly retryable?: boolean;
  /** The underlying error; pass it through `sanitizeCause` when it may hold secrets. */
  readonly cause?: unknown;
}

/**
 * A store or data source call that failed. Callers branch on `kind` and `retryable`; messages
 * name the adapter and the fix, and never hold customer data or credentials.
 *
 * @example
 * ```ts
 * import { AdapterError } from 'crmkit';
 *
 * try {
 *   await store.appendMessage('acme', sessionId, { role: 'user', content: 'Hi' });
 * } catch (error) {
 *   if (AdapterError.isInstance(error) && error.kind === 'not_found') startNewSession();
 * }
 * ```
 */
export class AdapterError extends CrmKitError {
  readonly kind: AdapterErrorKind;
  readonly adapter: string;
  readonly retryable: boolean;
  private readonly [adapterErrorMarker] = true;

  constructor(message: string, options: AdapterErrorOptions) {
    super(message, { code: options.kind, cause: options.cause });
    this.name = 'AdapterError';
    this.kind = options.kind;
    this.adapter = options.adapter;
    this.retryable = options.retryable ?? retryableKinds.has(options.kind);
  }

  /** True for an AdapterError from any copy of crmkit. */
  static override isInstance(error: unknown): error is AdapterError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[adapterErrorMarker] === true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), kind: this.kind, adapter: this.adapter, retryable: this.retryable };
  }
}
