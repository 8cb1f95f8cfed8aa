import { ProviderError } from '../../core/errors.js';
import type { ValidationIssue } from '../../core/errors.js';
import { summarizeIssues } from '../../core/summarize-issues.js';

const structuredOutputErrorMarker = Symbol.for('crmkit.error.structured_output');

/**
 * Options for {@link StructuredOutputError}.
 *
 * @example
 * ```ts
 * throw new StructuredOutputError({ issues: [{ path: 'intent', message: 'Required' }], text: reply, providerId: 'anthropic' });
 * ```
 */
export interface StructuredOutputErrorOptions {
  /** Every way the reply missed the schema; empty when the reply held no JSON at all. */
  readonly issues: readonly ValidationIssue[];
  /** The model's raw reply, kept for debugging; never copied into the message. */
  readonly text: string;
  readonly providerId?: string;
  readonly model?: string;
  readonly requestId?: string;
  readonly cause?: unknown;
}

/**
 * A model's reply that is not valid JSON for the request's `schema`. This is the model's fault,
 * not the caller's, so it is a {@link ProviderError} of kind `server` and retryable: another try
 * (or another provider in a fallback chain) usually succeeds. The raw reply is on `text`; it is
 * left out of `message` and `toJSON()` because it may quote customer data.
 *
 * @example
 * ```ts
 * import { StructuredOutputError } from 'crmkit';
 *
 * try {
 *   await provider.generate({ messages, schema: intentSchema });
 * } catch (error) {
 *   if (StructuredOutputError.isInstance(error)) {
 *     console.warn(error.issues.map((issue) => `${issue.path}: ${issue.message}`));
 *   }
 * }
 * ```
 */
export class StructuredOutputError extends ProviderError {
  /** Every way the reply missed the schema, with dotted paths. */
  readonly issues: readonly ValidationIssue[];
  /** The model's raw reply. */
  readonly text: string;
  private readonly [structuredOutputErrorMarker] = true;

  constructor(options: StructuredOutputErrorOptions) {
    const summary = options.issues.length === 0 ? 'the reply contained no JSON value' : summarizeIssues(options.issues);
    super(`The model's reply does not match the requested schema (${summary})`, {
      kind: 'server',
      retryable: true,
      providerId: options.providerId,
      model: options.model,
      requestId: options.requestId,
      cause: options.cause,
    });
    this.name = 'StructuredOutputError';
    this.issues = options.issues;
    this.text = options.text;
  }

  /** True for a StructuredOutputError from any copy of crmkit. */
  static override isInstance(error: unknown): error is StructuredOutputError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[structuredOutputErrorMarker] === true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}
