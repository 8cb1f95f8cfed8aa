import { CrmKitError } from '../errors.js';

const citationErrorMarker = Symbol.for('crmkit.error.citation');

/**
 * A grounded answer still cited passages that were not retrieved after its one repair turn, and
 * the host asked for a failure (`invalidCitations: 'fail'`) rather than dropping those claims.
 * The answer's text is not kept: it may repeat customer data.
 *
 * @example
 * ```ts
 * import { CitationError } from 'crmkit';
 *
 * try {
 *   await answerFromKnowledge({ knowledge, provider, tenantId: 'acme', question, invalidCitations: 'fail' });
 * } catch (error) {
 *   if (CitationError.isInstance(error)) console.warn(`invented sources ${error.invented.join(', ')} of ${error.passageCount}`);
 * }
 * ```
 */
export class CitationError extends CrmKitError {
  /** The cited numbers that name no retrieved passage. */
  readonly invented: readonly number[];
  /** How many passages the model was given (valid citations are 1…passageCount). */
  readonly passageCount: number;
  private readonly [citationErrorMarker] = true;

  constructor(options: { readonly invented: readonly number[]; readonly passageCount: number }) {
    super(
      `The model's answer cites ${options.invented.map((marker) => `[${marker}]`).join(', ')}, but only passages [1] to [${options.passageCount}] were retrieved, even after one repair turn; pass \`invalidCitations: 'drop'\` to drop those claims instead`,
      { code: 'invalid_citations' },
    );
    this.name = 'CitationError';
    this.invented = [...options.invented];
    this.passageCount = options.passageCount;
  }

  /** True for a CitationError from any copy of crmkit. */
  static override isInstance(error: unknown): error is CitationError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[citationErrorMarker] === true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), invented: this.invented, passageCount: this.passageCount };
  }
}
