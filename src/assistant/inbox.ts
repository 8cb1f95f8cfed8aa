import { z } from 'zod/v4';
import { channels, type Channel, type Customer } from '../core/domain.js';
import { parseInput } from '../core/validate.js';
import { ValidationError } from '../core/errors.js';
import { AdapterError } from '../adapters/adapter-error.js';
import type { TicketSource } from '../adapters/ticket-source.js';
import { rankTickets, type RankedPage } from '../scoring/rank-tickets.js';
import { createTopicAlertMatcher } from '../scoring/create-topic-alert-matcher.js';
import type { ScoreBreakdown } from '../scoring/score-breakdown.js';
import type { AssistantContext } from './assistant-context.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Input of `assistant.inbox.rank` (seed 004's `GET /api/tickets`).
 *
 * @example
 * ```ts
 * const page = await assistant.inbox.rank({ tenantId: 'acme', topicAlerts: 'chargeback,fraud', limit: 20 });
 * ```
 */
export interface RankInboxInput {
  readonly tenantId: string;
  /** @default 'open' */
  readonly status?: string;
  readonly channel?: Channel;
  /** @default 1 */
  readonly page?: number;
  /** @default 50 */
  readonly limit?: number;
  /** The agent's comma-separated keywords ("chargeback,fraud,wrong address") or a list. */
  readonly topicAlerts?: string | readonly string[];
  readonly signal?: AbortSignal;
}

/**
 * Input of `assistant.inbox.explain` (seed 004's score-breakdown endpoint).
 *
 * @example
 * ```ts
 * const breakdown = await assistant.inbox.explain({ tenantId: 'acme', ticketId: 't1' });
 * console.log(breakdown.total_score, breakdown.components);
 * ```
 */
export interface ExplainTicketInput {
  readonly tenantId: string;
  readonly ticketId: string;
  readonly topicAlerts?: string | readonly string[];
  readonly signal?: AbortSignal;
}

/**
 * The smart inbox: ranked pages and per-ticket explanations.
 *
 * @example
 * ```ts
 * const { tickets, pagination } = await assistant.inbox.rank({ tenantId: 'acme' });
 * ```
 */
export interface Inbox {
  rank(input: RankInboxInput): Promise<RankedPage>;
  explain(input: ExplainTicketInput): Promise<ScoreBreakdown & { readonly topic_alert_matches: readonly string[] }>;
}

const topicAlerts = lazyObject(() => z.union([z.string().max(2_000), z.array(z.string().max(200)).max(100)]).optional());
const rankSchema = lazyObject(() => z.object({
  tenantId: z.string().min(1, 'Expected `tenantId` to be a non-empty string'),
  status: z.string().min(1).max(50).default('open'),
  channel: z.enum(channels, { message: `Expected \`channel\` to be one of ${channels.join(', ')}` }).optional(),
  page: z.number().int().min(1, 'Expected `page` to be 1 or more').default(1),
  limit: z.number().int().min(1).max(200, 'Expected `limit` from 1 to 200').default(50),
  topicAlerts,
  signal: z.instanceof(AbortSignal).optional(),
}));
const explainSchema = lazyObject(() => z.object({
  tenantId: z.string().min(1, 'Expected `tenantId` to be a non-empty string'),
  ticketId: z.string().min(1, 'Expected `ticketId` to be a non-empty string'),
  topicAlerts,
  signal: z.instanceof(AbortSignal).optional(),
}));

/** Builds the smart inbox. @internal */
export function createInbox(context: AssistantContext): Inbox {
  const requireTickets = (): TicketSource => {
    if (context.tickets) return context.tickets;
    throw new ValidationError('createCrmAssistant options', [{ path: 'data.tickets', message: 'the inbox needs a TicketSource: pass `data: { tickets }`' }]);
  };

  const loadCustomers = async (tenantId: string, ids: Iterable<string>, signal?: AbortSignal): Promise<Map<string, Customer>> => {
    const customers = new Map<string, Customer>();
    const source = context.customers;
    if (!source) return customers;
    const unique = [...new Set(ids)];
    // A customer that cannot be read only loses its customer components (documented defaults); it never empties the inbox.
    const found = await Promise.all(unique.map((id) => source.get(tenantId, id, { signal }).catch((error: unknown) => (context.reportError(error, 'store'), undefined))));
    found.forEach((customer, index) => {
      if (customer) customers.set(unique[index] as string, customer);
    });
    return customers;
  };

  return {
    async rank(rawInput) {
      const input = parseInput(rankSchema, rawInput, 'inbox.rank input');
      const tickets = await requireTickets().list(input.tenantId, { status: [input.status], ...(input.channel ? { channel: [input.channel] } : {}), signal: input.signal });
      const customers = await loadCustomers(
        input.tenantId,
        tickets.flatMap((ticket) => (ticket.customerId ? [ticket.customerId] : [])),
        input.signal,
      );
      return rankTickets({
        tickets,
        customers,
        scorer: context.scorer,
        now: context.clock.now(),
        status: input.status,
        ...(input.channel ? { channel: input.channel } : {}),
        ...(input.topicAlerts === undefined ? {} : { topicAlerts: input.topicAlerts }),
        page: input.page,
        limit: input.limit,
      });
    },

    async explain(rawInput) {
      const input = parseInput(explainSchema, rawInput, 'inbox.explain input');
      const ticket = await requireTickets().get(input.tenantId, input.ticketId, { signal: input.signal });
      if (!ticket) throw new AdapterError(`Ticket "${input.ticketId}" was not found for this tenant`, { kind: 'not_found', adapter: 'assistant' });
      const customers = await loadCustomers(input.tenantId, ticket.customerId ? [ticket.customerId] : [], input.signal);
      const matches = input.topicAlerts === undefined || input.topicAlerts.length === 0 ? [] : createTopicAlertMatcher({ keywords: input.topicAlerts }).match(ticket);
      const breakdown = context.scorer.explain({
        ticket,
        customer: ticket.customerId ? customers.get(ticket.customerId) : undefined,
        now: context.clock.now(),
        topicAlertMatches: matches,
      });
      return { ...breakdown, topic_alert_matches: matches };
    },
  };
}
