/**
 * What crmkit's provider layer costs on top of the vendor SDK: the same generate and stream calls,
 * through `createOpenAIProvider` and through the bare `openai` SDK, against the loopback fake
 * server (so the network is the same for both and no vendor is called). Also the pure helpers on
 * the error path.
 */
import OpenAI from 'openai';
import { Bench } from 'tinybench';
import { z } from 'zod/v4';
import { createOpenAIProvider } from '../src/providers/openai/index.js';
import { extractJson } from '../src/core/extract-json.js';
import { parseRetryAfter } from '../src/providers/shared/parse-retry-after.js';
import { createFakeProviderServer } from '../src/testing/fake-provider-server/index.js';

export async function run(): Promise<void> {
  const server = await createFakeProviderServer({ defaultReply: 'Your order #54321 shipped this morning and arrives on Thursday.' });
  try {
    const apiKey = 'sk-bench-000000000000000000000000';
    const provider = createOpenAIProvider({ apiKey, baseURL: server.openaiBaseURL });
    const sdk = new OpenAI({ apiKey, baseURL: server.openaiBaseURL, maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'Where is my order #54321?' }];
    const schema = z.object({ intent: z.string() });

    const calls = new Bench({ time: 1500, warmup: true });
    calls
      .add('baseline: openai SDK chat.completions.create', async () => {
        await sdk.chat.completions.create({ model: 'gpt-4o-mini', messages, max_completion_tokens: 1024 });
      })
      .add('crmkit: createOpenAIProvider().generate', async () => {
        await provider.generate({ messages });
      })
      .add('baseline: openai SDK stream (iterate to the end)', async () => {
        const stream = await sdk.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
        for await (const _chunk of stream) void _chunk;
      })
      .add('crmkit: createOpenAIProvider().stream (iterate to the end)', async () => {
        for await (const _delta of provider.stream({ messages })) void _delta;
      });
    await calls.run();
    console.table(calls.table());

    const headers = new Headers({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s', 'x-ratelimit-remaining-tokens': '0' });
    const reply = 'Sure! Here is the JSON:\n```json\n{"intent":"refund","confidence":0.92}\n```';
    const helpers = new Bench({ time: 500 });
    helpers
      .add('parseRetryAfter (OpenAI reset headers)', () => {
        parseRetryAfter(headers);
      })
      .add('baseline: JSON.parse of the bare JSON', () => {
        schema.safeParse(JSON.parse('{"intent":"refund","confidence":0.92}'));
      })
      .add('extractJson + schema (fenced reply)', () => {
        schema.safeParse(extractJson(reply));
      });
    await helpers.run();
    console.table(helpers.table());
  } finally {
    await server.close();
  }
}
