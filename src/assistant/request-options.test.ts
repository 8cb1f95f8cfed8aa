import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeProviderServer, fake, type FakeProviderServer } from '../testing/fake-provider-server/index.js';
import { createSampleData } from '../testing/sample-data.js';
import { createFallbackChain } from '../providers/resilience/create-fallback-chain.js';
import { createOpenAIProvider } from '../providers/openai/index.js';
import { createAnthropicProvider } from '../providers/anthropic/index.js';
import { createContentFilter } from '../fallback/create-content-filter.js';
import { createMemoryMemberSource } from '../adapters/memory/create-memory-member-source.js';
import { createMemoryConversationStore } from '../adapters/memory/create-memory-conversation-store.js';
import { ValidationError } from '../core/errors.js';
import type { Provider } from '../core/types.js';
import { createCrmAssistant, type CrmAssistantOptions } from './create-crm-assistant.js';
import type { ContentFilteredEvent } from './screen-input.js';

const sample = createSampleData({ now: new Date('2025-11-21T15:00:00Z'), timeZone: 'UTC', tenantId: 'acme' });
const clock = { now: () => sample.now.getTime() };

let server: FakeProviderServer;
let chain: Provider;
beforeAll(async () => {
  server = await createFakeProviderServer();
  chain = createFallbackChain([
    createOpenAIProvider({ apiKey: 'sk-test', baseURL: server.openaiBaseURL }),
    createAnthropicProvider({ apiKey: 'sk-ant-test', baseURL: server.anthropicBaseURL }),
  ]);
});
afterAll(async () => server.close());
beforeEach(() => {
  server.reset();
  server.script(() => fake.reply('A model reply.'));
});

const build = (options: Partial<CrmAssistantOptions> = {}) =>
  createCrmAssistant({ provider: chain, data: { members: createMemoryMemberSource({ members: sample.members }) }, clock, budget: false, ...options });
type Body = { temperature?: number; top_p?: number; max_tokens?: number; max_completion_tokens?: number; messages?: { role: string; content: unknown }[] };
const bodies = () => server.requests.map((request) => request.body as Body);
const issuesOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => expect.fail('expected a ValidationError'),
    (caught: unknown) => caught,
  );
  expect(ValidationError.isInstance(error)).toBe(true);
  return (error as ValidationError).issues;
};

describe('per-request options (seed 002 chat request, seed 001 top_p)', () => {
  it('send: temperature, maxTokens and topP reach the provider on the wire', async () => {
    await build().send({ tenantId: 'acme', userId: 'u1', message: 'Where is my order?', temperature: 0.2, maxTokens: 300, topP: 0.95 });
    expect(bodies()[0]).toMatchObject({ temperature: 0.2, max_completion_tokens: 300, top_p: 0.95 });
  });

  it('send without options keeps the assistant defaults (256 tokens, 0.7)', async () => {
    await build().send({ tenantId: 'acme', userId: 'u1', message: 'Where is my order?' });
    expect(bodies()[0]).toMatchObject({ temperature: 0.7, max_completion_tokens: 256 });
    expect(bodies()[0]).not.toHaveProperty('top_p');
  });

  it('stream and ask take the same options', async () => {
    const assistant = build();
    const stream = await assistant.stream({ tenantId: 'acme', userId: 'u1', message: 'Hello', temperature: 1.1, maxTokens: 64, topP: 0.5 });
    for await (const _delta of stream) void _delta;
    await assistant.ask({ tenantId: 'acme', query: 'Who is due today?', filter: 'today', temperature: 0, maxTokens: 120, topP: 0.95 });
    expect(bodies()[0]).toMatchObject({ temperature: 1.1, max_completion_tokens: 64, top_p: 0.5 });
    expect(bodies()[1]).toMatchObject({ temperature: 0, max_completion_tokens: 120, top_p: 0.95 });
  });

  it('preferredProvider puts that link first for this call only, the rest of the chain after it', async () => {
    const assistant = build();
    await assistant.send({ tenantId: 'acme', userId: 'u1', message: 'Hi', preferredProvider: 'Anthropic' });
    await assistant.send({ tenantId: 'acme', userId: 'u1', message: 'Hi' });
    await assistant.send({ tenantId: 'acme', userId: 'u1', message: 'Hi', preferredProvider: 'auto' });
    expect(server.requests.map((request) => request.vendor)).toEqual(['anthropic', 'openai', 'openai']);
    // The preferred link failing falls over to the rest of the chain.
    server.reset();
    server.script((request) => (request.vendor === 'anthropic' ? fake.fault('overloaded') : fake.reply('from openai')));
    const result = await assistant.send({ tenantId: 'acme', userId: 'u1', message: 'Hi', preferredProvider: 'anthropic' });
    expect(result).toMatchObject({ reply: 'from openai', provider: 'openai' });
    expect(server.requests[0]?.vendor).toBe('anthropic');
  });

  it('includeHistory: false leaves the earlier turns out of the prompt', async () => {
    const assistant = build();
    const first = await assistant.send({ tenantId: 'acme', userId: 'u1', message: 'My name is Priya and order #54321 is late' });
    await assistant.send({ tenantId: 'acme', userId: 'u1', sessionId: first.sessionId, message: 'Any news?', includeHistory: false });
    await assistant.send({ tenantId: 'acme', userId: 'u1', sessionId: first.sessionId, message: 'And now?' });
    const [, without, withHistory] = bodies().map((body) => JSON.stringify(body.messages));
    expect(without).not.toContain('Priya');
    expect(withHistory).toContain('Priya');
    // The reply is still stored in the session.
    expect((await assistant.history({ tenantId: 'acme', sessionId: first.sessionId })).messages).toHaveLength(6);
  });

  it('rejects out-of-range values and unknown fields by name, before any provider is called', async () => {
    const assistant = build();
    const base = { tenantId: 'acme', userId: 'u1', message: 'Hi' };
    expect((await issuesOf(assistant.send({ ...base, temperature: 3 }))).map((issue) => issue.path)).toEqual(['temperature']);
    expect((await issuesOf(assistant.send({ ...base, topP: 0 }))).map((issue) => issue.path)).toEqual(['topP']);
    expect((await issuesOf(assistant.send({ ...base, maxTokens: 0.5 }))).map((issue) => issue.path)).toEqual(['maxTokens']);
    expect((await issuesOf(assistant.send({ ...base, includeHistory: 'no' as unknown as boolean }))).map((issue) => issue.path)).toEqual(['includeHistory']);
    const unknown = await issuesOf(assistant.stream({ ...base, max_tokens: 500, preferred_provider: 'OpenAI' } as never));
    expect(unknown).toEqual([
      { path: 'max_tokens', message: 'Unknown field `max_tokens`; did you mean `maxTokens`?' },
      { path: 'preferred_provider', message: 'Unknown field `preferred_provider`; did you mean `preferredProvider`?' },
    ]);
    expect((await issuesOf(assistant.ask({ tenantId: 'acme', query: 'Who?', top_p: 0.9 } as never)))[0]?.path).toBe('top_p');
    const notInChain = await issuesOf(assistant.send({ ...base, preferredProvider: 'gemini' }));
    expect(notInChain[0]).toMatchObject({ path: 'preferredProvider' });
    expect(notInChain[0]?.message).toContain('"openai"');
    expect(server.requests).toHaveLength(0);
  });

  it('ask accepts filter "" and null as all members (seed 000)', async () => {
    const assistant = build({ provider: undefined });
    const all = await assistant.ask({ tenantId: 'acme', query: 'How many members?', filter: 'all' });
    expect((await assistant.ask({ tenantId: 'acme', query: 'How many members?', filter: '' })).count).toBe(all.count);
    expect((await assistant.ask({ tenantId: 'acme', query: 'How many members?', filter: null })).count).toBe(all.count);
    expect(all.count).toBe(sample.members.length);
  });
});

describe('content filter on customer input (seed 002, AI_CONTENT_FILTER_ENABLED)', () => {
  const blockedText = 'I will find you and hurt you';
  const setup = () => {
    const events: ContentFilteredEvent[] = [];
    const conversations = createMemoryConversationStore({ clock });
    const filter = createContentFilter();
    const assistant = build({ contentFilter: filter, onContentFiltered: (event) => events.push(event), conversations });
    return { assistant, events, filter, conversations };
  };
  const wire = () => JSON.stringify(server.requests.map((request) => request.body));

  it('send: answers with the safe reply, records the event, stores the message withheld, calls no model', async () => {
    const { assistant, events, filter } = setup();
    const result = await assistant.send({ tenantId: 'acme', userId: 'u1', message: blockedText });
    expect(result).toMatchObject({ reply: filter.safeReply, degraded: true, provider: 'content-filter', contentFiltered: { categories: ['threat'] } });
    expect(events).toEqual([{ tenantId: 'acme', userId: 'u1', sessionId: result.sessionId, operation: 'send', categories: ['threat'], at: sample.now }]);
    expect(JSON.stringify(events)).not.toContain('hurt');
    expect(server.requests).toHaveLength(0);
    // The blocked text never reaches a model later either, through the history.
    const next = await assistant.send({ tenantId: 'acme', userId: 'u1', sessionId: result.sessionId, message: 'Sorry. Where is order #54321?' });
    expect(next.provider).toBe('openai');
    expect(wire()).not.toContain('hurt you');
    const { messages } = await assistant.history({ tenantId: 'acme', sessionId: result.sessionId });
    expect(JSON.stringify(messages)).not.toContain('hurt you');
    expect(messages[0]?.metadata).toMatchObject({ contentFiltered: true });
  });

  it('stream, ask and analyze block the same way', async () => {
    const { assistant, events, filter } = setup();
    const stream = await assistant.stream({ tenantId: 'acme', userId: 'u1', message: blockedText });
    let text = '';
    for await (const delta of stream) text += delta;
    expect(text).toBe(filter.safeReply);
    const answer = await assistant.ask({ tenantId: 'acme', query: `${blockedText}, which members are due?` });
    expect(answer).toMatchObject({ response: filter.safeReply, connected: false, contentFiltered: { categories: ['threat'] } });
    const analysis = await assistant.analyze({ tenantId: 'acme', message: blockedText });
    expect(analysis).toMatchObject({ source: 'rules', contentFiltered: { categories: ['threat'] } });
    expect(analysis.sentiment).toBeDefined();
    expect(events.map((event) => event.operation)).toEqual(['stream', 'ask', 'analyze']);
    expect(server.requests).toHaveLength(0);
  });

  it('lets clean input through to the model, and is off unless configured', async () => {
    const { assistant, events } = setup();
    expect((await assistant.send({ tenantId: 'acme', userId: 'u1', message: 'Where is order #54321?' })).provider).toBe('openai');
    expect(events).toEqual([]);
    const unfiltered = build();
    expect((await unfiltered.send({ tenantId: 'acme', userId: 'u1', message: blockedText })).provider).toBe('openai');
  });

  it('a throwing onContentFiltered hook is reported, never breaks the answer', async () => {
    const reported: string[] = [];
    const assistant = build({
      contentFilter: createContentFilter(),
      onContentFiltered: () => {
        throw new Error('metrics down');
      },
      onError: (_error, source) => reported.push(source),
    });
    expect((await assistant.send({ tenantId: 'acme', userId: 'u1', message: blockedText })).provider).toBe('content-filter');
    expect(reported).toEqual(['content_filter_hook']);
  });
});
