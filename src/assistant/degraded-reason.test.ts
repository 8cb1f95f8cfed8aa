import { describe, expect, it } from 'vitest';
import { CrmKitError, ProviderError } from '../core/errors.js';
import { createFallbackChain } from '../providers/resilience/create-fallback-chain.js';
import { withRetry } from '../providers/resilience/with-retry.js';
import { createMockProvider } from '../testing/mock-provider.js';
import { degradedReasonOf } from './assistant-context.js';

const ask = { messages: [{ role: 'user' as const, content: 'Who needs a call today?' }] };

describe('degradedReasonOf', () => {
  it('names each provider’s failure kind in order, retries of one provider counted once with their last kind', async () => {
    const chain = createFallbackChain([
      createMockProvider({ id: 'openai', reply: { fail: 'auth' } }),
      withRetry(createMockProvider({ id: 'anthropic', script: [{ fail: 'server' }], reply: { fail: 'overloaded' } }), { sleep: async () => undefined, maxAttempts: 2 }),
      createMockProvider({ id: 'huggingface', reply: { fail: 'quota_exhausted' } }),
    ]);
    const error = await chain.generate(ask).catch((caught: unknown) => caught);
    expect(degradedReasonOf(error)).toBe('model unavailable (openai: auth; anthropic: overloaded; huggingface: quota_exhausted)');
  });

  it('falls back to the kind alone when the error lists no attempts, and never shows vendor text', () => {
    const bare = new ProviderError('OpenAI answered 503 (overloaded): upstream said something long', { kind: 'overloaded' });
    expect(degradedReasonOf(bare)).toBe('model unavailable (overloaded)');
    expect(degradedReasonOf(new CrmKitError('bad output', { code: 'model_output' }))).toBe('model output unusable (model_output)');
    expect(degradedReasonOf(new Error('boom'))).toBe('model unavailable');
  });
});
