import { getAssistant } from '@/lib/assistant';
import { handle, identify } from '@/lib/http';

/** GET /api/tickets/:id/score-breakdown: why the ticket sits where it does. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { tenantId } = identify(request);
    const { id } = await params;
    const alerts = new URL(request.url).searchParams.get('topic_alerts')?.split(',').map((alert) => alert.trim()).filter(Boolean);
    const { assistant } = await getAssistant();
    const breakdown = await assistant.inbox.explain({ tenantId, ticketId: id, ...(alerts && alerts.length > 0 ? { topicAlerts: alerts } : {}), signal: request.signal });
    return Response.json(breakdown);
  });
}
