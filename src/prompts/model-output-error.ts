import { CrmKitError, type ValidationIssue } from '../core/errors.js';
import { summarizeIssues } from '../core/summarize-issues.js';

const modelOutputErrorMarker = Symbol.for('crmkit.error.model_output');

/**
 * Why a model's reply was rejected: `not_json` when no JSON value could be read even after the
 * one repair pass, `schema_mismatch` when the JSON does not have the expected shape.
 *
 * @example
 * ```ts
 * const labels: Record<ModelOutputErrorReason, string> = { not_json: 'the reply was not JSON', schema_mismatch: 'the JSON had the wrong shape' };
 * if (ModelOutputError.isInstance(error)) console.warn(`ticket summary skipped: ${labels[error.reason]}`);
 * ```
 */
export type ModelOutputErrorReason = 'not_json' | 'schema_mismatch';

/**
 * Options accepted by {@link ModelOutputError}.
 *
 * @example
 * ```ts
 * // a host's own check of a model reply, failing the way parseModelJson does
 * const result = ticketSummarySchema.safeParse(JSON.parse(reply));
 * if (!result.success) {
 *   const options: ModelOutputErrorOptions = { reason: 'schema_mismatch', text: reply, repaired: false, issues: toValidationIssues(result.error.issues) };
 *   throw new ModelOutputError(options);
 * }
 * ```
 */
export interface ModelOutputErrorOptions {
  readonly reason: ModelOutputErrorReason;
  /** Every way the JSON missed the schema; empty for `not_json`. */
  readonly issues?: readonly ValidationIssue[];
  /** The model's raw reply. */
  readonly text: string;
  /** False only when the whole reply was valid JSON as is (always true for `not_json`). */
  readonly repaired: boolean;
  readonly cause?: unknown;
}

/**
 * A model's reply that is not the JSON a prompt asked for. The raw reply is kept on `text` for
 * debugging but left out of `message` and `toJSON()`, because it may quote customer data.
 *
 * @example
 * ```ts
 * import { ModelOutputError, parseModelJson } from 'crmkit';
 * import { sentimentSchema } from 'crmkit/fallback';
 *
 * try {
 *   parseModelJson(reply, sentimentSchema);
 * } catch (error) {
 *   if (ModelOutputError.isInstance(error)) console.warn(error.reason, error.issues);
 * }
 * ```
 */
export class ModelOutputError extends CrmKitError {
  readonly reason: ModelOutputErrorReason;
  /** Every way the JSON missed the schema, with dotted paths. */
  readonly issues: readonly ValidationIssue[];
  /** The model's raw reply. May contain customer data: do not log it. */
  readonly text: string;
  /** False only when the whole reply was valid JSON as is: the repairs were needed, or tried. */
  readonly repaired: boolean;
  private readonly [modelOutputErrorMarker] = true;

  constructor(options: ModelOutputErrorOptions) {
    const issues = options.issues ?? [];
    const summary =
      options.reason === 'not_json'
        ? 'it contains no parsable JSON value, even after repairing code fences, trailing commas, smart quotes and surrounding prose'
        : summarizeIssues(issues);
    super(`The model's reply is not the expected JSON: ${summary}`, { code: 'invalid_model_output', cause: options.cause });
    this.name = 'ModelOutputError';
    this.reason = options.reason;
    this.issues = issues;
    this.text = options.text;
    this.repaired = options.repaired;
  }

  /** True for a ModelOutputError from any copy of crmkit. */
  static override isInstance(error: unknown): error is ModelOutputError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[modelOutputErrorMarker] === true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, issues: this.issues, repaired: this.repaired };
  }
}
