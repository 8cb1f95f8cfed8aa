import { describe, expect, it } from 'vitest';
import { createMemoryUsageStore } from '../../adapters/memory/create-memory-usage-store.js';
import { createMockProvider } from '../../testing/mock-provider.js';
import { mapAnthropicUsage } from '../anthropic/create-anthropic-provider.js';
import { withBudget } from '../budget/with-budget.js';
import { mapOpenAIUsage } from '../openai/create-openai-provider.js';

describe('usage as each SDK reports it', () => {
  it('OpenAI: cached_tokens and reasoning_tokens become cachedInputTokens and reasoningTokens', () => {
    expect(
      mapOpenAIUsage({ prompt_tokens: 1_200, completion_tokens: 300, total_tokens: 1_500, prompt_tokens_details: { cached_tokens: 1_024 }, completion_tokens_details: { reasoning_tokens: 256 } }),
    ).toEqual({ inputTokens: 1_200, outputTokens: 300, totalTokens: 1_500, cachedInputTokens: 1_024, reasoningTokens: 256 });
    expect(mapOpenAIUsage({ prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 0 } })).toEqual({ inputTokens: 10, outputTokens: 2, totalTokens: 12 });
  });

  it('Anthropic: input_tokens excludes the cache, so input is fresh + written + read, kept apart', () => {
    expect(mapAnthropicUsage({ input_tokens: 50, cache_creation_input_tokens: 2_000, cache_read_input_tokens: 10_000 }, 120)).toEqual({
      inputTokens: 12_050,
      outputTokens: 120,
      totalTokens: 12_170,
      cacheWriteTokens: 2_000,
      cachedInputTokens: 10_000,
    });
    expect(mapAnthropicUsage({ input_tokens: 5, cache_creation_input_tokens: null, cache_read_input_tokens: 0 }, 1)).toEqual({ inputTokens: 5, outputTokens: 1, totalTokens: 6 });
  });

  it('withBudget charges the cached price for cached input', async () => {
    const store = createMemoryUsageStore();
    const provider = createMockProvider({
      id: 'openai',
      model: 'gpt-4.1-mini',
      reply: { text: 'Cached answer.', usage: { inputTokens: 10_000, outputTokens: 500, totalTokens: 10_500, cachedInputTokens: 8_000 } },
    });
    const budgeted = withBudget(provider, { store, limits: { perTenantDaily: { costMicros: 1_000_000 } } });
    const result = await budgeted.generate({ messages: [{ role: 'user', content: 'Hi' }], metadata: { tenantId: 'acme' } });
    // 2,000 fresh × $0.40 + 8,000 cached × $0.10 + 500 out × $1.60 per million = 2,400 µ$ (4,800 uncached).
    expect(result.costMicros).toBe(2_400);
  });
});
