import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z as z4 } from 'zod/v4';
import { z as z3 } from 'zod-v3';
import type { Tool } from '../core/tools.js';
import { validateToolInput } from '../core/validate-tool-input.js';
import type { Provider } from '../core/types.js';
import { createAnthropicProvider } from '../providers/anthropic/index.js';
import { createOpenAIProvider } from '../providers/openai/index.js';
import { createFakeProviderServer, fake, type FakeProviderServer } from '../testing/fake-provider-server/index.js';
import { runTools } from './run-tools.js';

// Tool input schemas from either zod major (`zod-v3` is zod 3.25.76's classic API, installed as an
// npm alias), through the official SDKs to the fake vendors and back.
const server: FakeProviderServer = await createFakeProviderServer();
afterAll(() => server.close());
beforeEach(() => server.reset());

const makers: Readonly<Record<'openai' | 'anthropic', () => Provider>> = {
  openai: () => createOpenAIProvider({ apiKey: 'sk-test-zod-majors', baseURL: server.openaiBaseURL }),
  anthropic: () => createAnthropicProvider({ apiKey: 'sk-ant-test-zod-majors', baseURL: server.anthropicBaseURL }),
};

/** The tools' parameters as the vendor received them, by tool name. */
function sentSchemas(vendor: 'openai' | 'anthropic', body: unknown): Record<string, unknown> {
  const tools = (body as { tools: Record<string, unknown>[] }).tools;
  return Object.fromEntries(
    tools.map((tool) =>
      vendor === 'openai'
        ? [(tool.function as { name: string }).name, (tool.function as { parameters: unknown }).parameters]
        : [tool.name as string, tool.input_schema],
    ),
  );
}

function tools(ran: unknown[]): Tool[] {
  const lookupOrder: Tool<{ orderId: string; carrier?: 'UPS' | 'USPS' }> = {
    name: 'lookup_order',
    description: 'Find an order by its number',
    // zod 3's classic API: converted by crmkit's zod 3 converter.
    inputSchema: z3.object({
      orderId: z3.string().regex(/^\d{3,10}$/).describe('The order number, digits only'),
      carrier: z3.enum(['UPS', 'USPS']).optional(),
    }),
    async execute(input) {
      ran.push(input);
      return { status: 'in_transit' };
    },
  };
  const pastTickets: Tool<{ customerId: string; limit: number }> = {
    name: 'search_past_tickets',
    description: "Search the customer's past tickets",
    // zod 4, with an async refinement: validated by awaiting `~standard.validate`.
    inputSchema: z4
      .object({ customerId: z4.string().min(1).describe('The customer id'), limit: z4.number().int().max(20).default(5) })
      .refine(async (input) => Promise.resolve(input.customerId.startsWith('c-')), { message: 'Expected a customer id starting with c-', path: ['customerId'] }),
    async execute(input) {
      ran.push(input);
      return { tickets: [] };
    },
  };
  return [lookupOrder as Tool, pastTickets as Tool];
}

describe.each(['openai', 'anthropic'] as const)('tool input schemas from zod 3 and zod 4 through %s', (vendor) => {
  it('sends each as its real JSON Schema and runs both with the parsed arguments', async () => {
    const ran: unknown[] = [];
    server.enqueue(
      fake.toolCalls([
        { name: 'lookup_order', arguments: { orderId: '54321' } },
        { name: 'search_past_tickets', arguments: { customerId: 'c-jane' } },
      ]),
      fake.reply('Your order is in transit.'),
    );
    const result = await runTools({ provider: makers[vendor](), request: { messages: [{ role: 'user', content: 'Where is my order #54321?' }] }, tools: tools(ran) });

    const sent = sentSchemas(vendor, server.requests[0]!.body);
    expect(sent.lookup_order).toEqual({
      type: 'object',
      properties: { orderId: { type: 'string', pattern: '^\\d{3,10}$', description: 'The order number, digits only' }, carrier: { type: 'string', enum: ['UPS', 'USPS'] } },
      required: ['orderId'],
      additionalProperties: false,
    });
    expect(sent.search_past_tickets).toMatchObject({
      type: 'object',
      properties: { customerId: { type: 'string', minLength: 1, description: 'The customer id' }, limit: { type: 'integer', maximum: 20, default: 5 } },
      required: ['customerId'],
    });
    expect(result.text).toBe('Your order is in transit.');
    expect(result.steps[0]!.toolRuns.map((run) => run.status)).toEqual(['ok', 'ok']);
    // The zod 4 default filled in: execute got the parsed value, not the raw arguments.
    expect(ran).toEqual([{ orderId: '54321' }, { customerId: 'c-jane', limit: 5 }]);
  });

  it('rejects arguments either schema refuses, tells the model why, and runs neither tool', async () => {
    const ran: unknown[] = [];
    server.enqueue(
      fake.toolCalls([
        { name: 'lookup_order', arguments: { orderId: 'ORD-54321' } },
        { name: 'search_past_tickets', arguments: { customerId: 'jane', limit: 5 } },
      ]),
      fake.reply('Could you give me your order number?'),
    );
    const result = await runTools({ provider: makers[vendor](), request: { messages: [{ role: 'user', content: 'Where is my order?' }] }, tools: tools(ran) });
    expect(result.steps[0]!.toolRuns.map((run) => run.status)).toEqual(['invalid_arguments', 'invalid_arguments']);
    expect(ran).toEqual([]);
    const toModel = JSON.stringify(server.requests[1]!.body);
    expect(toModel).toContain('orderId');
    expect(toModel).toContain('Expected a customer id starting with c-');
  });
});

describe('validateToolInput with either major', () => {
  it('validates synchronously and asynchronously refined schemas, naming the path', async () => {
    const [lookupOrder, pastTickets] = tools([]);
    expect(await validateToolInput(lookupOrder!, { orderId: '54321', carrier: 'UPS' })).toEqual({ ok: true, value: { orderId: '54321', carrier: 'UPS' } });
    const badCarrier = await validateToolInput(lookupOrder!, { orderId: '54321', carrier: 'DHL' });
    expect(badCarrier.ok).toBe(false);
    expect(!badCarrier.ok && badCarrier.issues[0]).toMatch(/^carrier: /);
    expect(await validateToolInput(pastTickets!, { customerId: 'c-jane', limit: 3 })).toEqual({ ok: true, value: { customerId: 'c-jane', limit: 3 } });
    expect(await validateToolInput(pastTickets!, { customerId: 'jane' })).toEqual({ ok: false, issues: ['customerId: Expected a customer id starting with c-'] });
  });
});
