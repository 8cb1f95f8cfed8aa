/**
 * The one place every ConversationStore implementation validates its input, so memory, Postgres,
 * Redis and the host's own stores reject the same things with the same messages.
 *
 * @internal
 */
import { z } from 'zod/v4';
import { parseInput } from '../core/validate.js';
import { defaultMaxContentBytes, jsonProblem, safeId, safeText } from './text-rules.js';
import type { HistoryOptions, ListUserSessionsOptions, NewConversationMessage, NewConversationSession, SessionFeedback } from './conversation-store.js';
import { lazyObject } from '../core/lazy-object.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const tenantIdSchema = lazyObject(() => safeId(z.string({ message: 'Expected `tenantId` to be a string' }).min(1, 'Expected `tenantId` to be a non-empty string').max(200, 'Expected `tenantId` of at most 200 characters'), 'tenantId'));
const sessionIdSchema = lazyObject(() => z
  .string({ message: 'Expected `sessionId` to be a string' })
  .regex(uuidPattern, 'Expected `sessionId` to be a UUID such as 3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b')
  .transform((id) => id.toLowerCase()));
const jsonObjectSchema = lazyObject(() => z.record(z.string(), z.json()).superRefine((value, context) => {
  const found = jsonProblem(value);
  if (found) context.addIssue({ code: 'custom', path: found.path.split('.'), message: `Expected text that ${found.problem}` });
}));

const newSessionSchema = lazyObject(() => z.strictObject({
  id: z.string().regex(uuidPattern, 'Expected `id` to be a UUID, or omit it to have one generated').transform((id) => id.toLowerCase()).optional(),
  userId: safeId(z.string().min(1, 'Expected `userId` to be a non-empty string').max(200), 'userId').optional(),
  sessionType: safeId(z.string().min(1, 'Expected `sessionType` to be a non-empty string').max(100), 'sessionType').default('customer_support'),
  context: jsonObjectSchema.default({}),
  visitorInfo: jsonObjectSchema.optional(),
}));

const newMessageSchema = (maxContentBytes: number) => z.strictObject({
  id: z.string().regex(uuidPattern, 'Expected `id` to be a UUID (the same one on every retry of this append), or omit it to have one generated').transform((id) => id.toLowerCase()).optional(),
  role: z.enum(['system', 'user', 'assistant'], { message: 'Expected `role` to be "system", "user" or "assistant"' }),
  sender: safeId(z.string().min(1).max(200), 'sender').optional(),
  content: safeText(z.string({ message: 'Expected `content` to be a string' }), 'content').refine((content) => content.length <= maxContentBytes / 3 || Buffer.byteLength(content, 'utf8') <= maxContentBytes, {
    message: `Expected \`content\` of at most ${maxContentBytes} bytes (UTF-8; the store's \`maxContentBytes\`)`,
  }),
  tokens: z.number().int().nonnegative('Expected `tokens` to be a non-negative integer').default(0),
  costMicros: z.number().int().nonnegative('Expected `costMicros` to be a non-negative integer (micro-dollars)').default(0),
  responseTimeMs: z.number().int().nonnegative('Expected `responseTimeMs` to be a non-negative integer').optional(),
  incomplete: z.boolean().default(false),
  metadata: jsonObjectSchema.optional(),
});

const sequenceSchema = lazyObject(() => z.number().int().nonnegative());
const historyOptionsSchema = lazyObject(() => z.object({
  limit: z.number().int().min(1).max(1000, 'Expected `limit` between 1 and 1000').default(100),
  after: sequenceSchema.optional(),
  before: sequenceSchema.optional(),
  from: z.enum(['start', 'end'], { message: 'Expected `from` to be "start" or "end"' }).default('start'),
}));

const listOptionsSchema = lazyObject(() => z.object({
  limit: z.number().int().min(1).max(1000, 'Expected `limit` between 1 and 1000').default(20),
}));

const feedbackSchema = lazyObject(() => z.strictObject({
  rating: z.number().int('Expected `rating` to be an integer from 1 to 5').min(1, 'Expected `rating` from 1 to 5').max(5, 'Expected `rating` from 1 to 5'),
  feedback: safeText(z.string().max(10_000, 'Expected `feedback` of at most 10,000 characters'), 'feedback').optional(),
}));

const escalationSchema = lazyObject(() => z.strictObject({
  reason: safeText(z.string().min(1, 'Expected `reason` to say why the session needs a human').max(2_000), 'reason'),
}));

/** Validated input of `createSession`. */
export type CheckedNewSession = z.output<typeof newSessionSchema>;
/** Validated input of `appendMessage`. */
export type CheckedNewMessage = z.output<ReturnType<typeof newMessageSchema>>;
/** Validated options of `history`. */
export type CheckedHistoryOptions = z.output<typeof historyOptionsSchema>;

/** Checks the tenant and session ids; returns the session id in its stored (lowercase) form. */
export function checkSessionKey(tenantId: unknown, sessionId: unknown, subject: string): { tenantId: string; sessionId: string } {
  return parseInput(z.object({ tenantId: tenantIdSchema, sessionId: sessionIdSchema }), { tenantId, sessionId }, subject);
}

/** Checks a tenant id. */
export function checkTenantId(tenantId: unknown, subject: string): string {
  return parseInput(z.object({ tenantId: tenantIdSchema }), { tenantId }, subject).tenantId;
}

/** Checks `createSession` input. */
export function checkNewSession(session: NewConversationSession | undefined): CheckedNewSession {
  return parseInput(newSessionSchema, session ?? {}, 'createSession input');
}

const defaultMessageSchema = lazyObject(() => newMessageSchema(defaultMaxContentBytes));

/** Checks `appendMessage` input; `content` may hold at most `maxContentBytes` of UTF-8. */
export function checkNewMessage(message: NewConversationMessage, maxContentBytes = defaultMaxContentBytes): CheckedNewMessage {
  return parseInput(maxContentBytes === defaultMaxContentBytes ? defaultMessageSchema : newMessageSchema(maxContentBytes), message, 'appendMessage input');
}

/** Checks `history` options (without the signal). */
export function checkHistoryOptions(options: HistoryOptions | undefined): CheckedHistoryOptions {
  const { signal: _signal, ...rest } = options ?? {};
  return parseInput(historyOptionsSchema, rest, 'history options');
}

/** Checks `listUserSessions` input. */
export function checkListOptions(userId: unknown, options: ListUserSessionsOptions | undefined): { userId: string; limit: number } {
  const { signal: _signal, ...rest } = options ?? {};
  const { limit } = parseInput(listOptionsSchema, rest, 'listUserSessions options');
  const checked = parseInput(z.object({ userId: safeId(z.string({ message: 'Expected `userId` to be a string' }).min(1, 'Expected `userId` to be a non-empty string').max(200), 'userId') }), { userId }, 'listUserSessions input');
  return { userId: checked.userId, limit };
}

/** Checks `submitFeedback` input. */
export function checkFeedback(feedback: SessionFeedback): SessionFeedback {
  return parseInput(feedbackSchema, feedback, 'submitFeedback input');
}

/** Checks `escalate` input. */
export function checkEscalation(escalation: { readonly reason: string }): { reason: string } {
  return parseInput(escalationSchema, escalation, 'escalate input');
}

/**
 * Turns checked history options into a window over sequences `1..count`: the inclusive range
 * `[first, last]` to return and whether more messages lie beyond it. Shared so every store pages
 * identically.
 */
export function historyWindow(options: CheckedHistoryOptions, count: number): { first: number; last: number; hasMore: boolean } {
  const low = Math.max(1, (options.after ?? 0) + 1);
  const high = Math.min(count, options.before === undefined ? count : options.before - 1);
  if (high < low) return { first: 1, last: 0, hasMore: false };
  if (options.from === 'end') {
    const first = Math.max(low, high - options.limit + 1);
    return { first, last: high, hasMore: first > low };
  }
  const last = Math.min(high, low + options.limit - 1);
  return { first: low, last, hasMore: last < high };
}
