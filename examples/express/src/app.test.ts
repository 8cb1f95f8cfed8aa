import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createAnthropicProvider } from 'crmkit/providers/anthropic';
import { createOpenAIProvider } from 'crmkit/providers/openai';
import { createFakeProviderServer, fake, type FakeProviderServer } from 'crmkit/testing';
import type { BudgetLimits } from 'crmkit';
import { createApp } from './app.js';
import { createWiring, type Wiring } from './wiring.js';

// Response bodies are read loosely: the assertions below are the type check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const headers = { 'content-type': 'application/json', 'x-tenant-id': 'demo', 'x-user-id': 'agent-1' };

interface Running {
  readonly url: string;
  readonly wiring: Wiring;
  close(): Promise<void>;
}

async function start(fakeServer: FakeProviderServer, options: { limits?: BudgetLimits; env?: NodeJS.ProcessEnv } = {}): Promise<Running> {
  const wiring = await createWiring({
    env: options.env ?? {},
    providers: [
      createAnthropicProvider({ apiKey: 'test', baseURL: fakeServer.anthropicBaseURL }),
      createOpenAIProvider({ apiKey: 'test', baseURL: fakeServer.openaiBaseURL }),
    ],
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const server: Server = createApp({ assistant: wiring.assistant, log: () => {} }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    wiring,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await wiring.close();
    },
  };
}

async function call(base: string, method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = headers): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`${base}${path}`, { method, headers: extraHeaders, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Server-Sent Events and other text stay text.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

function parseEvents(text: string): { event: string; data: Json }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
      return { event, data };
    });
}

describe('Express example over real HTTP', () => {
  let fakeServer: FakeProviderServer;
  let app: Running;

  before(async () => {
    fakeServer = await createFakeProviderServer({ defaultReply: 'Happy to help: your order ships today.' });
    app = await start(fakeServer);
  });
  after(async () => {
    await app.close();
    await fakeServer.close();
  });

  it('refuses a request without the identity headers', async () => {
    const response = await call(app.url, 'GET', '/api/tickets', undefined, {});
    assert.equal(response.status, 401);
    assert.match(response.body.error.message, /x-tenant-id/);
  });

  it('ranks the inbox with the VIP at churn risk first (seed 004)', async () => {
    const response = await call(app.url, 'GET', '/api/tickets');
    assert.equal(response.status, 200);
    assert.equal(response.body.tickets[0].id, 'T-1001');
    const scores = response.body.tickets.map((ticket: { smart_score: number }) => ticket.smart_score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
    assert.equal(response.body.pagination.page, 1);
  });

  it('boosts topic-alert matches and explains the score', async () => {
    const ranked = await call(app.url, 'GET', '/api/tickets?topic_alerts=chargeback');
    assert.deepEqual(ranked.body.topic_alerts_active, ['chargeback']);
    assert.ok(ranked.body.matches >= 1);
    const breakdown = await call(app.url, 'GET', '/api/tickets/T-1003/score-breakdown?topic_alerts=chargeback');
    assert.equal(breakdown.status, 200);
    assert.equal(breakdown.body.components.topic_alert, 5);
    assert.equal((await call(app.url, 'GET', '/api/tickets/T-9999/score-breakdown')).status, 404);
  });

  it('answers the follow-up question with the 13 member ids due today (seed 000)', async () => {
    const response = await call(app.url, 'POST', '/api/ai-crm/chat', { query: 'What are member IDs I need to follow up today?', filter: 'today' });
    assert.equal(response.status, 200);
    assert.equal(response.body.count, 13);
    assert.equal(response.body.member_ids.length, 13);
    assert.equal(response.body.connected, true);
  });

  it('answers from the rules with connected: false when every provider is down', async () => {
    fakeServer.script(() => fake.fault('overloaded'));
    try {
      const response = await call(app.url, 'POST', '/api/ai-crm/chat', { query: 'Who needs a follow-up today?', filter: 'today' });
      assert.equal(response.status, 200);
      assert.equal(response.body.connected, false);
      assert.equal(response.body.count, 13);
    } finally {
      fakeServer.script(undefined);
    }
  });

  it('names every invalid field in a 400', async () => {
    const response = await call(app.url, 'POST', '/api/ai-crm/chat', { filter: 'tomorrow' });
    assert.equal(response.status, 400);
    const paths = response.body.error.issues.map((issue: { path: string }) => issue.path);
    assert.deepEqual(paths.sort(), ['filter', 'query']);
    const malformed = await call(app.url, 'POST', '/api/v1/ai/chat', '{"message":');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'invalid_body');
  });

  it('runs a chat session: send, continue, history, my sessions, feedback, escalate (seeds 001, 003)', async () => {
    const first = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Where is my order #54321?', context: { currentPage: 'orders' } });
    assert.equal(first.status, 200);
    assert.ok(first.body.session_id);
    assert.equal(first.body.role, 'assistant');
    assert.ok(first.body.message.length > 0);
    const second = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Thanks. Can you expedite it?', session_id: first.body.session_id });
    assert.equal(second.body.session_id, first.body.session_id);

    const history = await call(app.url, 'GET', `/api/v1/ai/sessions/${first.body.session_id}/history`);
    assert.equal(history.status, 200);
    assert.equal(history.body.messages.length, 4);

    const chatbot = await call(app.url, 'GET', `/api/chatbot/session/${first.body.session_id}/`);
    assert.deepEqual(chatbot.body.messages.map((message: { sender: string }) => message.sender), ['visitor', 'bot', 'visitor', 'bot']);

    const mine = await call(app.url, 'GET', '/api/v1/ai/sessions/my?limit=5');
    assert.ok(mine.body.sessions.some((session: { id: string }) => session.id === first.body.session_id));

    assert.equal((await call(app.url, 'POST', `/api/v1/ai/sessions/${first.body.session_id}/feedback`, { rating: 5, feedback: 'Very helpful!' })).status, 200);
    const badRating = await call(app.url, 'POST', `/api/v1/ai/sessions/${first.body.session_id}/feedback`, { rating: 9 });
    assert.equal(badRating.status, 400);
    assert.equal(badRating.body.error.issues[0].path, 'rating');

    const escalated = await call(app.url, 'POST', `/api/v1/ai/sessions/${first.body.session_id}/escalate`, { reason: 'Complex billing issue' });
    assert.equal(escalated.status, 200);
    assert.equal(escalated.body.status, 'escalated');
    assert.equal(escalated.body.escalation_reason, 'Complex billing issue');
    assert.deepEqual(escalated.body.handoff_summary.references.orders, ['#54321']);
    assert.equal(typeof escalated.body.handoff_summary.text, 'string');
    // The seed 001 widget's transcript shows visitor and bot turns only, not the stored handoff note.
    const after = await call(app.url, 'GET', `/api/chatbot/session/${first.body.session_id}/`);
    assert.deepEqual(after.body.messages.map((message: { sender: string }) => message.sender), ['visitor', 'bot', 'visitor', 'bot']);
  });

  it('speaks one naming convention: every field of every JSON response is snake_case', async () => {
    const chat = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Where is order #54321?', context: { currentPage: 'orders' } });
    const sessionId = chat.body.session_id;
    await call(app.url, 'POST', '/api/v1/ai/prompts', { name: 'greeting', template: 'You are {{agent_name}}.', variables: ['agent_name'] });
    const responses = await Promise.all([
      Promise.resolve(chat),
      call(app.url, 'POST', '/api/v1/ai/sessions', { session_type: 'analytics', context: { userRole: 'admin' } }),
      call(app.url, 'GET', `/api/v1/ai/sessions/${sessionId}/history`),
      call(app.url, 'GET', '/api/v1/ai/sessions/my'),
      call(app.url, 'POST', `/api/v1/ai/sessions/${sessionId}/feedback`, { rating: 4 }),
      call(app.url, 'POST', '/api/v1/ai/analyze', { message: 'Refund order #54321 now' }),
      call(app.url, 'POST', '/api/v1/ai/classify', { message: 'Refund please' }),
      call(app.url, 'GET', '/api/v1/ai/prompts'),
      call(app.url, 'GET', '/api/v1/ai/usage/agent-1'),
      call(app.url, 'GET', '/api/tickets'),
      call(app.url, 'GET', '/api/tickets/T-1001/score-breakdown'),
      call(app.url, 'GET', '/api/ai/tickets/T-1001/draft-response'),
      call(app.url, 'POST', '/api/ai-crm/chat', { query: 'Who is due today?', filter: '' }),
      call(app.url, 'POST', '/api/chatbot/ask/', { message: 'Hi' }),
    ]);
    responses.push(await call(app.url, 'POST', `/api/v1/ai/sessions/${sessionId}/escalate`, { reason: 'Needs a person' }));
    // Keys the host or the customer wrote (context, visitor_info, metadata) are data, not field names.
    const camel: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (Array.isArray(value)) return value.forEach((item, index) => walk(item, `${path}[${index}]`));
      if (typeof value !== 'object' || value === null) return;
      for (const [key, inner] of Object.entries(value)) {
        if (/[A-Z]/.test(key)) camel.push(`${path}.${key}`);
        if (!['context', 'visitor_info', 'metadata', 'components', 'weights', 'sources'].includes(key)) walk(inner, `${path}.${key}`);
      }
    };
    responses.forEach((response, index) => {
      assert.equal(response.status < 300, true, `response ${index}: ${response.status} ${JSON.stringify(response.body)}`);
      walk(response.body, `#${index}`);
    });
    assert.deepEqual(camel, []);
  });

  it("passes seed 002's per-request settings to the model and rejects bad ones by name", async () => {
    fakeServer.reset();
    const sent = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Hello', preferred_provider: 'OpenAI', temperature: 0.2, max_tokens: 300, top_p: 0.95, include_history: false });
    assert.equal(sent.status, 200);
    assert.equal(sent.body.provider, 'openai');
    assert.equal(fakeServer.requests[0]!.vendor, 'openai');
    const body = fakeServer.requests[0]!.body as Json;
    assert.equal(body.temperature, 0.2);
    assert.equal(body.top_p, 0.95);
    assert.equal(body.max_completion_tokens, 300);
    const bad = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Hello', temperature: 5 });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.issues.map((issue: { path: string }) => issue.path), ['temperature']);
    const unknown = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Hello', preferred_provider: 'gemini' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.issues[0].path, 'preferred_provider');
  });

  it('imports seed 002\'s "E-commerce Support" prompt under a safe key', async () => {
    const saved = await call(app.url, 'POST', '/api/v1/ai/prompts', { name: 'E-commerce Support', template: 'You are {{agent_name}}.', variables: ['agent_name'] });
    assert.equal(saved.status, 201);
    assert.equal(saved.body.name, 'e-commerce-support');
  });

  it('opens an empty session (seed 003) and 404s an unknown one', async () => {
    const created = await call(app.url, 'POST', '/api/v1/ai/sessions', { session_type: 'admin_assistant', context: { department: 'network_ops' } });
    assert.equal(created.status, 201);
    assert.equal(created.body.session_type, 'admin_assistant');
    assert.deepEqual(created.body.context, { department: 'network_ops' });
    const unknown = await call(app.url, 'GET', '/api/v1/ai/sessions/6f1c1f7e-8a55-4c1e-9a43-0b7c8d1e2f30/history');
    assert.equal(unknown.status, 404);
  });

  it('serves the seed 001 chatbot endpoint', async () => {
    const response = await call(app.url, 'POST', '/api/chatbot/ask/', { message: 'What services do you offer?' });
    assert.equal(response.status, 200);
    assert.ok(response.body.session_id);
    assert.equal(typeof response.body.response_time_ms, 'number');
  });

  it('answers the seed 001 chatbot from the Markdown help folder with citations, and declines what it does not cover', async () => {
    fakeServer.enqueue(fake.reply('Returns are free within 30 days of delivery [1].'));
    const answered = await call(app.url, 'POST', '/api/chatbot/ask/', { message: 'How do I return an item?' });
    assert.equal(answered.status, 200);
    assert.equal(answered.body.response, 'Returns are free within 30 days of delivery [1].');
    assert.deepEqual(answered.body.citations, [{ marker: 1, title: 'Returns and refunds', url: 'https://acme.example/help/returns' }]);
    const declined = await call(app.url, 'POST', '/api/chatbot/ask/', { message: 'Do you have a store in Paris?' });
    assert.equal(declined.body.answered, false);
    assert.match(declined.body.response, /couldn't find that in our help center/);
  });

  it('streams a chat reply as Server-Sent Events', async () => {
    fakeServer.enqueue(fake.reply('Your order is on its way.', { chunks: ['Your order ', 'is on ', 'its way.'] }));
    const response = await fetch(`${app.url}/api/v1/ai/chat/stream`, { method: 'POST', headers, body: JSON.stringify({ message: 'Where is my order?' }) });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    const events = parseEvents(await response.text());
    assert.equal(events[0]!.event, 'session');
    const text = events.filter((event) => event.event === 'delta').map((event) => event.data.text).join('');
    assert.equal(text, 'Your order is on its way.');
    assert.equal(events.at(-1)!.event, 'done');
  });

  it('analyzes and classifies messages (seed 002)', async () => {
    const analysis = await call(app.url, 'POST', '/api/v1/ai/analyze', { message: 'I was charged twice, refund me now or I file a chargeback!', analysis_type: ['sentiment', 'intent'] });
    assert.equal(analysis.status, 200);
    assert.ok(['model', 'rules'].includes(analysis.body.source));
    assert.ok(analysis.body.sentiment);
    const classified = await call(app.url, 'POST', '/api/v1/ai/classify', { message: 'Where is my parcel?' });
    assert.equal(classified.status, 200);
    assert.equal(typeof classified.body.intent, 'string');
    assert.equal((await call(app.url, 'POST', '/api/v1/ai/analyze', { message: '' })).status, 400);
  });

  it('saves and lists tenant prompts, and rejects a template that does not match its variables', async () => {
    const saved = await call(app.url, 'POST', '/api/v1/ai/prompts', {
      name: 'ecommerce-support',
      template: 'You are {{agent_name}} from {{company_name}}. Be {{tone}}.',
      variables: ['agent_name', 'company_name', 'tone'],
    });
    assert.equal(saved.status, 201);
    const list = await call(app.url, 'GET', '/api/v1/ai/prompts');
    assert.ok(list.body.prompts.some((prompt: { name: string }) => prompt.name === 'ecommerce-support'));
    const mismatch = await call(app.url, 'POST', '/api/v1/ai/prompts', { name: 'broken', template: 'Hi {{name}}', variables: ['other'] });
    assert.equal(mismatch.status, 400);
  });

  it('reports usage for the caller, and refuses another user’s', async () => {
    const usage = await call(app.url, 'GET', '/api/v1/ai/usage/agent-1');
    assert.equal(usage.status, 200);
    assert.equal((await call(app.url, 'GET', '/api/v1/ai/usage/someone-else')).status, 403);
    assert.equal((await call(app.url, 'GET', '/api/v1/ai/usage/agent-1?from=yesterday')).status, 400);
  });

  it('drafts channel-aware replies (seed 004)', async () => {
    const email = await call(app.url, 'GET', '/api/ai/tickets/T-1001/draft-response');
    assert.equal(email.status, 200);
    assert.equal(email.body.channel, 'email');
    assert.equal(email.body.personalization.applied_vip_treatment, true);
    const sms = await call(app.url, 'GET', '/api/ai/tickets/T-1001/draft-response?channel=sms');
    assert.equal(sms.body.channel, 'sms');
    assert.ok(sms.body.content.length <= 160);
    assert.equal((await call(app.url, 'GET', '/api/ai/tickets/T-1001/draft-response?channel=fax')).status, 400);
    assert.equal((await call(app.url, 'GET', '/api/ai/tickets/T-404/draft-response')).status, 404);
  });
});

describe('budget exhaustion over HTTP', () => {
  let fakeServer: FakeProviderServer;
  before(async () => {
    fakeServer = await createFakeProviderServer();
  });
  after(async () => {
    await fakeServer.close();
  });

  it('answers 429 with a readable message when the session message limit is reached', async () => {
    const app = await start(fakeServer, { limits: { perSession: { messages: 1 } } });
    try {
      const first = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Hello' });
      assert.equal(first.status, 200);
      const second = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Hello again', session_id: first.body.session_id });
      assert.equal(second.status, 429);
      assert.equal(second.body.error.code, 'budget_exceeded');
      assert.match(second.body.error.message, /limit/i);
      assert.doesNotMatch(second.body.error.message, /agent-1|demo/);
    } finally {
      await app.close();
    }
  });

  it('answers 402 when a spend limit would be crossed, before any model is called', async () => {
    const app = await start(fakeServer, { limits: { perUserDaily: { costMicros: 1 } } });
    try {
      const before = fakeServer.requests.length;
      const response = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Hello' });
      assert.equal(response.status, 402);
      assert.equal(response.body.error.code, 'budget_exceeded');
      assert.equal(fakeServer.requests.length, before);
      const streamed = await call(app.url, 'POST', '/api/v1/ai/chat/stream', { message: 'Hello' });
      assert.equal(streamed.status, 402);
    } finally {
      await app.close();
    }
  });
});

describe('AI_CONTENT_FILTER_ENABLED=true (seed 002)', () => {
  it('answers blocked input with the safe reply and never sends it to a provider', async () => {
    const fakeServer = await createFakeProviderServer();
    const app = await start(fakeServer, { env: { AI_CONTENT_FILTER_ENABLED: 'true' } });
    try {
      assert.ok(app.wiring.summary.includes('content filter: on (AI_CONTENT_FILTER_ENABLED)'));
      const blocked = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'I will find you and hurt you' });
      assert.equal(blocked.status, 200);
      assert.deepEqual(blocked.body.content_filtered, { categories: ['threat'] });
      assert.equal(blocked.body.provider, 'content-filter');
      const streamed = await call(app.url, 'POST', '/api/v1/ai/chat/stream', { message: 'I will find you and hurt you' });
      assert.equal(streamed.status, 200);
      assert.equal(fakeServer.requests.length, 0);
      const clean = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Where is my order?' });
      assert.equal(clean.body.content_filtered, null);
      assert.equal(fakeServer.requests.length, 1);
    } finally {
      await app.close();
      await fakeServer.close();
    }
  });
});

const services = process.env.DATABASE_URL || process.env.REDIS_URL ? false : 'set DATABASE_URL and REDIS_URL to test the persistent stores (scripts/ci-extra.sh does)';
describe('with DATABASE_URL / REDIS_URL set', { skip: services }, () => {
  it('keeps sessions in PostgreSQL and budgets in Redis', async () => {
    const fakeServer = await createFakeProviderServer();
    const app = await start(fakeServer, { env: { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL } });
    try {
      assert.ok(app.wiring.summary.some((line) => /PostgreSQL|Redis/.test(line)));
      const sent = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Is this stored?' });
      assert.equal(sent.status, 200);
      const history = await call(app.url, 'GET', `/api/v1/ai/sessions/${sent.body.session_id}/history`);
      assert.equal(history.body.messages.length, 2);
    } finally {
      await app.close();
      await fakeServer.close();
    }
  });
});

describe('use_tools: the model answers from the CRM tools (order lookup, tracking)', () => {
  let fakeServer: FakeProviderServer;
  let app: Running;
  // The customer asking: the CRM tools read this customer's orders only.
  const jane = { ...headers, 'x-user-id': 'c-jane' };

  before(async () => {
    fakeServer = await createFakeProviderServer();
    app = await start(fakeServer);
  });
  after(async () => {
    await app.close();
    await fakeServer.close();
  });

  it('runs lookup_order when the model calls it and lists the tool run in snake_case', async () => {
    fakeServer.reset();
    fakeServer.enqueue(fake.toolCalls([{ name: 'lookup_order', arguments: { orderId: '54321' } }]), fake.reply('Your order #54321 is in transit; tracking shows no updates for 5 days.'));
    const response = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Where is my order #54321?', use_tools: true }, jane);
    assert.equal(response.status, 200);
    assert.equal(response.body.degraded, false);
    assert.equal(response.body.message, 'Your order #54321 is in transit; tracking shows no updates for 5 days.');
    assert.equal(response.body.tool_runs.length, 1);
    const [run] = response.body.tool_runs;
    assert.equal(run.tool_name, 'lookup_order');
    assert.equal(run.status, 'ok');
    assert.equal(run.output.found, true);
    assert.equal(run.output.order.number, '54321');
    assert.equal(run.output.tracking.description, 'No updates for 5 days');
    assert.equal(typeof run.output.tracking.last_update_at, 'string');
    // The model was offered the tools, and its second call carried the tool's result.
    assert.equal(fakeServer.requests.length, 2);
    const offered = (fakeServer.requests[0]!.body as Json).tools.map((tool: { name: string }) => tool.name);
    assert.ok(offered.includes('lookup_order') && offered.includes('track_shipment'));
    assert.match(JSON.stringify(fakeServer.requests[1]!.body), /No updates for 5 days/);
  });

  it('answers from the order tracking through the rule-based path when every provider is down', async () => {
    fakeServer.reset();
    fakeServer.script(() => fake.fault('overloaded'));
    try {
      const response = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Where is my order #54321?', use_tools: true }, jane);
      assert.equal(response.status, 200);
      assert.equal(response.body.degraded, true);
      assert.equal(response.body.provider, 'rules');
      assert.match(response.body.message, /#54321 is in transit/);
      assert.match(response.body.message, /No updates for 5 days/);
      assert.deepEqual(response.body.tool_runs.map((run: { tool_name: string; status: string }) => [run.tool_name, run.status]), [['lookup_order', 'ok']]);
    } finally {
      fakeServer.script(undefined);
    }
  });

  it("reads the customer named in an agent's session context, and never another customer's order", async () => {
    fakeServer.reset();
    fakeServer.script(() => fake.fault('overloaded'));
    try {
      const agent = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Where is my order #54321?', use_tools: true, context: { customerId: 'c-jane' } });
      assert.match(agent.body.message, /No updates for 5 days/);
      const stranger = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Where is my order #54321?', use_tools: true }, { ...headers, 'x-user-id': 'c-someone-else' });
      assert.equal(stranger.status, 200);
      assert.doesNotMatch(stranger.body.message, /No updates for 5 days/);
    } finally {
      fakeServer.script(undefined);
    }
  });

  it('offers no tools without use_tools, and rejects a use_tools that is not a boolean', async () => {
    fakeServer.reset();
    fakeServer.enqueue(fake.reply('Let me check on that for you.'));
    const plain = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Where is my order #54321?' }, jane);
    assert.equal(plain.status, 200);
    assert.equal(plain.body.tool_runs, undefined);
    assert.equal((fakeServer.requests[0]!.body as Json).tools, undefined);
    const bad = await call(app.url, 'POST', '/api/v1/ai/chat', { message: 'Where is my order #54321?', use_tools: 'yes' }, jane);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.issues[0].path, 'use_tools');
  });

  it('streams a tool-backed answer when use_tools is set on the streaming endpoint', async () => {
    fakeServer.reset();
    fakeServer.enqueue(fake.toolCalls([{ name: 'lookup_order', arguments: { orderId: '54321' } }]), fake.reply('In transit, no updates for 5 days.'));
    const response = await call(app.url, 'POST', '/api/v1/ai/chat/stream', { message: 'Where is my order #54321?', use_tools: true }, jane);
    const events = parseEvents(response.body);
    assert.equal(events.map((event) => event.data?.text ?? '').join(''), 'In transit, no updates for 5 days.');
    assert.equal(events.at(-1)!.event, 'done');
    assert.match(JSON.stringify(fakeServer.requests[1]!.body), /No updates for 5 days/);
  });
});
