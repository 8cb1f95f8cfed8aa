import { ProviderError, ValidationError } from '../core/errors.js';
import type { AssistantContext } from './assistant-context.js';
import type { AskResult } from './ask-result.js';
import { groundedReplyOf } from './knowledge-replies.js';

/**
 * `ask` with `from: 'knowledge'`: the staff member's question answered from the help center
 * instead of the member list. Like every `ask`, a budget refusal degrades (to the best passage)
 * rather than throwing.
 *
 * @internal
 */
export async function askKnowledge(context: AssistantContext, input: { tenantId: string; userId?: string | undefined; query: string; signal?: AbortSignal | undefined }): Promise<AskResult> {
  const knowledge = context.knowledge;
  if (!knowledge) {
    throw new ValidationError('createCrmAssistant options', [{ path: 'knowledge', message: "ask({ from: 'knowledge' }) needs a knowledge source: pass `knowledge: { source }` (e.g. createMemoryKnowledgeSource)" }]);
  }
  const request = { tenantId: input.tenantId, userId: input.userId ?? 'staff', sessionId: '', message: input.query, history: [], signal: input.signal };
  let answer;
  try {
    answer = await knowledge.reply(request);
  } catch (error) {
    if (!(ProviderError.isInstance(error) && error.kind === 'budget_exceeded')) throw error;
    context.reportError(error, 'model');
    answer = { ...(await knowledge.reply({ ...request, withoutModel: true })), degradedReason: `model unavailable (${error.kind})` };
  }
  return {
    response: answer.text,
    memberIds: [],
    connected: !answer.degraded && answer.provider !== 'knowledge',
    count: 0,
    filter: 'all',
    degraded: answer.degraded,
    ...(answer.degradedReason ? { degradedReason: answer.degradedReason } : {}),
    provider: answer.provider,
    model: answer.model,
    usage: answer.usage,
    costMicros: answer.costMicros,
    trimmed: [],
    knowledge: groundedReplyOf(answer),
  };
}
