import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { chatbotAskBody } from '../schemas.js';

/** Seed 001: the public site chatbot (anonymous visitor sessions, kept in the browser). */
export function chatbotRoutes({ assistant, identify }: AppContext): Router {
  const router = Router();

  router.post('/api/chatbot/ask/', async (request, response) => {
    const { tenantId, userId } = identify(request);
    const body = chatbotAskBody.parse(request.body);
    const reply = await assistant.send({
      tenantId,
      userId,
      ...(body.session_id ? { sessionId: body.session_id } : {}),
      message: body.message,
      // Seed 001's site chatbot answers from the help center (help/*.md), with citations.
      sessionType: 'company_assistant',
      ...(body.visitor_info ? { visitorInfo: Object.fromEntries(Object.entries(body.visitor_info).filter(([, value]) => value !== undefined)) as Record<string, string> } : {}),
      signal: request.signal,
    });
    response.json({
      session_id: reply.sessionId,
      response: reply.reply,
      message_id: reply.messageId,
      response_time_ms: reply.responseTimeMs,
      degraded: reply.degraded,
      answered: reply.knowledge?.answered ?? true,
      citations: (reply.knowledge?.citations ?? []).map((citation) => ({ marker: citation.marker, title: citation.title, url: citation.url ?? null })),
    });
  });

  router.get('/api/chatbot/session/:id/', async (request, response) => {
    const { tenantId } = identify(request);
    const page = await assistant.history({ tenantId, sessionId: request.params.id, limit: 200, signal: request.signal });
    response.json({
      session_id: request.params.id,
      // Visitor and bot turns: the widget's transcript. Notes crmkit stores (a handoff summary) are for agents.
      messages: page.messages.filter((message) => message.role !== 'system').map((message) => ({
        id: message.id,
        sender: message.role === 'user' ? 'visitor' : 'bot',
        message: message.content,
        created_at: message.createdAt,
        response_time_ms: message.responseTimeMs ?? null,
      })),
    });
  });

  return router;
}
