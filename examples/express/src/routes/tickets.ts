import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { breakdownQuery, draftQuery, splitTopicAlerts, ticketsQuery } from '../schemas.js';
import { draftJson } from '../wire-format.js';

/** Seed 004: the smart inbox, its score breakdown and channel-aware drafts. */
export function ticketRoutes({ assistant, identify }: AppContext): Router {
  const router = Router();

  router.get('/api/tickets', async (request, response) => {
    const { tenantId } = identify(request);
    const query = ticketsQuery.parse(request.query);
    const topicAlerts = splitTopicAlerts(query.topic_alerts);
    const page = await assistant.inbox.rank({
      tenantId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.channel ? { channel: query.channel } : {}),
      page: query.page,
      limit: query.limit,
      ...(topicAlerts ? { topicAlerts } : {}),
      signal: request.signal,
    });
    // The page is seed 004's shape already; crmkit's correlation id (for logs and traces) joins it snake_case.
    const { correlationId, ...ranked } = page as typeof page & { correlationId?: string };
    response.json({ ...ranked, ...(correlationId ? { correlation_id: correlationId } : {}) });
  });

  router.get('/api/tickets/:id/score-breakdown', async (request, response) => {
    const { tenantId } = identify(request);
    const topicAlerts = splitTopicAlerts(breakdownQuery.parse(request.query).topic_alerts);
    const breakdown = await assistant.inbox.explain({ tenantId, ticketId: request.params.id, ...(topicAlerts ? { topicAlerts } : {}), signal: request.signal });
    response.json(breakdown);
  });

  router.get('/api/ai/tickets/:id/draft-response', async (request, response) => {
    const { tenantId } = identify(request);
    const query = draftQuery.parse(request.query);
    const draft = await assistant.draftReply({ tenantId, ticketId: request.params.id, ...(query.channel ? { channel: query.channel } : {}), signal: request.signal });
    response.json(draftJson(draft));
  });

  return router;
}
