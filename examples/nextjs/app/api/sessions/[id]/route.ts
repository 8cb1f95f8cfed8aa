import { getAssistant } from '@/lib/assistant';
import { handle, identify } from '@/lib/http';

/** GET /api/sessions/:id: the stored history, so the widget can restore a conversation after a reload. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return handle(async () => {
    const { tenantId } = identify(request);
    const { id } = await params;
    const { assistant } = await getAssistant();
    const page = await assistant.history({ tenantId, sessionId: id, limit: 100, signal: request.signal });
    // The status too, so a reloaded widget knows the conversation is already with a person.
    return Response.json({
      status: page.session.status,
      messages: page.messages.map((message) => ({ id: message.id, role: message.role, content: message.content, incomplete: message.incomplete })),
    });
  });
}
