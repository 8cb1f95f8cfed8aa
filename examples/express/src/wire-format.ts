import type { AnalyzeResult, ToolRun, ConversationMessage, DraftReplyResult, ConversationSession, EscalatedSession, Usage, UsageReport } from 'crmkit';
import type { StoredPrompt } from 'crmkit/adapters';
import type { HandoffSummary } from 'crmkit/fallback';

/**
 * crmkit's objects as the seeds' JSON: every field name snake_case, as seed 003's FastAPI and
 * seed 004's inbox answered. Only field names change; what the host or the customer put inside
 * `context`, `visitor_info` and `metadata` is data and stays as it was written.
 */

const iso = (date: Date | undefined): string | null => (date ? date.toISOString() : null);

export function sessionJson(session: ConversationSession) {
  return {
    id: session.id,
    session_id: session.id,
    user_id: session.userId ?? null,
    session_type: session.sessionType,
    status: session.status,
    context: session.context,
    visitor_info: session.visitorInfo ?? null,
    message_count: session.messageCount,
    total_tokens: session.totalTokens,
    total_cost_micros: session.totalCostMicros,
    total_cost_cents: Math.round(session.totalCostMicros / 10_000),
    rating: session.rating ?? null,
    feedback: session.feedback ?? null,
    escalation_reason: session.escalationReason ?? null,
    escalated_at: iso(session.escalatedAt),
    closed_at: iso(session.closedAt),
    created_at: iso(session.createdAt),
    updated_at: iso(session.updatedAt),
  };
}

export function handoffSummaryJson(summary: HandoffSummary) {
  return {
    problem: summary.problem,
    tried: summary.tried,
    references: summary.references,
    sentiment_trend: summary.sentimentTrend,
    open_question: summary.openQuestion,
    reason: summary.reason,
    text: summary.text,
    source: summary.source,
  };
}

export function escalatedSessionJson(session: EscalatedSession) {
  return { ...sessionJson(session), handoff_summary: handoffSummaryJson(session.handoffSummary) };
}

export function messageJson(message: ConversationMessage) {
  return {
    id: message.id,
    session_id: message.sessionId,
    sequence: message.sequence,
    role: message.role,
    sender: message.sender ?? null,
    content: message.content,
    tokens: message.tokens,
    cost_micros: message.costMicros,
    response_time_ms: message.responseTimeMs ?? null,
    incomplete: message.incomplete,
    metadata: message.metadata ?? null,
    created_at: iso(message.createdAt),
  };
}

export function usageJson(usage: Usage) {
  return { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens, total_tokens: usage.totalTokens, approximate: usage.approximate ?? false };
}

type Totals = Pick<UsageReport, 'requests' | 'inputTokens' | 'outputTokens' | 'totalTokens' | 'costMicros'>;
const totalsJson = (entry: Totals) => ({
  requests: entry.requests,
  input_tokens: entry.inputTokens,
  output_tokens: entry.outputTokens,
  total_tokens: entry.totalTokens,
  cost_micros: entry.costMicros,
  cost_cents: Math.round(entry.costMicros / 10_000),
});

export function usageReportJson(report: UsageReport) {
  return {
    tenant_id: report.tenantId,
    user_id: report.userId ?? null,
    from: report.from ?? null,
    to: report.to ?? null,
    ...totalsJson(report),
    by_provider: report.byProvider.map((entry) => ({ provider: entry.provider, ...totalsJson(entry) })),
    by_model: report.byModel.map((entry) => ({ provider: entry.provider, model: entry.model, ...totalsJson(entry) })),
    by_day: report.byDay.map((entry) => ({ day: entry.day, ...totalsJson(entry) })),
  };
}

export function promptJson(prompt: StoredPrompt) {
  return {
    name: prompt.name,
    version: prompt.version,
    template: prompt.template,
    variables: prompt.variables,
    description: prompt.description ?? null,
    created_at: iso(prompt.createdAt),
  };
}

export function analysisJson(analysis: AnalyzeResult) {
  return {
    sentiment: analysis.sentiment ?? null,
    intent: analysis.intent ?? null,
    entities: analysis.entities ?? null,
    priority: analysis.priority ?? null,
    source: analysis.source,
    sources: analysis.sources,
    degraded: analysis.degraded,
    provider: analysis.provider,
    usage: usageJson(analysis.usage),
    content_filtered: analysis.contentFiltered ?? null,
  };
}

/** `preferredProvider` → `preferred_provider`, for error paths reported back to a snake_case client. */
export function snakeCasePath(path: string): string {
  return path.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function draftJson(draft: DraftReplyResult) {
  return {
    content: draft.content,
    tone: draft.tone,
    channel: draft.channel,
    reasoning: draft.reasoning,
    personalization: draft.personalization,
    degraded: draft.degraded,
    degraded_reason: draft.degradedReason ?? null,
    provider: draft.provider,
    model: draft.model,
    usage: usageJson(draft.usage),
    missing: draft.missing,
    limit_enforcement: draft.limitEnforcement,
  };
}

/** camelCase keys → snake_case, all the way down (the CRM tools' results are crmkit's objects, not host data). */
function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [snakeCasePath(key), snakeCaseKeys(inner)]));
}

/** One CRM tool call made for a reply (`use_tools`): which tool, how it ended, what it returned. */
export function toolRunJson(run: ToolRun) {
  return {
    tool_call_id: run.toolCallId,
    tool_name: run.toolName,
    status: run.status,
    output: run.output === undefined ? null : snakeCaseKeys(run.output),
  };
}
