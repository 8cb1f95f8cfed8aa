import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTelemetrySdk } from '../../../test/support/telemetry-sdk.js';
import { createFakeProviderServer, fake, type FakeProviderServer } from '../../testing/fake-provider-server/index.js';
import { createAnthropicProvider } from '../anthropic/index.js';
import { createOpenAIProvider } from '../openai/index.js';
import { withTelemetry } from './with-telemetry.js';

const sdk = createTelemetrySdk();
const telemetry = { tracer: sdk.tracer, meter: sdk.meter };
const request = { messages: [{ role: 'user' as const, content: 'Where is order #54321?' }] };
let server: FakeProviderServer;

beforeAll(async () => {
  server = await createFakeProviderServer();
});
afterAll(async () => server.close());
beforeEach(() => {
  server.reset();
  sdk.reset();
});

describe('cached input tokens, from the vendor to the span', () => {
  it('OpenAI: prompt_tokens_details.cached_tokens', async () => {
    server.enqueue(
      fake.http(200, {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Shipped.' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1200, completion_tokens: 4, total_tokens: 1204, prompt_tokens_details: { cached_tokens: 1024 } },
      }),
    );
    const openai = withTelemetry(createOpenAIProvider({ apiKey: 'sk-test-cached', baseURL: server.openaiBaseURL }), { telemetry });
    const result = await openai.generate(request);
    expect(result.usage).toMatchObject({ inputTokens: 1200, outputTokens: 4, cachedInputTokens: 1024 });
    expect(sdk.named(`chat ${openai.model}`)[0]?.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(1024);
  });

  it('Anthropic: cache_read_input_tokens (input tokens include them)', async () => {
    server.enqueue(
      fake.http(200, {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-3-haiku-20240307',
        content: [{ type: 'text', text: 'Shipped.' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 100, cache_creation_input_tokens: 0, cache_read_input_tokens: 900, output_tokens: 4 },
      }),
    );
    const anthropic = withTelemetry(createAnthropicProvider({ apiKey: 'sk-ant-test-cached', baseURL: server.anthropicBaseURL }), { telemetry });
    const result = await anthropic.generate(request);
    expect(result.usage).toMatchObject({ inputTokens: 1000, cachedInputTokens: 900 });
    expect(sdk.spans()[0]?.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(900);
  });
});
