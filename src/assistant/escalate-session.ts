import type { HandoffSummary } from '../core/handoff-summary.js';
import { handoffModelSchema } from '../core/handoff-summary.js';
import type { ConversationMessage, ConversationSession, JsonObject } from '../adapters/conversation-store.js';
import { summarizeHandoff, type HandoffTurn } from '../fallback/summarize-handoff.js';
import { handoffSummaryPrompt } from '../prompts/handoff-summary-prompt.js';
import { type AssistantContext, degradesToRules, inputBudget } from './assistant-context.js';

/**
 * The session `escalate` returns: the stored session plus the handoff summary it was escalated
 * with. The summary is also stored in the session's history as a `system` message whose
 * `metadata.kind` is `handoff_summary` (`metadata.summary` holds the fields), so it survives with
 * the conversation in every store.
 *
 * @example
 * ```ts
 * const { status, handoffSummary } = await assistant.escalate({ tenantId: 'acme', sessionId, reason: 'Billing dispute' });
 * console.log(status, handoffSummary.text);
 * ```
 */
export type EscalatedSession = ConversationSession & { readonly handoffSummary: HandoffSummary };

/** `metadata.kind` of the history message that stores a handoff summary. @internal */
export const handoffSummaryKind = 'handoff_summary';
const transcriptLimit = 50;
const maxSummaryTokens = 400;

/** Builds the handoff summary and escalates. @internal */
export async function escalateSession(
  context: AssistantContext,
  input: { readonly tenantId: string; readonly sessionId: string; readonly reason: string; readonly signal?: AbortSignal },
): Promise<EscalatedSession> {
  const current = await context.conversations.getSession(input.tenantId, input.sessionId, { signal: input.signal });
  // A missing or closed session: let the store say so (not_found, invalid_state) before any model is asked.
  if (!current || current.status === 'closed') await context.conversations.escalate(input.tenantId, input.sessionId, { reason: input.reason }, { signal: input.signal });
  const history = await context.conversations.history(input.tenantId, input.sessionId, { from: 'end', limit: transcriptLimit, signal: input.signal });
  const existing = history.messages.find((message) => message.role === 'system' && message.metadata?.kind === handoffSummaryKind);
  // Escalating again (a replayed request, a second click) keeps the first escalation, as the store
  // keeps the first reason: the first summary stands, and no second one is stored.
  const stored = existing ? (existing.metadata?.summary as HandoffSummary | undefined) : undefined;
  const summary = stored ?? (await summarize(context, input, history.messages));
  const session = await context.conversations.escalate(input.tenantId, input.sessionId, { reason: input.reason }, { signal: input.signal });
  if (!stored && current?.status !== 'escalated') {
    await context.conversations.appendMessage(
      input.tenantId,
      input.sessionId,
      { role: 'system', sender: 'crmkit', content: summary.text, metadata: { kind: handoffSummaryKind, summary: summary as unknown as JsonObject } },
      { signal: input.signal },
    );
  }
  if (context.onEscalate) {
    const event = {
      tenantId: input.tenantId,
      sessionId: session.id,
      ...(session.userId ? { userId: session.userId } : {}),
      sessionType: session.sessionType,
      reason: input.reason,
      escalatedAt: session.escalatedAt ?? new Date(context.clock.now()),
      summary,
    };
    // The escalation is stored whatever the hook does; a failing notifier is reported, not thrown.
    try {
      await context.onEscalate(event);
    } catch (error) {
      context.reportError(error, 'escalation_hook');
    }
  }
  return { ...session, handoffSummary: summary };
}

/** The model's summary when one answers with valid JSON; the rules' otherwise. */
async function summarize(
  context: AssistantContext,
  input: { readonly tenantId: string; readonly sessionId: string; readonly reason: string; readonly signal?: AbortSignal },
  messages: readonly ConversationMessage[],
): Promise<HandoffSummary> {
  const turns: HandoffTurn[] = messages
    .filter((message) => message.role !== 'system' && message.metadata?.contentFiltered !== true)
    .map((message) => ({ role: message.role as HandoffTurn['role'], content: message.content }));
  const llm = context.llm;
  if (!llm || turns.length === 0) return summarizeHandoff({ turns, reason: input.reason });
  try {
    const rendered = handoffSummaryPrompt.render(
      { reason: input.reason, transcript: turns.map((turn) => `${turn.role === 'user' ? 'Customer' : 'Assistant'}: ${turn.content}`) },
      { model: llm.model, maxInputTokens: inputBudget(llm, maxSummaryTokens), tokenCounter: context.tokenCounter },
    );
    const result = await llm.generate(
      {
        messages: rendered.messages,
        schema: handoffModelSchema,
        schemaName: 'handoff_summary',
        maxOutputTokens: maxSummaryTokens,
        temperature: 0,
        metadata: { tenantId: input.tenantId, sessionId: input.sessionId },
      },
      { signal: input.signal },
    );
    const written = handoffModelSchema.safeParse(result.object);
    if (result.degraded || !written.success) return summarizeHandoff({ turns, reason: input.reason });
    return summarizeHandoff({ turns, reason: input.reason, written: written.data });
  } catch (error) {
    if (!degradesToRules(error, { budget: 'degrade' })) throw error;
    context.reportError(error, 'model');
    return summarizeHandoff({ turns, reason: input.reason });
  }
}
