import { describe, expect, it } from 'vitest';
import { loadOptionalPeer } from './load-optional-peer.js';

describe('loadOptionalPeer', () => {
  it('returns the module when it loads', async () => {
    await expect(loadOptionalPeer({ packageName: 'zod', load: () => import('zod') })).resolves.toHaveProperty('z');
  });

  it('turns a missing package into a non-retryable error that says what to install', async () => {
    const missing = Object.assign(new Error("Cannot find package 'openai'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const error = await loadOptionalPeer({ packageName: 'openai', load: () => Promise.reject(missing), providerId: 'openai' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'invalid_request', retryable: false, providerId: 'openai' });
    expect((error as Error).message).toContain('npm install openai');
  });

  it('rethrows any other failure unchanged', async () => {
    const broken = new SyntaxError('Unexpected token');
    await expect(loadOptionalPeer({ packageName: 'openai', load: () => Promise.reject(broken) })).rejects.toBe(broken);
  });
});
