import { z } from 'zod';
import { getAssistant } from '@/lib/assistant';
import { handle, identify } from '@/lib/http';

const body = z.object({ reason: z.string().trim().min(1, 'say why a human is needed').max(2_000) });

/** POST /api/sessions/:id/escalate: hands the conversation to a human (seed 003). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { tenantId } = identify(request);
    const { id } = await params;
    const input = body.parse(await request.json());
    const { assistant } = await getAssistant();
    await assistant.escalate({ tenantId, sessionId: id, reason: input.reason, signal: request.signal });
    return Response.json({ ok: true, status: 'escalated' });
  });
}
