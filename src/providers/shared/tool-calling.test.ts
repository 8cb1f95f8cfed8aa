import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChatStreamEvent, ToolSpec } from '../../core/tools.js';
import type { ChatMessage, ChatRequest, Provider } from '../../core/types.js';
import { createFakeProviderServer, fake } from '../../testing/fake-provider-server/index.js';
import type { FakeProviderServer, FakeVendor } from '../../testing/fake-provider-server/index.js';
import { createAnthropicProvider } from '../anthropic/index.js';
import { createHuggingFaceProvider } from '../huggingface/index.js';
import { createOpenAIProvider } from '../openai/index.js';
import { createFallbackChain } from '../resilience/create-fallback-chain.js';
import { createProviderChain } from '../resilience/create-provider-chain.js';
import { withBudget } from '../budget/with-budget.js';
import { createMemoryUsageStore } from '../../adapters/memory/create-memory-usage-store.js';
import { withPiiRedaction } from '../privacy/with-pii-redaction.js';

const server: FakeProviderServer = await createFakeProviderServer();
afterAll(() => server.close());
beforeEach(() => server.reset());

const apiKey = 'sk-test-abcdefghijklmnopqrstuvwxyz123456';
const makers: Readonly<Record<FakeVendor, () => Provider>> = {
  openai: () => createOpenAIProvider({ apiKey, baseURL: server.openaiBaseURL }),
  anthropic: () => createAnthropicProvider({ apiKey, baseURL: server.anthropicBaseURL }),
  huggingface: () => createHuggingFaceProvider({ apiKey, baseURL: server.huggingfaceBaseURL }),
};
const vendors = Object.keys(makers) as FakeVendor[];

const lookupOrder: ToolSpec = {
  name: 'lookup_order',
  description: 'Find an order by its number',
  inputSchema: z.object({ orderId: z.string() }),
};
const trackShipment: ToolSpec = { name: 'track_shipment', description: 'Track an order', inputSchema: z.object({ orderId: z.string() }) };
const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'Where is my order #54321?' }],
  tools: [lookupOrder, trackShipment],
  ...extra,
});

describe.each(vendors)('%s tool calling through the official SDK', (vendor) => {
  it('sends the tools and tool choice in the wire format and returns one parsed call', async () => {
    server.enqueue(fake.toolCalls([{ name: 'lookup_order', arguments: { orderId: '54321' } }]));
    const result = await makers[vendor]().generate(ask({ toolChoice: { type: 'tool', name: 'lookup_order' } }));
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls).toEqual([{ id: expect.any(String), name: 'lookup_order', arguments: { orderId: '54321' } }]);
    const body = server.requests[0]!.body as Record<string, unknown>;
    if (vendor === 'anthropic') {
      expect(body.tools).toEqual([
        { name: 'lookup_order', description: 'Find an order by its number', input_schema: expect.objectContaining({ type: 'object', required: ['orderId'] }) },
        expect.objectContaining({ name: 'track_shipment' }),
      ]);
      expect(body.tool_choice).toEqual({ type: 'tool', name: 'lookup_order' });
    } else {
      expect(body.tools).toEqual([
        { type: 'function', function: { name: 'lookup_order', description: 'Find an order by its number', parameters: expect.objectContaining({ type: 'object' }) } },
        expect.objectContaining({ type: 'function' }),
      ]);
      expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'lookup_order' } });
    }
  });

  it('returns parallel calls in order', async () => {
    server.enqueue(fake.toolCalls([{ name: 'lookup_order', arguments: { orderId: '1' } }, { name: 'track_shipment', arguments: { orderId: '2' } }]));
    const result = await makers[vendor]().generate(ask({ toolChoice: 'required' }));
    expect(result.toolCalls?.map((call) => [call.name, call.arguments])).toEqual([
      ['lookup_order', { orderId: '1' }],
      ['track_shipment', { orderId: '2' }],
    ]);
    expect(new Set(result.toolCalls?.map((call) => call.id)).size).toBe(2);
  });

  it('streams tool-call deltas, then the complete calls', async () => {
    server.enqueue(
      fake.toolCalls(
        [
          { name: 'lookup_order', arguments: { orderId: '54321' }, argumentChunks: ['{"orde', 'rId":"543', '21"}'] },
          { name: 'track_shipment', arguments: { orderId: '7' } },
        ],
        { text: 'Checking. ' },
      ),
    );
    const stream = makers[vendor]().stream(ask());
    const events: ChatStreamEvent[] = [];
    for await (const event of stream.events) events.push(event);
    expect(events[0]).toEqual({ type: 'text', text: 'Checking. ' });
    const deltas = events.filter((event) => event.type === 'tool-call-delta');
    expect(deltas.filter((delta) => delta.index === 0).map((delta) => delta.argumentsDelta).join('')).toBe('{"orderId":"54321"}');
    expect(deltas[0]).toMatchObject({ index: 0, name: 'lookup_order', id: expect.any(String) });
    const calls = events.flatMap((event) => (event.type === 'tool-call' ? [event.toolCall] : []));
    expect(calls.map((call) => call.arguments)).toEqual([{ orderId: '54321' }, { orderId: '7' }]);
    expect(await stream.toolCalls).toEqual(calls);
    expect(await stream.text).toBe('Checking. ');
    expect(await stream.finishReason).toBe('tool_calls');
  });

  it('reports malformed argument JSON on the call, typed, without throwing', async () => {
    server.enqueue(fake.toolCalls([{ name: 'lookup_order', rawArguments: '{"orderId": "543' }]));
    const [call] = await makers[vendor]().stream(ask()).toolCalls;
    expect(call).toMatchObject({ name: 'lookup_order', arguments: undefined, rawArguments: '{"orderId": "543', argumentsError: expect.stringContaining('not valid JSON') });
  });

  it('a stream that fails after a tool call rejects with a typed error', async () => {
    server.enqueue(fake.streamError('overloaded', { toolCalls: [{ name: 'lookup_order', arguments: { orderId: '54321' } }] }));
    const stream = makers[vendor]().stream(ask());
    await expect(stream.result).rejects.toMatchObject({ name: 'ProviderError', kind: expect.stringMatching(/overloaded|server/) });
  });
});

/** A history that one vendor produced: its ids, a call with a result, and a call left without one. */
function historyFrom(vendor: FakeVendor, withOrphan: boolean): ChatMessage[] {
  const ids: Record<FakeVendor, [string, string]> = {
    openai: ['call_Ab12Cd34Ef56Gh78Ij90Kl12', 'call_Zz12Cd34Ef56Gh78Ij90Kl12'],
    anthropic: ['toolu_01A09q90qw90lq917835lq9', 'toolu_01B09q90qw90lq917835lq9'],
    huggingface: ['chatcmpl-tool-0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'chatcmpl-tool-ffffffffffffffffffffffffffffffff'],
  };
  const [first, second] = ids[vendor];
  return [
    { role: 'system', content: 'You are a support agent.' },
    { role: 'user', content: 'Where is my order #54321?' },
    {
      role: 'assistant',
      content: '',
      toolCalls: [
        { id: first, name: 'lookup_order', arguments: { orderId: '54321' } },
        ...(withOrphan ? [{ id: second, name: 'track_shipment', arguments: { orderId: '54321' } }] : []),
      ],
    },
    { role: 'tool', toolCallId: first, toolName: 'lookup_order', content: '{"status":"in_transit"}' },
  ];
}

describe('history moves between vendors', () => {
  for (const from of vendors) {
    for (const to of vendors) {
      it(`${from} → ${to}: ids normalised, calls paired, accepted by ${to}`, async () => {
        server.enqueue(fake.reply('Your order is in transit.'));
        const result = await makers[to]().generate({ messages: historyFrom(from, false), tools: [lookupOrder, trackShipment] });
        expect(result.text).toBe('Your order is in transit.');
      });

      it(`${from} → ${to}: a failure between a tool call and its result is closed with a "not run" result`, async () => {
        server.enqueue(fake.reply('Your order is in transit.'));
        const result = await makers[to]().generate({ messages: historyFrom(from, true), tools: [lookupOrder, trackShipment] });
        expect(result.text).toBe('Your order is in transit.');
        expect(JSON.stringify(server.requests[0]!.body)).toContain('not_run');
      });
    }
  }

  it('the fake server refuses an unpaired history the way each vendor does (so the tests above mean something)', async () => {
    const raw = { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup_order', arguments: '{}' } }] };
    const response = await fetch(`${server.openaiBaseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }, raw] }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('did not have response messages');
  });

  it('a chain fails over after a tool call and the next vendor finishes from the same tool result', async () => {
    const chain = createFallbackChain([makers.openai(), makers.anthropic(), makers.huggingface()]);
    server.enqueue(fake.toolCalls([{ name: 'lookup_order', arguments: { orderId: '54321' } }]));
    const first = await chain.generate(ask());
    const call = first.toolCalls![0]!;
    const messages: ChatMessage[] = [
      ...ask().messages,
      { role: 'assistant', content: first.text, toolCalls: first.toolCalls },
      { role: 'tool', toolCallId: call.id, toolName: call.name, content: '{"status":"in_transit"}' },
    ];
    server.enqueue(fake.fault('overloaded'), fake.fault('overloaded'), fake.reply('It is in transit.'));
    const second = await chain.generate({ ...ask(), messages });
    expect(second.provider).toBe('huggingface');
    expect(server.requests.map((request) => request.vendor)).toEqual(['openai', 'openai', 'anthropic', 'huggingface']);
    const anthropicBody = JSON.stringify(server.requests[2]!.body);
    expect(anthropicBody).toContain('"type":"tool_result"');
  });

  it('every wrapper of the full stack forwards tool-call deltas and complete calls', async () => {
    const stack = await createProviderChain({ providers: [{ type: 'openai', apiKey, baseURL: server.openaiBaseURL }] });
    const wrapped = withPiiRedaction(withBudget(stack, { store: createMemoryUsageStore(), limits: { perRequest: { totalTokens: 100_000 } } }));
    server.enqueue(fake.toolCalls([{ name: 'lookup_order', arguments: { orderId: '54321' }, argumentChunks: ['{"orderId"', ':"54321"}'] }]));
    const stream = wrapped.stream(ask());
    const events: ChatStreamEvent[] = [];
    for await (const event of stream.events) events.push(event);
    expect(events.filter((event) => event.type === 'tool-call-delta').map((event) => (event as { argumentsDelta: string }).argumentsDelta)).toEqual(['', '{"orderId"', ':"54321"}']);
    expect(events.at(-1)).toEqual({ type: 'tool-call', toolCall: expect.objectContaining({ name: 'lookup_order', arguments: { orderId: '54321' } }) });
    expect((await wrapped.generate({ ...ask(), messages: [{ role: 'user', content: 'again' }] })).provider).toBe('openai');
  });

  it('a chain does not fail over once a link has streamed part of a tool call: no half call from two vendors', async () => {
    const chain = createFallbackChain([makers.openai(), makers.anthropic()]);
    server.enqueue(fake.streamError('overloaded', { toolCalls: [{ name: 'lookup_order', arguments: { orderId: '54321' } }] }));
    await expect(chain.stream(ask()).result).rejects.toMatchObject({ name: 'ProviderError' });
    expect(server.requests.map((request) => request.vendor)).toEqual(['openai']);
  });
});
