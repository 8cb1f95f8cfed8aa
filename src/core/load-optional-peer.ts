/**
 * Loads optional peer dependencies (vendor SDKs, database drivers, tokenizers) on first use.
 *
 * @internal
 */

import { sanitizeCause } from './errors.js';

/**
 * What the caller learns about a peer dependency that is not installed, to build its own error.
 *
 * @example
 * ```ts
 * const missing = ({ packageName, installCommand }: MissingPeer) => new Error(`${packageName} is missing: ${installCommand}`);
 * ```
 */
export interface MissingPeer {
  /** The npm package name, e.g. `ioredis`. */
  readonly packageName: string;
  /** The command that fixes it, e.g. `npm install ioredis`. */
  readonly installCommand: string;
  /** The loader's "module not found" error (sanitised), for `cause`. */
  readonly cause: Error;
}

/**
 * Options of {@link loadOptionalPeer}.
 *
 * @example
 * ```ts
 * const options: LoadOptionalPeerOptions<typeof import('pg')> = {
 *   packageName: 'pg',
 *   load: () => import('pg'),
 *   missing: ({ installCommand, cause }) => new AdapterError(`run \`${installCommand}\``, { kind: 'missing_dependency', adapter: 'postgres', cause }),
 * };
 * ```
 */
export interface LoadOptionalPeerOptions<MODULE> {
  /** The npm package name, for the install command. */
  readonly packageName: string;
  /** `() => import('openai')`: a literal import, so bundlers can see it. */
  readonly load: () => Promise<MODULE>;
  /**
   * Builds the error thrown when the package is not installed. Each layer chooses its own type:
   * providers a ProviderError and adapters an AdapterError, both of kind `missing_dependency`.
   */
  readonly missing: (peer: MissingPeer) => Error;
}

const notFoundCodes: ReadonlySet<unknown> = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/**
 * Loads an optional peer dependency. When it is not installed the call fails with the caller's
 * error, which says what to install, instead of a bare "Cannot find module"; any other failure
 * (the package is installed but broken) is rethrown unchanged, because "install it" would be the
 * wrong advice.
 *
 * @example
 * ```ts
 * const { default: OpenAI } = await loadOptionalPeer({
 *   packageName: 'openai',
 *   load: () => import('openai'),
 *   missing: ({ installCommand }) => new ProviderError(`Run ${installCommand}`, { kind: 'missing_dependency' }),
 * });
 * ```
 */
export async function loadOptionalPeer<MODULE>(options: LoadOptionalPeerOptions<MODULE>): Promise<MODULE> {
  try {
    return await options.load();
  } catch (error) {
    if (!(error instanceof Error) || !notFoundCodes.has((error as { code?: unknown }).code)) throw error;
    throw options.missing({ packageName: options.packageName, installCommand: `npm install ${options.packageName}`, cause: sanitizeCause(error) as Error });
  }
}
