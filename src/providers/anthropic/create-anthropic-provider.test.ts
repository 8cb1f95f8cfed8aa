import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../../core/errors.js';
import type { ProviderErrorKind } from '../../core/errors.js';
import { createFakeProviderServer, fake } from '../../testing/fake-provider-server/index.js';
import type { FakeResponse } from '../../testing/fake-provider-server/index.js';
import { anthropicModels, createAnthropicProvider } from './index.js';

const server = await createFakeProviderServer();
afterAll(() => server.close());
beforeEach(() => server.reset());

const claude = createAnthropicProvider({ apiKey: 'sk-ant-test-000000000000000000', baseURL: server.anthropicBaseURL, model: anthropicModels.seed });
const ask = { messages: [{ role: 'user' as const, content: 'Hello' }] };

interface Row {
  readonly name: string;
  readonly response: FakeResponse;
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
}

const spendLimitWithCode = fake.http(429, {
  type: 'error',
  error: { type: 'rate_limit_error', message: 'Spend limit reached.', details: { error_code: 'enforced_spend_limit_reached' } },
});

const rows: readonly Row[] = [
  { name: '429 rate_limit_error + retry-after: 7', response: fake.fault('rate_limited', { retryAfterSeconds: 7 }), kind: 'rate_limited', retryable: true, retryAfterMs: 7000, status: 429 },
  { name: '429 rate_limit_error + retry-after-ms', response: fake.fault('rate_limited', { retryAfterMs: 250 }), kind: 'rate_limited', retryable: true, retryAfterMs: 250, status: 429 },
  { name: '429 usage limit without retry-after', response: fake.fault('quota_exhausted'), kind: 'quota_exhausted', retryable: false, retryAfterMs: undefined, status: 429 },
  { name: '429 enforced_spend_limit_reached', response: spendLimitWithCode, kind: 'quota_exhausted', retryable: false, status: 429 },
  { name: '529 overloaded_error', response: fake.fault('overloaded'), kind: 'overloaded', retryable: true, status: 529 },
  { name: '400 prompt is too long', response: fake.fault('context_length'), kind: 'context_length', retryable: false, status: 400 },
  { name: '400 invalid_request_error', response: fake.fault('invalid_request'), kind: 'invalid_request', retryable: false, status: 400 },
  { name: '400 credit balance too low', response: fake.http(400, { type: 'error', error: { type: 'invalid_request_error', message: 'Your credit balance is too low to access the Anthropic API.' } }), kind: 'quota_exhausted', retryable: false, status: 400 },
  { name: '401 authentication_error', response: fake.fault('auth'), kind: 'auth', retryable: false, status: 401 },
  { name: '403 permission_error', response: fake.http(403, { type: 'error', error: { type: 'permission_error', message: 'Your API key does not have permission' } }), kind: 'auth', retryable: false, status: 403 },
  { name: '500 api_error', response: fake.fault('server'), kind: 'server', retryable: true, status: 500 },
];

describe('createAnthropicProvider error mapping (through @anthropic-ai/sdk)', () => {
  it.each(rows)('$name → $kind', async (row) => {
    server.enqueue(row.response);
    const error = await claude.generate(ask).catch((caught: unknown) => caught);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: row.kind, retryable: row.retryable, status: row.status, providerId: 'anthropic' });
    if ('retryAfterMs' in row) expect((error as ProviderError).retryAfterMs).toBe(row.retryAfterMs);
    expect((error as ProviderError).requestId).toBe(server.requests[0]!.requestId);
  });

  it.each([
    ['overloaded', 'overloaded'],
    ['rate_limited', 'rate_limited'],
    ['server', 'server'],
  ] as const)('maps a mid-stream `event: error` %s to %s', async (fault, kind) => {
    server.enqueue(fake.streamError(fault, { text: 'Partial' }));
    const error = (await claude.stream(ask).result.catch((caught: unknown) => caught)) as ProviderError;
    expect(error).toMatchObject({ kind, partialText: 'Partial', status: undefined });
  });
});

describe('createAnthropicProvider requests', () => {
  it('sends the system prompt separately and merges consecutive turns of one role', async () => {
    await claude.generate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'user', content: 'Where is my order?' },
      ],
      temperature: 1.5,
      stop: ['END'],
    });
    expect(server.requests[0]!.body).toEqual({
      model: 'claude-3-haiku-20240307',
      max_tokens: 1024,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hi\n\nWhere is my order?' }],
      temperature: 1,
      stop_sequences: ['END'],
      stream: false,
    });
    // SDK 0.x sends `x-api-key`, 1.x `Authorization: Bearer`; the key is redacted either way.
    const { authorization, 'x-api-key': apiKeyHeader } = server.requests[0]!.headers;
    expect(authorization ?? apiKeyHeader).toMatch(/\[REDACTED\]$/);
  });

  it.each([
    ['length', 'length'],
    ['content_filter', 'content_filter'],
    ['tool_calls', 'tool_calls'],
  ] as const)('maps the stop reason for %s', async (finish, expected) => {
    server.enqueue(fake.reply('x', { finishReason: finish }), fake.reply('x', { finishReason: finish }));
    expect((await claude.generate(ask)).finishReason).toBe(expected);
    expect(await claude.stream(ask).finishReason).toBe(expected);
  });

  it('asks for structured output through instructions in the system prompt', async () => {
    server.enqueue(fake.json({ sentiment: 'negative' }));
    const result = await claude.generate({
      messages: [{ role: 'system', content: 'Classify.' }, ...ask.messages],
      schema: z.object({ sentiment: z.enum(['positive', 'negative']) }),
    });
    expect(result.object).toEqual({ sentiment: 'negative' });
    const system = (server.requests[0]!.body as { system: string }).system;
    expect(system).toMatch(/^Classify\.\n\nAnswer with a single JSON value/);
    expect(system).toContain('"enum":["positive","negative"]');
  });

  it('keeps the default 200k context window', () => {
    expect(claude.contextWindow).toBe(200_000);
  });
});
