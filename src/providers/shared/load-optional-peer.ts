import { ProviderError } from '../../core/errors.js';

/** Options for {@link loadOptionalPeer}. */
export interface LoadOptionalPeerOptions<MODULE> {
  /** The npm package name, for the error message. */
  readonly packageName: string;
  /** `() => import('openai')`: a literal import so bundlers can see it. */
  readonly load: () => Promise<MODULE>;
  readonly providerId?: string;
}

/**
 * Loads an optional peer dependency (a vendor SDK) on first use. When it is not installed the
 * call fails with a non-retryable `invalid_request` error that says what to install, instead
 * of a bare "Cannot find module".
 *
 * @example
 * ```ts
 * const { default: OpenAI } = await loadOptionalPeer({ packageName: 'openai', load: () => import('openai') });
 * ```
 */
export async function loadOptionalPeer<MODULE>(options: LoadOptionalPeerOptions<MODULE>): Promise<MODULE> {
  try {
    return await options.load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    throw new ProviderError(
      `The \`${options.packageName}\` package is not installed. Install it next to crmkit: npm install ${options.packageName}`,
      { kind: 'invalid_request', retryable: false, providerId: options.providerId },
    );
  }
}
