import { z } from 'zod';
import { getAssistant } from '@/lib/assistant';
import { handle, identify } from '@/lib/http';

const query = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  topic_alerts: z.string().max(1_000).optional(),
});

/** GET /api/tickets: the inbox in smart order (seed 004's shape). */
export async function GET(request: Request): Promise<Response> {
  return handle(async () => {
    const { tenantId } = identify(request);
    const params = query.parse(Object.fromEntries(new URL(request.url).searchParams));
    const topicAlerts = params.topic_alerts?.split(',').map((alert) => alert.trim()).filter(Boolean);
    const { assistant } = await getAssistant();
    const page = await assistant.inbox.rank({
      tenantId,
      page: params.page,
      limit: params.limit,
      ...(topicAlerts && topicAlerts.length > 0 ? { topicAlerts } : {}),
      signal: request.signal,
    });
    return Response.json(page);
  });
}
