import { describe, expect, it } from 'vitest';

/**
 * Proves which SDK and driver versions this run really exercised: under `CRMKIT_PEERS=oldest`
 * every import of a peer must land on its oldest supported major, otherwise the "oldest" CI leg
 * would silently test the newest twice. (gpt-tokenizer and csv-parse export no manifest or version to
 * read; their aliases come from the same vitest.config.ts mapping.)
 */
const expected = process.env.CRMKIT_PEERS === 'oldest'
  ? { openai: '5.', ioredis: '5.', '@anthropic-ai/sdk': '0.', '@huggingface/inference': '4.0.', zod: '3.25.' }
  : { openai: '7.', ioredis: '6.', '@anthropic-ai/sdk': '1.', '@huggingface/inference': '4.', zod: '4.' };

type Manifest = { default: { version: string } } | { VERSION: string };

/** Each package's own version (its manifest, or the SDK's `VERSION` where the manifest is not exported), imported by a literal specifier so vitest's aliases apply. */
const manifests: Readonly<Record<string, () => Promise<Manifest>>> = {
  openai: () => import('openai/version'),
  ioredis: () => import('ioredis/package.json', { with: { type: 'json' } }),
  '@anthropic-ai/sdk': () => import('@anthropic-ai/sdk/version'),
  '@huggingface/inference': () => import('@huggingface/inference/package.json', { with: { type: 'json' } }),
  zod: () => import('zod/package.json', { with: { type: 'json' } }),
};

async function versionOf(name: string): Promise<string> {
  const manifest = await (manifests[name] as () => Promise<Manifest>)();
  return 'VERSION' in manifest ? manifest.VERSION : manifest.default.version;
}

describe(`peer versions under test (CRMKIT_PEERS=${process.env.CRMKIT_PEERS ?? 'newest'})`, () => {
  it.each(Object.entries(expected))('%s is on the expected major', async (name, prefix) => {
    const version = await versionOf(name);
    console.log(`${name}@${version}`);
    expect(version.startsWith(prefix), `${name}@${version}`).toBe(true);
  });
});
