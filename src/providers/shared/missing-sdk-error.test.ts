import { describe, expect, it } from 'vitest';
import { errorAction } from '../../core/error-policy.js';
import { ProviderError } from '../../core/errors.js';
import { loadOptionalPeer } from '../../core/load-optional-peer.js';
import { missingSdkError } from './missing-sdk-error.js';

describe('a missing vendor SDK', () => {
  it('is a ProviderError of kind missing_dependency, as a missing driver is for adapters, with the install command', async () => {
    const error = await loadOptionalPeer({
      packageName: '@anthropic-ai/sdk',
      load: () => Promise.reject(Object.assign(new Error("Cannot find package '@anthropic-ai/sdk'"), { code: 'ERR_MODULE_NOT_FOUND' })),
      missing: missingSdkError('anthropic'),
    }).catch((caught: unknown) => caught);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'missing_dependency', retryable: false, providerId: 'anthropic' });
    expect((error as ProviderError).message).toContain('npm install @anthropic-ai/sdk');
  });

  it('is not retried in place; a fallback chain moves on to its next link', () => {
    const error = missingSdkError('openai')({ packageName: 'openai', installCommand: 'npm install openai', cause: new Error('missing') });
    expect(errorAction(error)).toBe('next');
  });
});
