import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { crmChatBody } from '../schemas.js';

/** Seed 000: ask the CRM about members due for a follow-up. */
export function crmChatRoutes({ assistant, identify }: AppContext): Router {
  const router = Router();

  router.post('/api/ai-crm/chat', async (request, response) => {
    const { tenantId } = identify(request);
    const body = crmChatBody.parse(request.body);
    const answer = await assistant.ask({ tenantId, query: body.query, filter: body.filter, signal: request.signal });
    // Seed 000's response shape, plus which provider answered and whether it was the rule-based path.
    response.json({
      response: answer.response,
      member_ids: answer.memberIds,
      connected: answer.connected,
      count: answer.count,
      degraded: answer.degraded,
      degraded_reason: answer.degradedReason ?? null,
      provider: answer.provider,
    });
  });

  return router;
}
