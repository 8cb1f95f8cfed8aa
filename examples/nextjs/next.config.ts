import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The example depends on the library by path (`"crmkit": "file:../.."`), so the bundler's root
// must include the repository, not only this folder.
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const nextConfig: NextConfig = {
  // crmkit and the vendor SDKs it loads lazily run as plain Node modules on the server; bundling
  // them would gain nothing and would pull optional peers into the build.
  serverExternalPackages: ['crmkit', 'openai', '@anthropic-ai/sdk', '@huggingface/inference', 'pg', 'ioredis'],
  turbopack: { root: repositoryRoot },
  outputFileTracingRoot: repositoryRoot,
  poweredByHeader: false,
};

export default nextConfig;
