import { CrmKitError } from '../core/errors.js';

const toolLoopErrorMarker = Symbol.for('crmkit.tool-loop-error');

/**
 * Why a tool loop gave up:
 * - `invalid_arguments`: the model sent arguments that failed the tool's schema (or were not
 *   JSON, or named an unknown tool) again after being told what was wrong once;
 * - `max_steps`: the model still called tools when `maxSteps` model calls had been made.
 *
 * @example
 * ```ts
 * const reason: ToolLoopErrorReason = 'max_steps';
 * ```
 */
export type ToolLoopErrorReason = 'invalid_arguments' | 'max_steps';

/**
 * A tool loop that could not finish. Carries the tool's name and the validation issues (never
 * the argument values, which may hold customer data).
 *
 * @example
 * ```ts
 * try {
 *   await runTools({ provider, request, tools });
 * } catch (error) {
 *   if (ToolLoopError.isInstance(error) && error.reason === 'max_steps') console.warn('raise maxSteps');
 * }
 * ```
 */
export class ToolLoopError extends CrmKitError {
  readonly reason: ToolLoopErrorReason;
  readonly toolName: string | undefined;
  readonly issues: readonly string[];
  private readonly [toolLoopErrorMarker] = true;

  constructor(message: string, options: { reason: ToolLoopErrorReason; toolName?: string; issues?: readonly string[] }) {
    super(message, { code: `tool_${options.reason}` });
    this.name = 'ToolLoopError';
    this.reason = options.reason;
    this.toolName = options.toolName;
    this.issues = options.issues ?? [];
  }

  /** True for a ToolLoopError from any copy of crmkit. */
  static override isInstance(error: unknown): error is ToolLoopError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[toolLoopErrorMarker] === true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, toolName: this.toolName, issues: this.issues };
  }
}
