import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  const key = 'k3y-7Qx9-Zt42-short';

  it('removes the exact key, URL-encoded and JSON-escaped, wherever it sits', () => {
    const quoted = 'a"b\\c-SECRET-9';
    expect(redactSecrets(`bad key ${key}.`, [key])).toBe(`bad key ${REDACTED}.`);
    expect(redactSecrets(`GET /v1/models?api_key=${encodeURIComponent('k/3y+7Q=x9')}`, ['k/3y+7Q=x9'])).not.toContain('k%2F3y');
    expect(redactSecrets(`{"key":${JSON.stringify(quoted)}}`, [quoted])).toBe(`{"key":"${REDACTED}"}`);
  });

  it('removes prefix and suffix slices of at least half the key (vendors echo keys cut short or masked)', () => {
    expect(redactSecrets('key k3y-7Qx9-Zt… was rejected', [key])).toBe(`key ${REDACTED}… was rejected`);
    expect(redactSecrets('key …9-Zt42-short was rejected', [key])).toBe(`key …${REDACTED} was rejected`);
    expect(redactSecrets('key k3y-7Qx9-Z****-Zt42-short', [key])).toBe(`key ${REDACTED}****${REDACTED}`);
    // A slice shorter than half the key is a hint, not the key: OpenAI shows 4 characters itself.
    expect(redactSecrets('key ending in hort', [key])).toBe('key ending in hort');
  });

  it('catches short and unusual keys by pattern, without a list of secrets', () => {
    expect(redactSecrets('Incorrect API key provided: sk-test-SECRET123.')).toBe(`Incorrect API key provided: ${REDACTED}.`);
    expect(redactSecrets('key sk-ant-api03-Xy7')).toBe(`key ${REDACTED}`);
    expect(redactSecrets('token hf_Ab12cD rejected')).toBe(`token ${REDACTED} rejected`);
    expect(redactSecrets('Authorization: Bearer t0k3n99!')).toBe(`Authorization: Bearer ${REDACTED}!`);
    expect(redactSecrets('sk-proj-abcdefghijklmnopqrstuvwx')).toBe(REDACTED);
  });

  it('leaves prose that only looks like a prefix alone', () => {
    const prose = 'Install sk-learn via hf_hub; keys start with sk-proj- and end in 1234.';
    expect(redactSecrets(prose)).toBe(prose);
    expect(redactSecrets('abc', ['abc'])).toBe('abc');
  });
});
