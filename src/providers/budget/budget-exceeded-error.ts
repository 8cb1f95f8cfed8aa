import { ProviderError } from '../../core/errors.js';

/**
 * Where a budget limit applies: one call, one chat session, one user's day, one tenant's day.
 *
 * @example
 * ```ts
 * const scope: BudgetScope = 'tenant';
 * ```
 */
export type BudgetScope = 'request' | 'session' | 'user' | 'tenant';

/**
 * Which quantity a limit bounds. `messages` is the per-session message count (one per model call);
 * `requests` the daily call count of a user or tenant.
 *
 * @example
 * ```ts
 * const limit: BudgetLimitName = 'costMicros';
 * ```
 */
export type BudgetLimitName = 'inputTokens' | 'outputTokens' | 'totalTokens' | 'tokens' | 'costMicros' | 'messages' | 'requests';

/**
 * Options of {@link BudgetExceededError}.
 *
 * @example
 * ```ts
 * // e.g. in a test of how the host shows a refused call
 * const options: BudgetExceededErrorOptions = {
 *   scope: 'user', limit: 'costMicros', limitValue: 100_000_000, requested: 1_650, remaining: 900,
 *   resetsAt: new Date('2025-11-22T00:00:00Z'), providerId: 'openai', model: 'gpt-4o-mini',
 * };
 * const error = new BudgetExceededError(options);
 * error.kind; // 'budget_exceeded'
 * ```
 */
export interface BudgetExceededErrorOptions {
  readonly scope: BudgetScope;
  readonly limit: BudgetLimitName;
  /** The configured bound. */
  readonly limitValue: number;
  /** What this call asked for (its reservation) in the limit's unit. */
  readonly requested: number;
  /** What is left before the limit, counting settled and in-flight calls. */
  readonly remaining: number;
  /** When the limit resets (daily scopes), or undefined (request and session scopes). */
  readonly resetsAt?: Date;
  readonly providerId?: string;
  readonly model?: string;
}

const scopeLabels: Record<BudgetScope, string> = {
  request: 'per-request',
  session: 'per-session',
  user: 'per-user daily',
  tenant: 'per-tenant daily',
};

const optionPaths: Record<BudgetScope, string> = { request: 'perRequest', session: 'perSession', user: 'perUserDaily', tenant: 'perTenantDaily' };

const limitLabels: Record<BudgetLimitName, string> = {
  inputTokens: 'input token',
  outputTokens: 'output token',
  totalTokens: 'total token',
  tokens: 'token',
  costMicros: 'cost',
  messages: 'message',
  requests: 'request',
};

const budgetErrorMarker = Symbol.for('crmkit.error.budget');

/**
 * A call refused before it reached the model, because its reservation (input tokens plus the
 * maximum output, at the model's price) would cross a budget limit. `kind` is `budget_exceeded`
 * and it is not retryable: wait for `resetsAt` or raise the limit. The message names the scope and
 * the limit, never the tenant, user or session id.
 *
 * @example
 * ```ts
 * import { BudgetExceededError } from 'crmkit';
 *
 * try {
 *   await budgeted.generate(request);
 * } catch (error) {
 *   if (BudgetExceededError.isInstance(error)) {
 *     console.log(error.scope, error.limit, error.remaining, error.resetsAt?.toISOString());
 *   }
 * }
 * ```
 */
export class BudgetExceededError extends ProviderError {
  readonly scope: BudgetScope;
  readonly limit: BudgetLimitName;
  readonly limitValue: number;
  readonly requested: number;
  readonly remaining: number;
  readonly resetsAt: Date | undefined;
  private readonly [budgetErrorMarker] = true;

  constructor(options: BudgetExceededErrorOptions) {
    const unit = options.limit === 'costMicros' ? ' micro-USD' : '';
    const reset = options.resetsAt ? `; it resets at ${options.resetsAt.toISOString()}` : options.scope === 'session' ? '; start a new session' : '';
    super(
      `The ${scopeLabels[options.scope]} ${limitLabels[options.limit]} limit of ${options.limitValue}${unit} would be crossed: ` +
        `this call needs ${options.requested}${unit}, ${options.remaining}${unit} left${reset}. ` +
        `Raise limits.${optionPaths[options.scope]}.${options.limit} to allow it.`,
      { kind: 'budget_exceeded', retryable: false, providerId: options.providerId, model: options.model },
    );
    this.name = 'BudgetExceededError';
    this.scope = options.scope;
    this.limit = options.limit;
    this.limitValue = options.limitValue;
    this.requested = options.requested;
    this.remaining = options.remaining;
    this.resetsAt = options.resetsAt;
  }

  /** True for a BudgetExceededError from any copy of crmkit. */
  static override isInstance(error: unknown): error is BudgetExceededError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[budgetErrorMarker] === true;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      scope: this.scope,
      limit: this.limit,
      limitValue: this.limitValue,
      requested: this.requested,
      remaining: this.remaining,
      resetsAt: this.resetsAt?.toISOString(),
    };
  }
}
