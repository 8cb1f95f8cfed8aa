import type { ContentCategory, ContentCheck } from '../fallback/create-content-filter.js';
import type { AssistantContext } from './assistant-context.js';
import type { ContentFilteredEvent, ContentFilterOperation } from './assistant-event.js';

export type { ContentFilteredEvent, ContentFilterOperation } from './assistant-event.js';

/** The verdict on a blocked input, as the use cases report it. @internal */
export interface Blocked {
  readonly categories: readonly ContentCategory[];
  readonly safeReply: string;
}

/**
 * Runs the configured content filter over a customer's input. Returns undefined when there is
 * no filter or the text passes; otherwise records the event (the hook cannot break the call) and
 * returns what the caller answers with instead of asking a model.
 * @internal
 */
export async function screenInput(
  context: AssistantContext,
  text: string,
  where: { readonly operation: ContentFilterOperation; readonly tenantId: string; readonly userId?: string; readonly sessionId?: string },
): Promise<Blocked | undefined> {
  const filter = context.contentFilter;
  if (!filter) return undefined;
  // Awaited, so a filter whose check is asynchronous (a lazily loaded word list) fits as well.
  const verdict: ContentCheck = await filter.check(text);
  if (verdict.allowed) return undefined;
  const event: ContentFilteredEvent = {
    tenantId: where.tenantId,
    ...(where.userId ? { userId: where.userId } : {}),
    ...(where.sessionId ? { sessionId: where.sessionId } : {}),
    operation: where.operation,
    categories: verdict.categories,
    at: new Date(context.clock.now()),
  };
  try {
    context.onContentFiltered?.(event);
  } catch (error) {
    context.reportError(error, 'content_filter_hook');
  }
  return { categories: verdict.categories, safeReply: filter.safeReply };
}
