import { describe, expect, it } from 'vitest';
import { errorAction, resolveErrorPolicy } from './error-policy.js';
import { defaultErrorPolicy, isRetryableKind, ProviderError, providerErrorKinds } from './errors.js';

describe('one rule decides retry: the error policy', () => {
  it('derives isRetryableKind and the default of ProviderError.retryable from defaultErrorPolicy, for every kind', () => {
    for (const kind of providerErrorKinds) {
      const retry = defaultErrorPolicy[kind] === 'retry';
      expect(isRetryableKind(kind), kind).toBe(retry);
      expect(new ProviderError('failed', { kind }).retryable, kind).toBe(retry);
    }
  });

  it('retries exactly the transient kinds by default', () => {
    expect(providerErrorKinds.filter(isRetryableKind)).toEqual(['rate_limited', 'overloaded', 'server', 'timeout', 'network', 'truncated_stream']);
  });

  it("errorAction follows the policy, and an error marked retryable: false moves on instead of retrying", () => {
    expect(errorAction(new ProviderError('busy', { kind: 'overloaded' }))).toBe('retry');
    expect(errorAction(new ProviderError('limiter already waited', { kind: 'rate_limited', retryable: false }))).toBe('next');
    expect(errorAction(new ProviderError('bad key', { kind: 'auth' }))).toBe('next');
    expect(errorAction(new ProviderError('refused', { kind: 'content_filter' }))).toBe('stop');
    expect(errorAction(new ProviderError('cancelled', { kind: 'aborted' }))).toBe('stop');
  });

  it('errorAction applies a host policy: an override wins over the default, retryable: false still never retries', () => {
    const policy = resolveErrorPolicy({ invalid_request: 'stop', server: 'next', auth: 'retry' });
    expect(errorAction(new ProviderError('bad', { kind: 'invalid_request' }), policy)).toBe('stop');
    expect(errorAction(new ProviderError('502', { kind: 'server' }), policy)).toBe('next');
    // A host may ask to retry a kind that is not retryable by default; the error must allow it.
    expect(errorAction(new ProviderError('expired token', { kind: 'auth' }), policy)).toBe('next');
    expect(errorAction(new ProviderError('expired token', { kind: 'auth', retryable: true }), policy)).toBe('retry');
  });
});
