import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { createSessionBody, escalateBody, feedbackBody, historyQuery, mySessionsQuery } from '../schemas.js';
import { escalatedSessionJson, messageJson, sessionJson } from '../wire-format.js';

/** Seed 003: explicit sessions, history, feedback and escalation to a human. */
export function sessionRoutes({ assistant, identify }: AppContext): Router {
  const router = Router();

  router.post('/api/v1/ai/sessions', async (request, response) => {
    const { tenantId, userId } = identify(request);
    const body = createSessionBody.parse(request.body ?? {});
    const session = await assistant.startSession({ tenantId, userId, ...(body.session_type ? { sessionType: body.session_type } : {}), context: body.context ?? {}, signal: request.signal });
    response.status(201).json(sessionJson(session));
  });

  // Declared before /:id routes so "my" is never read as a session id.
  router.get('/api/v1/ai/sessions/my', async (request, response) => {
    const { tenantId, userId } = identify(request);
    const query = mySessionsQuery.parse(request.query);
    const sessions = await assistant.sessions({ tenantId, userId, limit: query.limit, signal: request.signal });
    response.json({ sessions: sessions.map(sessionJson) });
  });

  router.get('/api/v1/ai/sessions/:id/history', async (request, response) => {
    const { tenantId } = identify(request);
    const query = historyQuery.parse(request.query);
    const page = await assistant.history({ tenantId, sessionId: request.params.id, ...query, signal: request.signal });
    response.json({ session: sessionJson(page.session), messages: page.messages.map(messageJson), has_more: page.hasMore });
  });

  router.post('/api/v1/ai/sessions/:id/feedback', async (request, response) => {
    const { tenantId } = identify(request);
    const body = feedbackBody.parse(request.body);
    const session = await assistant.feedback({
      tenantId,
      sessionId: request.params.id,
      rating: body.rating,
      ...(body.feedback ? { text: body.feedback } : {}),
      signal: request.signal,
    });
    response.json(sessionJson(session));
  });

  router.post('/api/v1/ai/sessions/:id/escalate', async (request, response) => {
    const { tenantId } = identify(request);
    const body = escalateBody.parse(request.body);
    const session = await assistant.escalate({ tenantId, sessionId: request.params.id, reason: body.reason, signal: request.signal });
    // The handoff summary (problem, what was tried, references, sentiment trend, open question) rides along.
    response.json(escalatedSessionJson(session));
  });

  return router;
}
