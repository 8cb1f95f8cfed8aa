import { CrmKitError } from '../core/errors.js';

const promptBudgetErrorMarker = Symbol.for('crmkit.error.prompt_budget');

/**
 * Options accepted by {@link PromptBudgetError}.
 *
 * @example
 * ```ts
 * const options: PromptBudgetErrorOptions = { promptName: 'support-reply', tokens: 2_400, maxInputTokens: 2_000 };
 * const error = new PromptBudgetError(options);
 * error.code; // 'prompt_too_long'
 * ```
 */
export interface PromptBudgetErrorOptions {
  /** The prompt's name. */
  readonly promptName: string;
  /** Input tokens of the smallest rendering: every trimmable section at its minimum. */
  readonly tokens: number;
  /** The budget asked for. */
  readonly maxInputTokens: number;
}

/**
 * A prompt does not fit `maxInputTokens` even with every trimmable section cut to its minimum.
 * The fixed part (instructions plus the untrusted message itself) is too long for the budget.
 *
 * @example
 * ```ts
 * import { PromptBudgetError } from 'crmkit';
 *
 * try {
 *   prompt.render(values, { maxInputTokens: 200 });
 * } catch (error) {
 *   if (PromptBudgetError.isInstance(error)) console.warn(`needs ${error.tokens} of ${error.maxInputTokens} tokens`);
 * }
 * ```
 */
export class PromptBudgetError extends CrmKitError {
  readonly promptName: string;
  /** Input tokens of the smallest possible rendering. */
  readonly tokens: number;
  readonly maxInputTokens: number;
  private readonly [promptBudgetErrorMarker] = true;

  constructor(options: PromptBudgetErrorOptions) {
    super(
      `Prompt "${options.promptName}" needs ${options.tokens} input tokens with every trimmable section cut to its minimum, ` +
        `but \`maxInputTokens\` is ${options.maxInputTokens}: raise \`maxInputTokens\`, shorten the untrusted input, or mark more sections trimmable`,
      { code: 'prompt_too_long' },
    );
    this.name = 'PromptBudgetError';
    this.promptName = options.promptName;
    this.tokens = options.tokens;
    this.maxInputTokens = options.maxInputTokens;
  }

  /** True for a PromptBudgetError from any copy of crmkit. */
  static override isInstance(error: unknown): error is PromptBudgetError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[promptBudgetErrorMarker] === true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), promptName: this.promptName, tokens: this.tokens, maxInputTokens: this.maxInputTokens };
  }
}
