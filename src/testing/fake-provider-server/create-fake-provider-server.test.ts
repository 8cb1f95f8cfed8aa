import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeProviderServer, fake } from './index.js';

const server = await createFakeProviderServer();
afterAll(() => server.close());
beforeEach(() => server.reset());

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-secret-key-000000000000', ...headers },
    body: JSON.stringify(body),
  });
}

interface Completion {
  readonly choices: readonly { readonly message: { readonly content: string } }[];
}

const contentOf = async (response: Response): Promise<string> => ((await response.json()) as Completion).choices[0]!.message.content;

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi there' }] };

describe('createFakeProviderServer wire formats', () => {
  it('answers OpenAI chat completions as JSON with a request id', async () => {
    server.enqueue(fake.reply('Hello!', { usage: { inputTokens: 5, outputTokens: 2 } }));
    const response = await post('/v1/chat/completions', chat);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe(server.requests[0]!.requestId);
    const body = await response.json();
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    });
    expect((body as { id: string }).id).toMatch(/^chatcmpl-/);
  });

  it('streams OpenAI SSE: data frames, finish chunk, usage chunk, data: [DONE]', async () => {
    server.enqueue(fake.reply('', { chunks: ['Hel', 'lo'], usage: { inputTokens: 5, outputTokens: 2 } }));
    const response = await post('/v1/chat/completions', { ...chat, stream: true, stream_options: { include_usage: true } });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await response.text();
    const frames = text.split('\n\n').filter(Boolean);
    expect(frames.every((frame) => frame.startsWith('data: '))).toBe(true);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame.slice(6)));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? null)).toEqual(['', 'Hel', 'lo', null, null]);
    expect(chunks[3].choices[0].finish_reason).toBe('stop');
    expect(chunks[4]).toMatchObject({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } });
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
  });

  it('answers Anthropic messages as JSON and streams its named events in order', async () => {
    server.enqueue(fake.reply('Hi!'), fake.reply('', { chunks: ['Hi', '!'] }));
    const json = await (await post('/v1/messages', { model: 'claude-3-haiku-20240307', max_tokens: 10, messages: chat.messages })).json();
    expect(json).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Hi!' }], stop_reason: 'end_turn' });
    expect((json as { id: string }).id).toMatch(/^msg_01/);

    const response = await post('/v1/messages', { model: 'claude-3-haiku-20240307', max_tokens: 10, messages: chat.messages, stream: true });
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const text = await response.text();
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
    expect(events).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(text).toContain('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n');
    expect(text).toContain('event: ping\ndata: {"type": "ping"}\n\n');
  });

  it('renders Anthropic errors as {type:"error",error:{type,message}} and `event: error` mid-stream', async () => {
    server.enqueue(fake.fault('overloaded'), fake.streamError('overloaded', { text: 'Hi' }));
    const response = await post('/v1/messages', { model: 'claude-3-haiku-20240307', max_tokens: 10, messages: chat.messages });
    expect(response.status).toBe(529);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    const stream = await (await post('/v1/messages', { model: 'x', max_tokens: 10, messages: chat.messages, stream: true })).text();
    expect(stream).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"overloaded_error","message":"Overloaded"\}\}\n\n$/);
    expect(stream).not.toContain('message_stop');
  });

  it('serves the Hugging Face router and endpoint shapes, with Hugging Face error bodies', async () => {
    server.enqueue(fake.reply('From HF'), fake.fault('model_loading', { estimatedTimeSeconds: 12.5 }));
    const ok = await post('/huggingface/v1/chat/completions', { ...chat, model: 'mistralai/Mistral-7B-Instruct-v0.2' });
    expect(await contentOf(ok)).toBe('From HF');
    const loading = await post('/huggingface/endpoints/x/v1/chat/completions', { ...chat, model: 'mistralai/Mistral-7B-Instruct-v0.2' });
    expect(loading.status).toBe(503);
    expect(await loading.json()).toEqual({ error: 'Model mistralai/Mistral-7B-Instruct-v0.2 is currently loading', estimated_time: 12.5 });
    expect(server.requests.map((request) => request.vendor)).toEqual(['huggingface', 'huggingface']);
  });

  it.each([
    ['error', { error: 'Internal Server Error' }],
    ['error_object', { error: { message: 'Internal Server Error', type: 'invalid_request_error', code: null } }],
    ['message', { message: 'Internal Server Error' }],
    ['detail', { detail: 'Internal Server Error' }],
  ] as const)('renders the Hugging Face %s body shape', async (shape, expected) => {
    server.enqueue(fake.fault('server', { huggingfaceShape: shape }));
    expect(await (await post('/huggingface/v1/chat/completions', chat)).json()).toEqual(expected);
  });

  it('renders OpenAI rate limits with retry hints and reset durations', async () => {
    server.enqueue(fake.fault('rate_limited', { retryAfterSeconds: 2, resetTokens: '6m0s' }));
    const response = await post('/v1/chat/completions', chat);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('x-ratelimit-reset-tokens')).toBe('6m0s');
    expect(response.headers.get('x-ratelimit-remaining-tokens')).toBe('0');
    expect(await response.json()).toMatchObject({ error: { type: 'requests', code: 'rate_limit_exceeded', param: null } });
  });

  it('sends any status, headers and body as given', async () => {
    server.enqueue(fake.http(418, 'short and stout', { 'x-teapot': 'yes' }));
    const response = await post('/v1/chat/completions', chat);
    expect(response.status).toBe(418);
    expect(response.headers.get('x-teapot')).toBe('yes');
    expect(await response.text()).toBe('short and stout');
  });

  it('answers unknown routes with 404 and records them', async () => {
    const response = await post('/v2/unknown', {});
    expect(response.status).toBe(404);
    expect(server.requests[0]!.vendor).toBe('unknown');
  });
});

describe('createFakeProviderServer scripting and recording', () => {
  it('uses the queue first, then the script, then the default reply', async () => {
    server.enqueue(fake.reply('queued'));
    server.script((request) => (request.model === 'scripted' ? fake.reply(`for ${request.vendor}`) : undefined));
    const texts = [];
    for (const model of ['gpt-4o-mini', 'scripted', 'other']) {
      texts.push(await contentOf(await post('/v1/chat/completions', { ...chat, model })));
    }
    expect(texts).toEqual(['queued', 'for openai', 'Hello from the fake provider.']);
    expect(server.queued).toBe(0);
  });

  it('records method, path, parsed body and headers with credentials redacted', async () => {
    await post('/v1/chat/completions', chat);
    await post('/v1/messages', { model: 'claude', max_tokens: 1, messages: [] }, { authorization: '', 'x-api-key': 'sk-ant-secret-0000000000' });
    const [openai, anthropic] = server.requests;
    expect(openai).toMatchObject({ index: 0, method: 'POST', path: '/v1/chat/completions', body: chat, stream: false, model: 'gpt-4o-mini' });
    expect(openai!.headers.authorization).toBe('Bearer [REDACTED]');
    expect(anthropic!.headers['x-api-key']).toBe('[REDACTED]');
    expect(JSON.stringify(server.requests)).not.toMatch(/sk-secret|sk-ant-secret/);
    expect(await openai!.settled).toBe('completed');
  });

  it('answers 401 in the vendor format when an apiKey is required and missing or wrong', async () => {
    const locked = await createFakeProviderServer({ apiKey: 'sk-right' });
    try {
      const wrong = await fetch(`${locked.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'sk-wrong' }, body: '{}' });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
      const right = await fetch(`${locked.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-right' }, body: '{}' });
      expect(right.status).toBe(200);
    } finally {
      await locked.close();
    }
  });

  it('enforces tokens per minute with OpenAI and Anthropic rate-limit headers', async () => {
    let now = Date.parse('2026-11-21T12:00:00Z');
    const limited = await createFakeProviderServer({ rateLimits: { tokensPerMinute: 100 }, now: () => now });
    try {
      const big = { model: 'gpt-4o-mini', max_tokens: 60, messages: [{ role: 'user', content: 'x'.repeat(40) }] };
      expect((await fetch(`${limited.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(big) })).status).toBe(200);
      now += 15_000;
      const refused = await fetch(`${limited.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(big) });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('45');
      expect(refused.headers.get('x-ratelimit-reset-tokens')).toBe('45s');
      expect(refused.headers.get('x-ratelimit-limit-tokens')).toBe('100');
      const anthropic = await fetch(`${limited.url}/v1/messages`, { method: 'POST', body: JSON.stringify(big) });
      expect(anthropic.status).toBe(429);
      expect(anthropic.headers.get('anthropic-ratelimit-tokens-reset')).toBe('2026-11-21T12:01:00Z');
      expect(await anthropic.json()).toMatchObject({ error: { type: 'rate_limit_error' } });
      now += 45_000;
      expect((await fetch(`${limited.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(big) })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('close() destroys stalled connections, so a waiting client sees the connection drop', async () => {
    const closing = await createFakeProviderServer();
    closing.enqueue(fake.stall());
    const pending = fetch(`${closing.openaiBaseURL}/chat/completions`, { method: 'POST', body: JSON.stringify(chat) }).then(
      () => 'answered',
      () => 'dropped',
    );
    while (closing.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(closing.openConnections).toBe(1);
    await closing.close();
    expect(await pending).toBe('dropped');
    expect(closing.openConnections).toBe(0);
  });

  it('replays a recorded compatible-server error exactly: status, headers, body', async () => {
    server.enqueue(fake.recorded('groq-rate-limited'), fake.recorded('ollama-context-length-llamacpp'));
    const groq = await post('/v1/chat/completions', chat);
    expect(groq.status).toBe(429);
    expect(groq.headers.get('retry-after')).toBe('10');
    expect(await groq.json()).toMatchObject({ error: { type: 'tokens', code: 'rate_limit_exceeded' } });
    const ollama = await post('/v1/chat/completions', chat);
    const body = (await ollama.json()) as { error: string };
    expect(ollama.status).toBe(400);
    expect(JSON.parse(body.error)).toMatchObject({ error: { type: 'exceed_context_size_error', n_ctx: 512 } });
    expect(fake.recordedNames).toContain('azure-content-filter');
  });

  it('echoes the presented key in each vendor’s 401 when asked (echoKey)', async () => {
    const key = 'zz9-plural-z-alpha';
    server.enqueue(fake.fault('auth', { echoKey: true }), fake.fault('auth', { echoKey: true }), fake.fault('auth', { echoKey: true }));
    const openai = await post('/v1/chat/completions', chat, { authorization: `Bearer ${key}` });
    expect(openai.status).toBe(401);
    expect(await openai.text()).toContain(`Incorrect API key provided: ${key}`);
    const anthropic = await post('/v1/messages', { ...chat, max_tokens: 10 }, { authorization: '', 'x-api-key': key });
    expect(await anthropic.text()).toContain(key);
    const huggingface = await post('/huggingface/v1/chat/completions', chat, { authorization: `Bearer ${key}` });
    expect(await huggingface.text()).toContain(key);
    expect(server.requests.map((request) => request.vendor)).toEqual(['openai', 'anthropic', 'huggingface']);
  });
});

describe('createFakeProviderServer tool calls', () => {
  it('renders an OpenAI tool call as message.tool_calls with finish_reason tool_calls', async () => {
    server.enqueue(fake.toolCalls([{ id: 'call_abc', name: 'lookup_order', arguments: { orderId: '54321' } }]));
    const body = (await (await post('/v1/chat/completions', chat)).json()) as { choices: { message: unknown; finish_reason: string }[] };
    expect(body.choices[0]).toMatchObject({
      message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc', type: 'function', function: { name: 'lookup_order', arguments: '{"orderId":"54321"}' } }] },
      finish_reason: 'tool_calls',
    });
  });

  it('streams an Anthropic tool call as a tool_use block with input_json_delta pieces and stop_reason tool_use', async () => {
    server.enqueue(fake.toolCalls([{ id: 'toolu_01x', name: 'lookup_order', arguments: { orderId: '54321' }, argumentChunks: ['{"orderId":', '"54321"}'] }]));
    const text = await (await post('/v1/messages', { model: 'claude-3-haiku-20240307', max_tokens: 10, messages: chat.messages, stream: true })).text();
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
    expect(events).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(text).toContain('"content_block":{"type":"tool_use","id":"toolu_01x","name":"lookup_order","input":{}}');
    expect(text).toContain('"delta":{"type":"input_json_delta","partial_json":"{\\"orderId\\":"}');
    expect(text).toContain('"stop_reason":"tool_use"');
  });

  it('refuses an Anthropic history whose tool_use has no tool_result right after, with Anthropic\'s 400', async () => {
    const messages = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup_order', input: {} }] },
      { role: 'user', content: 'Still there?' },
    ];
    const response = await post('/v1/messages', { model: 'claude-3-haiku-20240307', max_tokens: 10, messages });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('`tool_use` ids were found without `tool_result` blocks immediately after: toolu_1') } });
  });

  it('refuses a Hugging Face router history with call ids its Mistral backends reject', async () => {
    const messages = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_too_long_for_mistral', type: 'function', function: { name: 'x', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_too_long_for_mistral', content: '{}' },
    ];
    const response = await post('/huggingface/v1/chat/completions', { model: 'mistralai/Mistral-7B-Instruct-v0.3', messages });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('must be a-z, A-Z, 0-9, with a length of 9');
  });
});
