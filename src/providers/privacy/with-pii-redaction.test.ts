import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import type { ChatRequest, ChatResult, Provider } from '../../core/types.js';
import { createChatStream } from '../../core/create-chat-stream.js';
import { withPiiRedaction } from './with-pii-redaction.js';

/** A provider that records what it was sent and replies with scripted deltas. */
function createEchoProvider(reply: (request: ChatRequest<unknown>) => readonly string[], object?: unknown) {
  const seen: ChatRequest<unknown>[] = [];
  const result = (request: ChatRequest<unknown>): ChatResult<unknown> => ({
    text: reply(request).join(''),
    object,
    finishReason: 'stop',
    usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
    provider: 'echo',
    model: 'echo-1',
    latencyMs: 1,
    degraded: false,
    attempts: [{ provider: 'echo', model: 'echo-1', ok: true, durationMs: 1 }],
  });
  const provider: Provider = {
    id: 'echo',
    model: 'echo-1',
    contextWindow: 8000,
    async generate(request) {
      seen.push(request as ChatRequest<unknown>);
      return result(request as ChatRequest<unknown>) as never;
    },
    stream(request, options) {
      seen.push(request as ChatRequest<unknown>);
      return createChatStream(async function* (signal) {
        for (const delta of reply(request as ChatRequest<unknown>)) {
          if (signal.aborted) return { finishReason: 'stop' as const, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, provider: 'echo', model: 'echo-1', attempts: [] };
          yield delta;
        }
        const { text: _text, latencyMs: _latency, ...end } = result(request as ChatRequest<unknown>);
        return end;
      }, options?.signal ? { signal: options.signal } : {}) as never;
    },
  };
  return { provider, seen };
}

const message = 'I am Jane, jane@example.com, +1 415 555 2671, card 4111 1111 1111 1111, key sk-proj-abcdefghijklmnopqrstuvwxyz123456';

describe('withPiiRedaction', () => {
  it('sends only placeholders to the model and keeps id and model', async () => {
    const { provider, seen } = createEchoProvider(() => ['ok']);
    const safe = withPiiRedaction(provider);
    expect([safe.id, safe.model, safe.contextWindow]).toEqual(['echo', 'echo-1', 8000]);
    await safe.generate({ messages: [{ role: 'system', content: 'Customer: jane@example.com' }, { role: 'user', content: message }] });
    expect(seen[0]?.messages).toEqual([
      { role: 'system', content: 'Customer: [EMAIL_1]' },
      { role: 'user', content: 'I am Jane, [EMAIL_1], [PHONE_1], card [CARD_1], key [SECRET_1]' },
    ]);
  });

  it('redacts only the roles and kinds asked for', async () => {
    const { provider, seen } = createEchoProvider(() => ['ok']);
    await withPiiRedaction(provider, { roles: ['user'], types: ['card'] }).generate({
      messages: [{ role: 'system', content: 'jane@example.com' }, { role: 'user', content: message }],
    });
    expect(seen[0]?.messages[0]?.content).toBe('jane@example.com');
    expect(seen[0]?.messages[1]?.content).toBe('I am Jane, jane@example.com, +1 415 555 2671, card [CARD_1], key sk-proj-abcdefghijklmnopqrstuvwxyz123456');
  });

  it('leaves placeholders in the reply unless restore is on', async () => {
    const { provider } = createEchoProvider((request) => [`Sent to ${request.messages[0]?.content}`]);
    const request = { messages: [{ role: 'user' as const, content: 'jane@example.com' }] };
    expect((await withPiiRedaction(provider).generate(request)).text).toBe('Sent to [EMAIL_1]');
    expect((await withPiiRedaction(provider, { restore: true }).generate(request)).text).toBe('Sent to jane@example.com');
  });

  it('never restores secrets unless they are listed explicitly', async () => {
    const { provider } = createEchoProvider((request) => [request.messages[0]?.content ?? '']);
    const request = { messages: [{ role: 'user' as const, content: 'jane@example.com sk-proj-abcdefghijklmnopqrstuvwxyz123456' }] };
    expect((await withPiiRedaction(provider, { restore: true }).generate(request)).text).toBe('jane@example.com [SECRET_1]');
    expect((await withPiiRedaction(provider, { restore: ['secret'] }).generate(request)).text).toBe('[EMAIL_1] sk-proj-abcdefghijklmnopqrstuvwxyz123456');
  });

  it('restores placeholders inside structured output', async () => {
    const { provider } = createEchoProvider(() => ['{"to":"[EMAIL_1]"}'], { to: '[EMAIL_1]', cc: ['[EMAIL_1]'], count: 1 });
    const result = await withPiiRedaction(provider, { restore: true }).generate({
      messages: [{ role: 'user', content: 'mail jane@example.com' }],
      schema: z.object({ to: z.string(), cc: z.array(z.string()), count: z.number() }),
    });
    expect(result.object).toEqual({ to: 'jane@example.com', cc: ['jane@example.com'], count: 1 });
    expect(result.text).toBe('{"to":"jane@example.com"}');
  });

  it('restores placeholders split across stream deltas', async () => {
    const { provider } = createEchoProvider(() => ['Hello, we wrote to [EM', 'AIL', '_1', '] and [PH', 'ONE_1]', ' about [', 'the order]. Price [1', '0]']);
    const stream = withPiiRedaction(provider, { restore: true }).stream({ messages: [{ role: 'user', content: 'jane@example.com, +1 415 555 2671' }] });
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    const expected = 'Hello, we wrote to jane@example.com and +1 415 555 2671 about [the order]. Price [10]';
    expect(deltas.join('')).toBe(expected);
    expect(deltas.some((delta) => delta.includes('[EM') || delta.includes('[PH'))).toBe(false);
    expect(await stream.text).toBe(expected);
    expect((await stream.result).usage.totalTokens).toBe(15);
  });

  it('passes the stream through untouched when nothing needs restoring', async () => {
    const { provider } = createEchoProvider(() => ['a', 'b']);
    const stream = withPiiRedaction(provider, { restore: true }).stream({ messages: [{ role: 'user', content: 'no pii here' }] });
    expect(await stream.text).toBe('ab');
  });

  it('aborts the inner stream when the caller aborts', async () => {
    const { provider } = createEchoProvider(() => ['[EMAIL_1]', ' more']);
    const controller = new AbortController();
    const stream = withPiiRedaction(provider, { restore: true }).stream({ messages: [{ role: 'user', content: 'jane@example.com' }] }, { signal: controller.signal });
    controller.abort();
    await expect(stream.result).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('validates its options', () => {
    const { provider } = createEchoProvider(() => []);
    expect(() => withPiiRedaction(provider, { types: ['ssn' as never], defaultRegion: 'usa' as never })).toThrow(ValidationError);
  });
});

describe('withPiiRedaction with tools', () => {
  it('redacts tool results, keeps the tool fields, and restores placeholders in tool-call arguments', async () => {
    const seen: ChatRequest<unknown>[] = [];
    const provider: Provider = {
      id: 'echo',
      model: 'echo-1',
      contextWindow: 8000,
      async generate(request) {
        seen.push(request as ChatRequest<unknown>);
        return {
          text: '',
          object: undefined,
          finishReason: 'tool_calls',
          usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
          provider: 'echo',
          model: 'echo-1',
          latencyMs: 0,
          degraded: false,
          attempts: [],
          toolCalls: [{ id: 'c2', name: 'email_customer', arguments: { to: '[EMAIL_1]' } }],
        } as never;
      },
      stream() {
        throw new Error('not used');
      },
    };
    const safe = withPiiRedaction(provider, { restore: ['email'] });
    const result = await safe.generate({
      messages: [
        { role: 'user', content: 'Email me the tracking' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'find_customer', arguments: {} }] },
        { role: 'tool', toolCallId: 'c1', toolName: 'find_customer', content: '{"email":"jane@example.com"}' },
      ],
    });
    expect(seen[0]!.messages[2]).toEqual({ role: 'tool', toolCallId: 'c1', toolName: 'find_customer', content: '{"email":"[EMAIL_1]"}' });
    expect(seen[0]!.messages[1]!.toolCalls).toHaveLength(1);
    expect(result.toolCalls).toEqual([{ id: 'c2', name: 'email_customer', arguments: { to: 'jane@example.com' } }]);
  });
});
