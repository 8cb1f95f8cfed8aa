import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../app-context.js';
import { aiChatBody, toSendInput } from '../schemas.js';
import { toHttpError } from '../http-error.js';

function sendEvent(response: Response, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * POST /api/v1/ai/chat/stream: the chat reply as Server-Sent Events.
 *
 * Events: `session` `{ session_id }` first, then `delta` `{ text }` per chunk, then `done`
 * `{ message_id?, provider, degraded, usage, cost_micros }`, or `error` `{ code, message }` if the
 * stream fails midway. Errors found before the first chunk (bad input, budget exhausted, unknown
 * session) are ordinary JSON responses with their status, because no header has gone out yet.
 */
export function chatStreamRoutes({ assistant, identify }: AppContext): Router {
  const router = Router();

  router.post('/api/v1/ai/chat/stream', async (request, response) => {
    const stream = await assistant.stream(toSendInput(aiChatBody.parse(request.body), identify(request), request.signal));
    request.signal.addEventListener('abort', () => stream.abort(), { once: true });

    // Wait for the first chunk before committing to a 200: an error here still gets its status.
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();

    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    sendEvent(response, 'session', { session_id: stream.sessionId });
    try {
      if (!first.done) sendEvent(response, 'delta', { text: first.value });
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) sendEvent(response, 'delta', { text: next.value });
      const result = await stream.result;
      sendEvent(response, 'done', {
        provider: result.provider,
        degraded: result.degraded,
        usage: result.usage,
        cost_micros: result.costMicros ?? 0,
      });
    } catch (error) {
      if (!request.signal.aborted) sendEvent(response, 'error', toHttpError(error).body.error);
    }
    response.end();
  });

  return router;
}
