import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createApproximateTokenCounter } from '../../core/token-counter.js';
import { createAnthropicWireFormat } from './anthropic-wire-format.js';
import { fake } from './fake-response.js';
import type { FakeFault, FakeResponse, FakeVendor } from './fake-response.js';
import { createHuggingFaceWireFormat } from './huggingface-wire-format.js';
import { createOpenAIWireFormat } from './openai-wire-format.js';
import { createRateWindow, formatResetDuration } from './rate-window.js';
import type { FakeRateLimits, RateRefusal, RateWindow } from './rate-window.js';
import { randomId } from './wire-format.js';
import type { ResolvedReply, ResolvedToolCall, WireAnswer, WireFormat } from './wire-format.js';
import { checkToolHistory } from './check-tool-history.js';
import type { FakeToolCall } from './fake-response.js';

/**
 * Options for {@link createFakeProviderServer}.
 *
 * @example
 * ```ts
 * const options: FakeProviderServerOptions = { rateLimits: { requestsPerMinute: 60 }, apiKey: 'sk-test' };
 * ```
 */
export interface FakeProviderServerOptions {
  /** Port on 127.0.0.1. @default 0 (any free port) */
  readonly port?: number;
  /** The answer when nothing is queued and no script answers. @default 'Hello from the fake provider.' */
  readonly defaultReply?: string;
  /** Enforce per-minute limits, answering 429 with the vendor's headers when crossed. @default no limits */
  readonly rateLimits?: FakeRateLimits;
  /** When set, requests without this key (Bearer or `x-api-key`) get the vendor's 401. @default any key is accepted */
  readonly apiKey?: string;
  /** Clock for the rate limits. @default Date.now */
  readonly now?: () => number;
}

/**
 * How one exchange ended.
 *
 * @example
 * ```ts
 * expect(await server.requests[0].settled).toBe('client_closed');
 * ```
 */
export type RequestOutcome = 'pending' | 'completed' | 'client_closed' | 'server_closed';

/**
 * One request the fake server received, for assertions. The API key is never recorded: the
 * `authorization` and `x-api-key` headers read `[REDACTED]`.
 *
 * @example
 * ```ts
 * const [request] = server.requests;
 * expect(request.vendor).toBe('openai');
 * expect(request.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
 * ```
 */
export interface RecordedRequest {
  /** Position in `server.requests`. */
  readonly index: number;
  readonly vendor: FakeVendor | 'unknown';
  readonly method: string;
  readonly path: string;
  /** Lower-cased header names; credentials redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body (or the raw text when it is not JSON). */
  readonly body: unknown;
  /** True when the body asked for a stream. */
  readonly stream: boolean;
  /** The model the body asked for. */
  readonly model: string | undefined;
  /** The request id the fake server answered with. */
  readonly requestId: string;
  /** How the exchange ended so far. */
  readonly outcome: RequestOutcome;
  /** Settles when the exchange ends: `client_closed` proves the client released its socket. */
  readonly settled: Promise<RequestOutcome>;
}

/**
 * Decides the answer to a request when the queue is empty. Return `undefined` for the default reply.
 *
 * @example
 * ```ts
 * const script: FakeScript = (request) => (request.vendor === 'anthropic' ? fake.fault('overloaded') : undefined);
 * ```
 */
export type FakeScript = (request: RecordedRequest) => FakeResponse | undefined | Promise<FakeResponse | undefined>;

/**
 * A running fake provider server. See {@link createFakeProviderServer}.
 *
 * @example
 * ```ts
 * const server = await createFakeProviderServer();
 * server.enqueue(fake.reply('Hi'));
 * await server.close();
 * ```
 */
export interface FakeProviderServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** For the openai SDK / `createOpenAIProvider({ baseURL })`: `<url>/v1`. */
  readonly openaiBaseURL: string;
  /** For the Anthropic SDK / `createAnthropicProvider({ baseURL })`: `<url>`. */
  readonly anthropicBaseURL: string;
  /** The Hugging Face router shape, for `createHuggingFaceProvider({ baseURL })`: `<url>/huggingface/v1`. */
  readonly huggingfaceBaseURL: string;
  /** A dedicated Inference Endpoint shape, for `createHuggingFaceProvider({ endpointUrl })`. */
  readonly huggingfaceEndpointURL: string;
  /** Queues answers, used in order by the next requests (any vendor). */
  enqueue(...responses: FakeResponse[]): void;
  /** Answers requests when the queue is empty; `undefined` removes the script. */
  script(handler: FakeScript | undefined): void;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Queued answers not used yet. */
  readonly queued: number;
  /** Sockets currently open. */
  readonly openConnections: number;
  /** Forgets the queue, the script, the recorded requests and the rate window. */
  reset(): void;
  /** Stops listening and destroys every open socket (stalled streams included). */
  close(): Promise<void>;
}

const counter = createApproximateTokenCounter();

const wireFormats: Readonly<Record<FakeVendor, WireFormat>> = {
  openai: createOpenAIWireFormat(),
  anthropic: createAnthropicWireFormat(),
  huggingface: createHuggingFaceWireFormat(),
};

function vendorOf(method: string, path: string): FakeVendor | 'unknown' {
  if (method !== 'POST') return 'unknown';
  if (path.startsWith('/huggingface/') && path.endsWith('/chat/completions')) return 'huggingface';
  if (path === '/v1/chat/completions') return 'openai';
  if (path === '/v1/messages') return 'anthropic';
  return 'unknown';
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part === 'object' && part && 'text' in part ? String(part.text) : '')).join('');
  return '';
}

function inputTokensOf(body: Record<string, unknown>): number {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const chat = messages.map((message: { role?: unknown; content?: unknown }) => ({
    role: 'user' as const,
    content: textOf(message?.content),
  }));
  if (body.system !== undefined) chat.unshift({ role: 'user', content: textOf(body.system) });
  return counter.countMessages(chat).tokens;
}

function maxTokensOf(body: Record<string, unknown>): number {
  const value = body.max_tokens ?? body.max_completion_tokens;
  return typeof value === 'number' ? value : 0;
}

function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (name === 'authorization') result[name] = text.replace(/^(\w+\s+)?.*$/, (_match, scheme: string | undefined) => `${scheme ?? ''}[REDACTED]`);
    else if (name === 'x-api-key' || name === 'api-key') result[name] = '[REDACTED]';
    else result[name] = text;
  }
  return result;
}

/** A 401 message that repeats the presented key in full, in the vendor's wording. */
function keyEchoMessage(vendor: FakeVendor, key: string): string {
  switch (vendor) {
    case 'openai':
      return `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`;
    case 'anthropic':
      return `invalid x-api-key: ${key}`;
    case 'huggingface':
      return `Invalid credentials in Authorization header: token ${key} is not valid`;
  }
}

function presentedKey(headers: IncomingMessage['headers']): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string') return apiKey;
  const authorization = headers.authorization;
  return typeof authorization === 'string' ? authorization.replace(/^Bearer\s+/i, '') : undefined;
}

function rateLimitFault(vendor: FakeVendor, refusal: RateRefusal, window: RateWindow, now: number): FakeFault {
  const retryAfterSeconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
  if (vendor === 'openai') {
    return fake.fault('rate_limited', {
      retryAfterSeconds,
      headers: {
        'x-ratelimit-limit-requests': String(window.limits.requestsPerMinute ?? 0),
        'x-ratelimit-limit-tokens': String(window.limits.tokensPerMinute ?? 0),
        'x-ratelimit-remaining-requests': String(refusal.remainingRequests),
        'x-ratelimit-remaining-tokens': String(refusal.remainingTokens),
        'x-ratelimit-reset-requests': formatResetDuration(refusal.resetRequestsMs),
        'x-ratelimit-reset-tokens': formatResetDuration(refusal.resetTokensMs),
      },
    });
  }
  if (vendor === 'anthropic') {
    const at = (ms: number): string => new Date(now + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return fake.fault('rate_limited', {
      retryAfterSeconds,
      headers: {
        'anthropic-ratelimit-requests-limit': String(window.limits.requestsPerMinute ?? 0),
        'anthropic-ratelimit-requests-remaining': String(refusal.remainingRequests),
        'anthropic-ratelimit-requests-reset': at(refusal.resetRequestsMs),
        'anthropic-ratelimit-tokens-limit': String(window.limits.tokensPerMinute ?? 0),
        'anthropic-ratelimit-tokens-remaining': String(refusal.remainingTokens),
        'anthropic-ratelimit-tokens-reset': at(refusal.resetTokensMs),
      },
    });
  }
  return fake.fault('rate_limited', { retryAfterSeconds });
}

/**
 * Starts a loopback HTTP server that speaks the OpenAI chat-completions, Anthropic messages and
 * Hugging Face router / Inference Endpoint wire formats, JSON and SSE, byte for byte as each
 * vendor does. Point the real SDKs (or crmkit's providers) at it to test success, streaming,
 * every vendor error, mid-stream errors, truncation, stalls and rate limits, without a network.
 *
 * Routes: `POST /v1/chat/completions` (OpenAI), `POST /v1/messages` (Anthropic),
 * `POST /huggingface/…/chat/completions` (Hugging Face, router and endpoint shapes).
 * Each request gets the next queued answer, else the script's, else the default reply.
 *
 * @example
 * ```ts
 * import { createOpenAIProvider } from 'crmkit/providers/openai';
 * import { createFakeProviderServer, fake } from 'crmkit/testing';
 *
 * const server = await createFakeProviderServer();
 * const openai = createOpenAIProvider({ apiKey: 'sk-test', baseURL: server.openaiBaseURL });
 *
 * server.enqueue(fake.fault('rate_limited', { retryAfterSeconds: 2 }), fake.reply('Your order ships today.'));
 * await openai.generate({ messages: [{ role: 'user', content: 'Where is my order?' }] }).catch((error) => error.kind); // 'rate_limited'
 * (await openai.generate({ messages: [{ role: 'user', content: 'Where is my order?' }] })).text; // 'Your order ships today.'
 *
 * expect(server.requests).toHaveLength(2);
 * await server.close();
 * ```
 */
export async function createFakeProviderServer(options: FakeProviderServerOptions = {}): Promise<FakeProviderServer> {
  const now = options.now ?? Date.now;
  const defaultReply = options.defaultReply ?? 'Hello from the fake provider.';
  const queue: FakeResponse[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let handler: FakeScript | undefined;
  let window = options.rateLimits ? createRateWindow(options.rateLimits, now) : undefined;

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function readBody(request: IncomingMessage): Promise<string> {
    const parts: Buffer[] = [];
    for await (const part of request) parts.push(part as Buffer);
    return Buffer.concat(parts).toString('utf8');
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    let body: unknown = raw;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
    } catch {
      // Keep the raw text: a test may be checking exactly that the client sent garbage.
    }
    const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const vendor = vendorOf(method, path);
    let outcome: RequestOutcome = 'pending';
    let serverClosed = false;
    let settle: (value: RequestOutcome) => void = () => undefined;
    const settled = new Promise<RequestOutcome>((resolve) => {
      settle = resolve;
    });
    const format = vendor === 'unknown' ? undefined : wireFormats[vendor];
    const requestId = format?.newRequestId() ?? randomId('req_', 16);
    const recorded: RecordedRequest = {
      index: requests.length,
      vendor,
      method,
      path,
      headers: redactHeaders(request.headers),
      body,
      stream: record.stream === true,
      model: typeof record.model === 'string' ? record.model : undefined,
      requestId,
      get outcome() {
        return outcome;
      },
      settled,
    };
    requests.push(recorded);
    response.on('close', () => {
      outcome = serverClosed ? 'server_closed' : response.writableFinished ? 'completed' : 'client_closed';
      settle(outcome);
    });

    if (!format) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `The fake provider server has no route for ${method} ${path}`, type: 'invalid_request_error' } }));
      return;
    }

    const model = recorded.model ?? 'fake-model';
    let answer: FakeResponse | undefined;
    if (options.apiKey !== undefined && presentedKey(request.headers) !== options.apiKey) {
      answer = fake.fault('auth');
    } else if (window) {
      const refusal = window.admit(inputTokensOf(record) + maxTokensOf(record));
      if (refusal) answer = rateLimitFault(format.vendor, refusal, window, now());
    }
    answer ??= queue.shift() ?? (await handler?.(recorded)) ?? fake.reply(defaultReply);
    // A history the vendor would refuse (unpaired or badly named tool calls) gets the vendor's 400.
    const historyProblem = checkToolHistory(format.vendor, record);
    if (historyProblem !== undefined) answer = fake.fault('invalid_request', { message: historyProblem });
    if ((answer.type === 'fault' || answer.type === 'stream_error') && answer.fault === 'auth' && answer.echoKey === true) {
      answer = { ...answer, message: keyEchoMessage(format.vendor, presentedKey(request.headers) ?? '') };
    }

    const closed = (): boolean => response.destroyed || response.writableEnded;
    const wait = (ms: number | undefined): Promise<void> =>
      !ms || ms <= 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            const timer = setTimeout(done, ms);
            function done(): void {
              clearTimeout(timer);
              response.off('close', done);
              resolve();
            }
            response.once('close', done);
          });
    const send = (wire: WireAnswer): void => {
      if (closed()) return;
      response.writeHead(wire.status, { ...wire.headers, [format.requestIdHeader]: requestId });
      response.end(wire.body);
    };
    const toolCallId = (): string =>
      format.vendor === 'anthropic' ? randomId('toolu_01', 22) : format.vendor === 'openai' ? randomId('call_', 24) : `chatcmpl-tool-${randomId('', 32).toLowerCase()}`;
    const resolveCalls = (calls: readonly FakeToolCall[] | undefined): ResolvedToolCall[] =>
      (calls ?? []).map((call) => {
        const argumentsText = call.rawArguments ?? JSON.stringify(call.arguments ?? {});
        return { id: call.id ?? toolCallId(), name: call.name, argumentsText, chunks: call.argumentChunks ?? (argumentsText.match(/[\s\S]{1,8}/g) ?? []) };
      });
    const resolved = (text: string | undefined, reply?: Extract<FakeResponse, { type: 'reply' }>, calls?: readonly FakeToolCall[]): ResolvedReply => {
      const content = text ?? '';
      const toolCalls = resolveCalls(calls ?? reply?.toolCalls);
      return {
        id: format.vendor === 'anthropic' ? randomId('msg_01', 22) : randomId('chatcmpl-', 29),
        model: reply?.model ?? model,
        text: content,
        chunks: reply?.chunks ?? content.match(/\s*\S+\s*/g) ?? (content.length > 0 ? [content] : []),
        finishReason: reply?.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
        inputTokens: reply?.usage?.inputTokens ?? inputTokensOf(record),
        outputTokens: reply?.usage?.outputTokens ?? counter.countText(content).tokens,
        created: Math.floor(now() / 1000),
        toolCalls,
      };
    };
    const startStream = (reply: ResolvedReply, extraHeaders: Readonly<Record<string, string>> = {}): void => {
      response.writeHead(200, {
        'content-type': format.streamContentType,
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        [format.requestIdHeader]: requestId,
        ...extraHeaders,
      });
      response.flushHeaders();
      for (const frame of format.streamStart(reply)) response.write(frame);
    };
    const streamText = async (reply: ResolvedReply, delayMs: number | undefined): Promise<void> => {
      for (const [index, piece] of reply.chunks.entries()) {
        if (index > 0) await wait(delayMs);
        if (closed()) return;
        response.write(format.streamDelta(reply, piece));
      }
    };

    switch (answer.type) {
      case 'reply': {
        await wait(answer.latencyMs);
        if (closed()) return;
        const reply = resolved(answer.text ?? (answer.toolCalls && answer.toolCalls.length > 0 ? '' : defaultReply), answer);
        if (!recorded.stream) {
          const wire = format.json(reply);
          send({ ...wire, headers: { ...wire.headers, ...answer.headers } });
          return;
        }
        startStream(reply, answer.headers);
        await streamText(reply, answer.chunkDelayMs);
        if (closed()) return;
        for (const frame of format.streamToolCalls(reply)) response.write(frame);
        for (const frame of format.streamEnd(reply)) response.write(frame);
        response.end();
        return;
      }
      case 'fault':
        await wait(answer.latencyMs);
        send(format.fault(answer, { model, requestId }));
        return;
      case 'http': {
        await wait(answer.latencyMs);
        const payload = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        const contentType = typeof answer.body === 'string' || answer.body === undefined ? 'text/plain; charset=utf-8' : 'application/json';
        send({ status: answer.status, headers: { 'content-type': contentType, ...answer.headers }, body: payload });
        return;
      }
      case 'stream_error': {
        await wait(answer.latencyMs);
        if (closed()) return;
        if (!recorded.stream) {
          send(format.fault({ ...answer, type: 'fault' }, { model, requestId }));
          return;
        }
        const reply = resolved(answer.text, undefined, answer.toolCalls);
        startStream(reply);
        await streamText(reply, 0);
        if (closed()) return;
        for (const frame of format.streamToolCalls(reply)) response.write(frame);
        response.write(format.streamError({ ...answer, type: 'fault' }, { model, requestId }));
        response.end();
        return;
      }
      case 'truncate': {
        const reply = resolved(answer.text ?? 'This answer is cut');
        if (!recorded.stream) {
          const wire = format.json(reply);
          response.writeHead(200, { ...wire.headers, [format.requestIdHeader]: requestId });
          response.write(wire.body.slice(0, Math.floor(wire.body.length / 2)));
        } else {
          startStream(reply);
          await streamText(reply, 0);
        }
        if (closed()) return;
        if (answer.mode === 'destroy') {
          serverClosed = true;
          response.destroy();
        } else {
          response.end();
        }
        return;
      }
      case 'stall':
        if (recorded.stream) {
          const reply = resolved(answer.text);
          startStream(reply);
          await streamText(reply, 0);
        } else if (answer.text !== undefined) {
          // Headers and the first half of the body, then nothing: a stall after the response began.
          const wire = format.json(resolved(answer.text));
          response.writeHead(200, { ...wire.headers, [format.requestIdHeader]: requestId });
          response.write(wire.body.slice(0, Math.floor(wire.body.length / 2)));
        }
        return;
      case 'reset':
        serverClosed = true;
        request.socket.destroy();
        return;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: url,
    huggingfaceBaseURL: `${url}/huggingface/v1`,
    huggingfaceEndpointURL: `${url}/huggingface/endpoints/fake-endpoint`,
    enqueue(...responses) {
      queue.push(...responses);
    },
    script(next) {
      handler = next;
    },
    get requests() {
      return requests;
    },
    get queued() {
      return queue.length;
    },
    get openConnections() {
      return sockets.size;
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
      handler = undefined;
      window = options.rateLimits ? createRateWindow(options.rateLimits, now) : undefined;
    },
    close() {
      closing ??= (async () => {
        const socketsClosed = [...sockets].map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await Promise.all([serverClosed, ...socketsClosed]);
      })();
      return closing;
    },
  };
}
