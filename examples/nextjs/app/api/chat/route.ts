import { z } from 'zod';
import { getAssistant } from '@/lib/assistant';
import { handle, identify } from '@/lib/http';

const chatBody = z.object({
  message: z.string().trim().min(1, 'must not be empty').max(4_000, 'must be at most 4,000 characters'),
  sessionId: z.uuid().nullish(),
});

/**
 * POST /api/chat: the reply streamed as plain UTF-8 text. The session id travels in the
 * `x-session-id` header so the widget can keep it across reloads. Errors found before the first
 * chunk (bad input, budget, unknown session) are JSON with their status; a failure midway ends
 * the stream, and the assistant stores what arrived marked incomplete. A reply grounded in the
 * help center sends its citations (article title and link per `[n]`) as JSON in `x-citations`.
 */
export async function POST(request: Request): Promise<Response> {
  return handle(async () => {
    const { tenantId, userId } = identify(request);
    const input = chatBody.parse(await request.json());
    const { assistant } = await getAssistant();
    const stream = await assistant.stream({
      tenantId,
      userId,
      ...(input.sessionId ? { sessionId: input.sessionId } : {}),
      message: input.message,
      sessionType: 'customer_support',
      signal: request.signal,
    });
    const iterator = stream[Symbol.asyncIterator]();
    // Read the first chunk before answering 200, so early errors keep their status code.
    const first = await iterator.next();
    // A grounded reply is checked before its first chunk, so its citations are known by now.
    const grounded = stream.knowledge ? await stream.knowledge.catch(() => undefined) : undefined;
    const citations = (grounded?.citations ?? []).map(({ marker, title, url }) => ({ marker, title, ...(url ? { url } : {}) }));
    const encoder = new TextEncoder();
    const text = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!first.done) controller.enqueue(encoder.encode(first.value));
      },
      async pull(controller) {
        try {
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          controller.error(error);
        }
      },
      cancel() {
        stream.abort();
      },
    });
    return new Response(text, {
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-session-id': stream.sessionId,
        ...(citations.length > 0 ? { 'x-citations': encodeURIComponent(JSON.stringify(citations)) } : {}),
      },
    });
  });
}
