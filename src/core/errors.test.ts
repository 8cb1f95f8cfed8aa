import { describe, expect, it } from 'vitest';
import { CrmKitError, ProviderError, ValidationError, isRetryableKind, providerErrorKinds, sanitizeCause } from './errors.js';
import { redactSecrets } from './redact.js';
import { parseInput } from './validate.js';
import { chatRequestSchema } from './schemas.js';

describe('errors', () => {
  it('recognises errors across package copies through the marker symbol', () => {
    const error = new ProviderError('slow down', { kind: 'rate_limited', retryAfterMs: 1200, status: 429, providerId: 'openai' });
    const foreign = Object.assign(Object.create(null), { [Symbol.for('crmkit.error')]: true, [Symbol.for('crmkit.error.provider')]: true });
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(CrmKitError.isInstance(error)).toBe(true);
    expect(ProviderError.isInstance(foreign)).toBe(true);
    expect(ValidationError.isInstance(error)).toBe(false);
    expect(ProviderError.isInstance(new Error('x'))).toBe(false);
    expect(error.retryable).toBe(true);
    expect(error.toJSON()).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1200, status: 429, providerId: 'openai' });
  });

  it('classifies retryable kinds', () => {
    const retryable = providerErrorKinds.filter(isRetryableKind);
    expect(retryable).toEqual(['rate_limited', 'overloaded', 'server', 'timeout', 'network', 'truncated_stream']);
    expect(new ProviderError('x', { kind: 'auth' }).retryable).toBe(false);
    expect(new ProviderError('x', { kind: 'server', retryable: false }).retryable).toBe(false);
  });

  it('never lets an API key into a message, toJSON or cause', () => {
    const keys = ['sk-proj-abcdefghijklmnopqrstuvwx', 'sk-ant-api03-abcdefghijkl', 'hf_abcdefghijklmnopqrstu'];
    for (const key of keys) {
      const sdkError = Object.assign(new Error(`Incorrect API key provided: ${key}`), { status: 401, headers: { authorization: `Bearer ${key}` } });
      const error = new ProviderError(`auth failed for ${key}`, { kind: 'auth', cause: sanitizeCause(sdkError) });
      const dump = JSON.stringify(error.toJSON()) + error.message + String((error.cause as Error).message) + JSON.stringify(error.cause);
      expect(dump).not.toContain(key);
      expect((error.cause as Error & { status: number }).status).toBe(401);
    }
    expect(redactSecrets('Authorization: Bearer abc.def-ghijk')).toBe('Authorization: Bearer [REDACTED]');
    expect(redactSecrets('api_key=abcdefgh12345')).toBe('api_key=[REDACTED]');
    expect(redactSecrets('custom key k-123456', ['k-123456'])).toBe('custom key [REDACTED]');
  });

  it('lists every validation problem with the field path', () => {
    let caught: unknown;
    try {
      parseInput(chatRequestSchema, { messages: [{ role: 'robot', content: 'x' }], temperature: 3 }, 'chat request');
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    const issues = (caught as ValidationError).issues;
    expect(issues.map((issue) => issue.path)).toEqual(['messages[0].role', 'temperature']);
    expect((caught as ValidationError).message).toContain('temperature');
  });
});
