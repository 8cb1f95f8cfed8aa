import { z } from 'zod';
import { getAssistant } from '@/lib/assistant';
import { handle, identify } from '@/lib/http';

const body = z.object({ rating: z.number().int().min(1).max(5), text: z.string().max(2_000).optional() });

/** POST /api/sessions/:id/feedback: the widget's thumbs send 5 (up) or 1 (down). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { tenantId } = identify(request);
    const { id } = await params;
    const input = body.parse(await request.json());
    const { assistant } = await getAssistant();
    await assistant.feedback({ tenantId, sessionId: id, rating: input.rating, ...(input.text ? { text: input.text } : {}), signal: request.signal });
    return Response.json({ ok: true });
  });
}
