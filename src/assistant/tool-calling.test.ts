import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryCustomerSource } from '../adapters/memory/create-memory-customer-source.js';
import { createMemoryOrderSource } from '../adapters/memory/create-memory-order-source.js';
import { createMemoryTicketSource } from '../adapters/memory/create-memory-ticket-source.js';
import type { OrderSource } from '../adapters/order-source.js';
import type { Provider } from '../core/types.js';
import { createAnthropicProvider } from '../providers/anthropic/index.js';
import { createHuggingFaceProvider } from '../providers/huggingface/index.js';
import { createOpenAIProvider } from '../providers/openai/index.js';
import { createFallbackChain } from '../providers/resilience/create-fallback-chain.js';
import { createFakeProviderServer, fake, type FakeProviderServer, type RecordedRequest } from '../testing/fake-provider-server/index.js';
import { createSampleData } from '../testing/sample-data.js';
import { createCrmAssistant } from './create-crm-assistant.js';
import { createCrmTools } from './create-crm-tools.js';

const sample = createSampleData({ now: new Date('2025-11-21T15:00:00Z'), timeZone: 'UTC', tenantId: 'demo' });
const clock = { now: () => sample.now.getTime() };
const tenantId = sample.tenantId;

let server: FakeProviderServer;
let chain: Provider;

beforeAll(async () => {
  server = await createFakeProviderServer();
  chain = createFallbackChain([
    createOpenAIProvider({ apiKey: 'sk-test-primary', baseURL: server.openaiBaseURL }),
    createAnthropicProvider({ apiKey: 'sk-ant-test-secondary', baseURL: server.anthropicBaseURL }),
    createHuggingFaceProvider({ apiKey: 'hf_test_tertiary', baseURL: server.huggingfaceBaseURL }),
  ]);
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

/** The order source, counting tracking reads (one per lookup_order run). */
function countingOrders(): OrderSource & { trackingReads: number } {
  const inner = createMemoryOrderSource({ orders: sample.orders, tracking: sample.tracking });
  const source = {
    trackingReads: 0,
    recentOrders: inner.recentOrders.bind(inner),
    async tracking(...args: Parameters<OrderSource['tracking']>) {
      source.trackingReads++;
      return inner.tracking(...args);
    },
  };
  return source;
}

function build(provider: Provider | undefined, orders: OrderSource = countingOrders()) {
  return createCrmAssistant({
    ...(provider ? { provider } : {}),
    data: {
      tickets: createMemoryTicketSource({ tickets: [...sample.tickets, ...sample.pastTickets] }),
      customers: createMemoryCustomerSource({ customers: sample.customers }),
      orders,
    },
    clock,
    timeZone: sample.timeZone,
  });
}

/** What the fake model answers when it has a tool result: the tracking it read from the request. */
function answerFromToolMessage(request: RecordedRequest): string {
  const body = JSON.stringify(request.body);
  const description = /No updates for \d+ days/.exec(body.replace(/\\"/g, '"'))?.[0];
  return description ? `Your order #54321 is in transit with UPS. Tracking says: ${description}.` : 'I do not know.';
}

describe('assistant.send with tools, over the real SDKs and the fake server', () => {
  it('calls the tool on OpenAI, fails over to Anthropic, finishes on Hugging Face from the same tool result: one tool execution', async () => {
    const orders = countingOrders();
    const assistant = build(chain, orders);
    server.enqueue(fake.toolCalls([{ name: 'lookup_order', arguments: { orderId: '54321' } }]), fake.fault('overloaded'), fake.fault('overloaded'));
    server.script((request) => (request.vendor === 'huggingface' ? fake.reply(answerFromToolMessage(request)) : undefined));

    const result = await assistant.send({ tenantId, userId: 'c-jane', message: 'Where is my order #54321?', tools: 'crm' });

    expect(result.reply).toBe('Your order #54321 is in transit with UPS. Tracking says: No updates for 5 days.');
    expect(result.provider).toBe('huggingface');
    expect(result.toolRuns).toEqual([expect.objectContaining({ toolName: 'lookup_order', status: 'ok' })]);
    expect(orders.trackingReads).toBe(1);
    expect(server.requests.map((request) => request.vendor)).toEqual(['openai', 'openai', 'anthropic', 'huggingface']);
    // Each vendor received the history in its own format, and accepted it (the fake server refuses unpaired or badly named calls).
    expect(JSON.stringify(server.requests[1]!.body)).toContain('"role":"tool"');
    expect(JSON.stringify(server.requests[2]!.body)).toMatch(/"type":"tool_result","tool_use_id":"[A-Za-z0-9_-]+"/);
    const hfBody = server.requests[3]!.body as { messages: { role: string; tool_call_id?: string }[] };
    expect(hfBody.messages.find((message) => message.role === 'tool')?.tool_call_id).toMatch(/^[A-Za-z0-9]{9}$/);
    // The tool output reached every vendor inside an untrusted block.
    expect(JSON.stringify(server.requests[3]!.body)).toMatch(/<untrusted_[a-z0-9]{12} source=\\"tool:lookup_order\\">/);
    const stored = await assistant.history({ tenantId, sessionId: result.sessionId });
    expect(stored.messages.at(-1)?.content).toBe(result.reply);
    // Each step was charged to the budget ledger; the reply's usage sums both steps.
    const ledger = await assistant.usage({ tenantId });
    expect(ledger.requests).toBe(2);
    expect(result.usage.totalTokens).toBe(ledger.totalTokens);
  });

  it('streams with tools: tool-call deltas of the first step, then the answer', async () => {
    const assistant = build(chain);
    server.enqueue(fake.toolCalls([{ name: 'lookup_order', arguments: { orderId: '54321' } }]));
    server.script((request) => fake.reply(answerFromToolMessage(request)));
    const stream = await assistant.stream({ tenantId, userId: 'c-jane', message: 'Where is my order #54321?', tools: 'crm' });
    const kinds = new Set<string>();
    for await (const event of stream.events) kinds.add(event.type);
    expect([...kinds]).toEqual(['tool-call-delta', 'text']);
    expect(await stream.text).toContain('No updates for 5 days');
  });

  it('without a model, the rule-based path runs lookup_order and answers from the host data', async () => {
    const orders = countingOrders();
    const result = await build(undefined, orders).send({ tenantId, userId: 'c-jane', message: 'Where is my order #54321?', tools: 'crm' });
    expect(result.degraded).toBe(true);
    expect(result.reply).toBe('Your order #54321 is in transit. Latest tracking (UPS 1Z999AA10123456784): No updates for 5 days, last updated 2025-11-16. Estimated delivery: 2025-11-20.');
    expect(result.toolRuns).toEqual([expect.objectContaining({ toolName: 'lookup_order', status: 'ok' })]);
    expect(orders.trackingReads).toBe(1);
  });

  it('when every model fails, the rule-based path still answers from the tool', async () => {
    server.script(() => fake.fault('overloaded'));
    const result = await build(chain).send({ tenantId, userId: 'c-jane', message: 'Where is my order #54321?', tools: 'crm' });
    expect(result.degraded).toBe(true);
    expect(result.reply).toContain('No updates for 5 days');
  });

  it("when the chain's rule-based link answers after the tool ran, the answer comes from that tool result (no second run)", async () => {
    const { createRuleBasedResponder } = await import('../fallback/create-rule-based-responder.js');
    const orders = countingOrders();
    const withRules = createFallbackChain([createOpenAIProvider({ apiKey: 'sk-test-primary', baseURL: server.openaiBaseURL })], { degraded: createRuleBasedResponder() });
    server.enqueue(fake.toolCalls([{ name: 'lookup_order', arguments: { orderId: '54321' } }]), fake.fault('server'));
    const result = await build(withRules, orders).send({ tenantId, userId: 'c-jane', message: 'Where is my order #54321?', tools: 'crm' });
    expect(result.degraded).toBe(true);
    expect(result.reply).toContain('No updates for 5 days');
    expect(orders.trackingReads).toBe(1);
  });

  it("when every model fails before any tool ran and the chain's rule-based link answers, the reply still comes from the tool", async () => {
    const { createRuleBasedResponder } = await import('../fallback/create-rule-based-responder.js');
    const orders = countingOrders();
    const withRules = createFallbackChain([createOpenAIProvider({ apiKey: 'sk-test-primary', baseURL: server.openaiBaseURL })], { degraded: createRuleBasedResponder() });
    server.script(() => fake.fault('overloaded'));
    const result = await build(withRules, orders).send({ tenantId, userId: 'c-jane', message: 'Where is my order #54321?', tools: 'crm' });
    expect(result.degraded).toBe(true);
    expect(result.provider).toBe('rules');
    expect(result.reply).toContain('No updates for 5 days');
    expect(result.toolRuns).toEqual([expect.objectContaining({ toolName: 'lookup_order', status: 'ok' })]);
    expect(orders.trackingReads).toBe(1);
    // Someone else's order reads as not found: the generic rules reply, no tracking leaked.
    const stranger = await build(withRules).send({ tenantId, userId: 'c-someone-else', message: 'Where is my order #54321?', tools: 'crm' });
    expect(stranger.reply).not.toContain('No updates for 5 days');
  });

  it('a message whose intent maps to no tool gets the plain rule-based reply', async () => {
    const result = await build(undefined).send({ tenantId, userId: 'c-jane', message: 'I love your products, thanks!', tools: 'crm' });
    expect(result.degraded).toBe(true);
    expect(result.toolRuns).toBeUndefined();
  });

  it('rejects malformed tools input naming the field', async () => {
    await expect(build(undefined).send({ tenantId, userId: 'c-jane', message: 'Hi', tools: 'everything' as never })).rejects.toThrow(/tools/);
  });
});

describe('createCrmTools', () => {
  const orders = createMemoryOrderSource({ orders: sample.orders, tracking: sample.tracking });
  const signal = new AbortController().signal;
  const run = (tools: ReturnType<typeof createCrmTools>, name: string, input: unknown) => tools.find((tool) => tool.name === name)!.execute(input, { signal, toolCallId: 't' });

  it('looks an order up by number for the bound customer, with tracking', async () => {
    const tools = createCrmTools({ tenantId, customerId: 'c-jane', orders });
    expect(await run(tools, 'lookup_order', { orderId: '#54321' })).toMatchObject({ found: true, order: { number: '54321', status: 'in_transit' }, tracking: { carrier: 'UPS', status: 'in_transit' } });
    expect(await run(tools, 'track_shipment', { orderId: 'o-54321' })).toMatchObject({ found: true, tracking: { description: 'No updates for 5 days' } });
  });

  it('is tenant- and customer-scoped by construction: no argument reaches other rows', async () => {
    expect(await run(createCrmTools({ tenantId: 'other-tenant', customerId: 'c-jane', orders }), 'lookup_order', { orderId: '54321' })).toEqual({ found: false, orderId: '54321' });
    expect(await run(createCrmTools({ tenantId: 'other-tenant', orders }), 'lookup_order', { orderId: 'o-54321' })).toEqual({ found: false, orderId: 'o-54321' });
    expect(await run(createCrmTools({ tenantId, customerId: 'c-noah', orders }), 'lookup_order', { orderId: 'o-54321' })).toEqual({ found: false, orderId: 'o-54321' });
    expect(await run(createCrmTools({ tenantId, customerId: 'c-noah', orders }), 'track_shipment', { orderId: 'o-54321' })).toEqual({ found: false, orderId: 'o-54321' });
  });

  it('offers only the tools whose source exists; finds the customer and past tickets; escalates through the hook', async () => {
    expect(createCrmTools({ tenantId }).map((tool) => tool.name)).toEqual([]);
    const escalate = vi.fn(async () => undefined);
    const tools = createCrmTools({
      tenantId,
      customerId: 'c-jane',
      orders,
      customers: createMemoryCustomerSource({ customers: sample.customers }),
      tickets: createMemoryTicketSource({ tickets: [...sample.tickets, ...sample.pastTickets] }),
      escalate,
    });
    expect(tools.map((tool) => tool.name)).toEqual(['find_customer', 'lookup_order', 'track_shipment', 'search_past_tickets', 'escalate_to_human']);
    expect(await run(tools, 'find_customer', {})).toMatchObject({ found: true, customer: { id: 'c-jane', name: 'Jane Doe', vip: true } });
    const past = (await run(tools, 'search_past_tickets', {})) as { tickets: { id: string }[] };
    expect(past.tickets.length).toBeGreaterThan(0);
    expect(await run(tools, 'escalate_to_human', { reason: 'Customer asked for a manager' })).toEqual({ escalated: true });
    expect(escalate).toHaveBeenCalledWith(expect.objectContaining({ reason: 'Customer asked for a manager' }));
  });

  it('validates its options', () => {
    expect(() => createCrmTools({ tenantId: '' })).toThrow(/tenantId/);
  });
});
