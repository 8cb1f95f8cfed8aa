import { createUIMessageStream, createUIMessageStreamResponse } from 'ai';
import { z } from 'zod';
import { ProviderError } from 'crmkit';
import { getAssistant } from '@/lib/assistant';
import type { ChatMessage } from '@/lib/chat-message';
import { handle, identify } from '@/lib/http';

const chatBody = z.object({
  message: z.string().trim().min(1, 'must not be empty').max(4_000, 'must be at most 4,000 characters'),
  sessionId: z.uuid().nullish(),
});

/**
 * POST /api/chat: the reply in the AI SDK's UI message stream protocol (server-sent events,
 * `x-vercel-ai-ui-message-stream: v1`), so `useChat` from `@ai-sdk/react` renders it. The body is
 * `{ message, sessionId }`: crmkit keeps the history server-side, so only the new message travels.
 * The stream carries the crmkit session id as a transient `data-session` part (also in the
 * `x-session-id` header), the help-center citations (article title and link per `[n]`) as a
 * `data-citations` part, then the text. Errors found before the first chunk (bad input, budget,
 * unknown session, every provider down) are JSON with their status; a failure midway ends the
 * stream with an `error` part, and the assistant stores what arrived marked incomplete.
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
    const ui = createUIMessageStream<ChatMessage>({
      execute: async ({ writer }) => {
        writer.write({ type: 'start' });
        writer.write({ type: 'data-session', data: { sessionId: stream.sessionId }, transient: true });
        if (citations.length > 0) writer.write({ type: 'data-citations', id: 'citations', data: citations });
        const id = 'reply';
        writer.write({ type: 'text-start', id });
        if (!first.done) writer.write({ type: 'text-delta', id, delta: first.value });
        try {
          for (let next = await iterator.next(); !next.done; next = await iterator.next()) writer.write({ type: 'text-delta', id, delta: next.value });
        } finally {
          // Stops the provider call when the browser went away (a no-op once the reply is complete).
          if (request.signal.aborted) stream.abort();
        }
        writer.write({ type: 'text-end', id });
        writer.write({ type: 'finish', finishReason: 'stop' });
      },
      // The browser sees the same safe message the JSON errors carry; details stay in the server log.
      onError: (error) => (ProviderError.isInstance(error) ? 'The AI service is unavailable; try again shortly.' : 'The reply was interrupted.'),
    });
    return createUIMessageStreamResponse({ stream: ui, headers: { 'x-session-id': stream.sessionId } });
  });
}
