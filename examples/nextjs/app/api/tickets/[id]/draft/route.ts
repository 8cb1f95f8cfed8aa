import { z } from 'zod';
import { getAssistant } from '@/lib/assistant';
import { handle, identify } from '@/lib/http';

const channel = z.enum(['email', 'sms', 'chat', 'phone']).optional();

/** GET /api/tickets/:id/draft?channel=sms: a channel-aware draft reply (seed 004). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { tenantId } = identify(request);
    const { id } = await params;
    const requested = channel.parse(new URL(request.url).searchParams.get('channel') ?? undefined);
    const { assistant } = await getAssistant();
    const draft = await assistant.draftReply({ tenantId, ticketId: id, ...(requested ? { channel: requested } : {}), signal: request.signal });
    return Response.json(draft);
  });
}
