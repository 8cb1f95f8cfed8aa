import type { UIMessage } from 'ai';

/** A help-center article behind a reply's `[n]` marker. */
export interface Citation {
  readonly marker: number;
  readonly title: string;
  readonly url?: string;
}

/**
 * The chat's messages in the AI SDK's UI message shape, shared by the route that streams them and
 * the widget that renders them with `useChat`. Two data parts ride along with the text:
 * `data-session` (transient: the crmkit session id the widget keeps in localStorage) and
 * `data-citations` (kept on the reply: the help-center articles behind its markers).
 * `metadata.incomplete` marks a reply crmkit stored cut off.
 */
export type ChatMessage = UIMessage<{ incomplete?: boolean }, { session: { sessionId: string }; citations: Citation[] }>;
