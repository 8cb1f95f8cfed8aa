import { z } from 'zod';
import type { SendInput } from 'crmkit';

/**
 * The wire shapes of the seeds' endpoints. They keep each seed's field names (snake_case), so a
 * frontend written for the old system keeps working when the backend moves to crmkit. The
 * assistant validates again on its side; validating here as well lets the 400 name the field as
 * the client spelt it.
 */

const id = z.string().trim().min(1, 'must not be empty').max(128, 'must be at most 128 characters');
const message = z.string().trim().min(1, 'must not be empty').max(8_000, 'must be at most 8,000 characters');
/** Flat key/value context (page, role, department…), as the assistant stores it with the session. */
const context = z.record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean()])).optional();
const sessionType = z.enum(['customer_support', 'admin_assistant', 'network_diagnostics', 'analytics', 'company_assistant']).default('customer_support');

/** POST /api/ai-crm/chat (seed 000). `filter` null or "" means all members. */
export const crmChatBody = z.object({
  query: message,
  filter: z
    .enum(['today', 'this_week', 'overdue', 'all', ''])
    .nullish()
    .transform((value) => (value ? value : 'all')),
});

/** POST /api/chatbot/ask/ (seed 001). */
export const chatbotAskBody = z.object({
  message,
  session_id: z.uuid('must be a session id returned by an earlier answer').nullish(),
  visitor_info: z.object({ name: z.string().max(200).optional(), email: z.email().optional() }).optional(),
});

/** POST /api/v1/ai/chat and its streaming twin (seeds 002 and 003). */
export const aiChatBody = z.object({
  message,
  session_id: id.nullish(),
  /** Seed 002's name for the session. */
  conversation_id: id.nullish(),
  session_type: sessionType,
  context,
  /** Seed 002's per-request settings. `OpenAI`, `Anthropic` or `Auto` (any case). */
  preferred_provider: z.string().trim().min(1).max(64).optional(),
  temperature: z.number().min(0, 'must be 0 to 2').max(2, 'must be 0 to 2').optional(),
  max_tokens: z.number().int('must be a whole number').min(1, 'must be 1 to 32000').max(32_000, 'must be 1 to 32000').optional(),
  /** Seed 001's nucleus sampling. */
  top_p: z.number().gt(0, 'must be above 0 and at most 1').max(1, 'must be above 0 and at most 1').optional(),
  include_history: z.boolean().optional(),
  /**
   * Let the model call the CRM tools (order lookup, shipment tracking, the customer's record, past
   * tickets, handing over to a person) before it answers. They read the caller's tenant, and the
   * session's customer: `context.customerId` when the caller is an agent, else the caller.
   */
  use_tools: z.boolean().optional(),
});

/** The chat body (plain or streamed) as the assistant's `send`/`stream` input. */
export function toSendInput(body: z.output<typeof aiChatBody>, identity: { tenantId: string; userId: string }, signal: AbortSignal): SendInput {
  const sessionId = body.session_id ?? body.conversation_id ?? undefined;
  return {
    tenantId: identity.tenantId,
    userId: identity.userId,
    ...(sessionId ? { sessionId } : {}),
    message: body.message,
    sessionType: body.session_type,
    ...(body.context ? { context: body.context } : {}),
    ...(body.preferred_provider ? { preferredProvider: body.preferred_provider } : {}),
    ...(body.temperature === undefined ? {} : { temperature: body.temperature }),
    ...(body.max_tokens === undefined ? {} : { maxTokens: body.max_tokens }),
    ...(body.top_p === undefined ? {} : { topP: body.top_p }),
    ...(body.include_history === undefined ? {} : { includeHistory: body.include_history }),
    ...(body.use_tools ? { tools: 'crm' as const } : {}),
    signal,
  };
}

/** POST /api/v1/ai/analyze (seed 002). */
export const analyzeBody = z.object({
  message,
  analysis_type: z.array(z.enum(['sentiment', 'intent', 'entities', 'priority'])).min(1).optional(),
  /** What the host knows about the customer, as text (seed 002's customer context). */
  context: z.string().max(2_000).optional(),
});

/** POST /api/v1/ai/classify (seed 002). */
export const classifyBody = z.object({ message });

/** POST /api/v1/ai/prompts (seed 002). */
export const savePromptBody = z.object({
  /** A key (`ecommerce-support`) or a display name (seed 002's "E-commerce Support"), stored under its derived key. */
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  template: z.string().min(1, 'must not be empty').max(20_000),
  variables: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier')).max(50),
});

/** GET /api/v1/ai/usage/:userId query (seeds 002, 003). */
export const usageQuery = z.object({
  from: z.iso.date('must be a date like 2025-11-01').optional(),
  to: z.iso.date('must be a date like 2025-11-30').optional(),
});

/** POST /api/v1/ai/sessions (seed 003). */
export const createSessionBody = z.object({
  session_type: sessionType,
  context,
});

/** GET /api/v1/ai/sessions/:id/history query. */
export const historyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  /** Only messages before / after this sequence number (paging). */
  before: z.coerce.number().int().min(0).optional(),
  after: z.coerce.number().int().min(0).optional(),
});

/** GET /api/v1/ai/sessions/my query. */
export const mySessionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** POST /api/v1/ai/sessions/:id/feedback (seed 003: 1–5 stars; the widget's thumbs send 5 or 1). */
export const feedbackBody = z.object({
  rating: z.number().int().min(1, 'must be 1 to 5').max(5, 'must be 1 to 5'),
  feedback: z.string().max(2_000).optional(),
});

/** POST /api/v1/ai/sessions/:id/escalate (seed 003). */
export const escalateBody = z.object({ reason: z.string().trim().min(1, 'say why a human is needed').max(2_000) });

/** GET /api/tickets query (seed 004). */
export const ticketsQuery = z.object({
  status: z.string().max(32).optional(),
  channel: z.enum(['email', 'sms', 'chat', 'phone']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  topic_alerts: z.string().max(1_000).optional(),
});

/** GET /api/tickets/:id/score-breakdown query. */
export const breakdownQuery = z.object({ topic_alerts: z.string().max(1_000).optional() });

/** GET /api/ai/tickets/:id/draft-response query. */
export const draftQuery = z.object({ channel: z.enum(['email', 'sms', 'chat', 'phone']).optional() });

/** Seed 004 takes topic alerts as comma-separated text; the assistant takes a list. */
export function splitTopicAlerts(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const alerts = text.split(',').map((alert) => alert.trim()).filter((alert) => alert.length > 0);
  return alerts.length > 0 ? alerts : undefined;
}
