import { types } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CrmKitError, ProviderError, ValidationError, copyProviderError, isRetryableKind, providerErrorKinds, sanitizeCause } from './errors.js';
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

  describe('copyProviderError', () => {
    const attempt = { provider: 'openai', model: 'gpt-4o-mini', ok: false, kind: 'server' as const, durationMs: 12 };

    it('changes only the fields given and leaves the original as it was', () => {
      const cause = new Error('socket hang up');
      const error = new ProviderError('OpenAI returned 502', { kind: 'server', retryAfterMs: 500, status: 502, providerId: 'openai', model: 'gpt-4o-mini', partialText: 'Your ', cause });
      const copy = copyProviderError(error, { requestId: 'req_1', attempts: [attempt], retryable: false, partialText: undefined });
      expect(copy).not.toBe(error);
      expect(copy).toMatchObject({ name: 'ProviderError', code: 'server', message: 'OpenAI returned 502', kind: 'server', retryable: false, retryAfterMs: 500, status: 502 });
      expect(copy).toMatchObject({ providerId: 'openai', model: 'gpt-4o-mini', requestId: 'req_1', partialText: 'Your ', attempts: [attempt] });
      expect(copy.cause).toBe(cause);
      expect(types.isNativeError(copy)).toBe(true);
      expect(error).toMatchObject({ retryable: true, requestId: undefined, attempts: [] });
    });

    it('redacts a new message like any other', () => {
      const copy = copyProviderError(new ProviderError('x', { kind: 'auth' }), { message: 'rejected key sk-proj-abcdefghijklmnopqrstuvwx' });
      expect(copy.message).toBe('rejected key [REDACTED]');
    });

    it('keeps a subclass: its class, name, marker and own fields', () => {
      const quotaMarker = Symbol.for('crmkit.test.quota');
      class QuotaError extends ProviderError {
        readonly plan: string;
        private readonly [quotaMarker] = true;
        constructor(plan: string) {
          super(`The ${plan} plan is used up`, { kind: 'quota_exhausted', providerId: 'openai' });
          this.name = 'QuotaError';
          this.plan = plan;
        }
        static override isInstance(error: unknown): error is QuotaError {
          return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[quotaMarker] === true;
        }
        override toJSON(): Record<string, unknown> {
          return { ...super.toJSON(), plan: this.plan };
        }
      }
      const error = new QuotaError('free');
      const copy = copyProviderError(error, { attempts: [attempt], message: 'Every provider in the chain failed' });
      expect(copy).toBeInstanceOf(QuotaError);
      expect(QuotaError.isInstance(copy) && ProviderError.isInstance(copy) && CrmKitError.isInstance(copy)).toBe(true);
      expect(copy).toMatchObject({ name: 'QuotaError', plan: 'free', kind: 'quota_exhausted', message: 'Every provider in the chain failed', attempts: [attempt] });
      expect(copy.toJSON()).toMatchObject({ name: 'QuotaError', plan: 'free', attempts: [attempt] });
      expect(types.isNativeError(copy)).toBe(true);
      expect(error.message).toBe('The free plan is used up');
      expect(error.attempts).toEqual([]);
    });
  });
});
