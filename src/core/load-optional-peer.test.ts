import { describe, expect, it } from 'vitest';
import { ProviderError } from './errors.js';
import { loadOptionalPeer, type MissingPeer } from './load-optional-peer.js';

const asProviderError = ({ installCommand, cause }: MissingPeer): ProviderError =>
  new ProviderError(`Run ${installCommand}`, { kind: 'missing_dependency', providerId: 'openai', cause });

describe('loadOptionalPeer', () => {
  it('returns the module when it loads', async () => {
    await expect(loadOptionalPeer({ packageName: 'zod', load: () => import('zod'), missing: asProviderError })).resolves.toHaveProperty('z');
  });

  it('turns a package Node cannot find into the caller’s error, naming the install command', async () => {
    for (const code of ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']) {
      const notFound = Object.assign(new Error("Cannot find package 'openai' imported from /srv/app/node_modules/crmkit"), { code });
      const error = await loadOptionalPeer({ packageName: 'openai', load: () => Promise.reject(notFound), missing: asProviderError }).catch((caught: unknown) => caught);
      expect(ProviderError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ kind: 'missing_dependency', retryable: false, providerId: 'openai', message: 'Run npm install openai' });
      expect((error as Error).cause).toMatchObject({ code, message: notFound.message });
    }
  });

  it('hands the caller a cause without a stack, ready for logs', async () => {
    const notFound = Object.assign(new Error("Cannot find package 'pg'"), { code: 'ERR_MODULE_NOT_FOUND' });
    let seen: MissingPeer | undefined;
    await loadOptionalPeer({
      packageName: 'pg',
      load: () => Promise.reject(notFound),
      missing: (peer) => {
        seen = peer;
        return new Error('missing');
      },
    }).catch(() => undefined);
    expect(seen).toMatchObject({ packageName: 'pg', installCommand: 'npm install pg' });
    expect(seen?.cause).not.toBe(notFound);
    expect(seen?.cause.stack).toBeUndefined();
  });

  it('rethrows any other failure unchanged: an installed but broken package is not fixed by installing it', async () => {
    const broken = new SyntaxError('Unexpected token');
    await expect(loadOptionalPeer({ packageName: 'openai', load: () => Promise.reject(broken), missing: asProviderError })).rejects.toBe(broken);
  });
});
