import { CrmKitError } from '../core/errors.js';

const promptNotFoundErrorMarker = Symbol.for('crmkit.error.prompt_not_found');

/**
 * A tenant has no saved prompt of that name (or not that version).
 *
 * @example
 * ```ts
 * import { PromptNotFoundError } from 'crmkit';
 *
 * try {
 *   await registry.render('acme', 'greeting', values);
 * } catch (error) {
 *   if (PromptNotFoundError.isInstance(error)) await registry.save('acme', defaultGreeting);
 * }
 * ```
 */
export class PromptNotFoundError extends CrmKitError {
  readonly promptName: string;
  readonly version?: number;
  private readonly [promptNotFoundErrorMarker] = true;

  constructor(options: { readonly promptName: string; readonly version?: number }) {
    const which = options.version === undefined ? `"${options.promptName}"` : `"${options.promptName}" version ${options.version}`;
    super(`No saved prompt ${which} for this tenant: save it with registry.save() first, or check the name and version`, { code: 'prompt_not_found' });
    this.name = 'PromptNotFoundError';
    this.promptName = options.promptName;
    this.version = options.version;
  }

  /** True for a PromptNotFoundError from any copy of crmkit. */
  static override isInstance(error: unknown): error is PromptNotFoundError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[promptNotFoundErrorMarker] === true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), promptName: this.promptName, version: this.version };
  }
}
