import { ProviderError } from '../../core/errors.js';
import type { MissingPeer } from '../../core/load-optional-peer.js';

/**
 * The error a provider fails with when its vendor SDK is not installed: kind
 * `missing_dependency`, the kind adapters use for a missing driver, not retryable (no retry can
 * install it; a fallback chain moves to its next link), naming the install command.
 *
 * @example
 * ```ts
 * const { default: OpenAI } = await loadOptionalPeer({ packageName: 'openai', load: () => import('openai'), missing: missingSdkError('openai') });
 * ```
 */
export function missingSdkError(providerId: string | undefined): (peer: MissingPeer) => ProviderError {
  return ({ packageName, installCommand, cause }) =>
    new ProviderError(`The \`${packageName}\` package is not installed. Install it next to crmkit: ${installCommand}`, {
      kind: 'missing_dependency',
      providerId,
      cause,
    });
}
