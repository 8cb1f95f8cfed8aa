import { z } from 'zod/v4';
import { channels, type Channel, type Customer, type Ticket, type TicketPriority } from '../core/domain.js';
import { parseInput } from '../core/validate.js';
import { createScorer, timeOf, type Scorer } from './create-scorer.js';
import { createTopicAlertMatcher, type TopicAlertMatcher } from './create-topic-alert-matcher.js';
import { normalizeTopicAlerts, parseTopicAlerts } from './parse-topic-alerts.js';
import { selectTop } from './select-top.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Options of {@link rankTickets}; the query parameters of seed 004's `GET /api/tickets`.
 *
 * @example
 * ```ts
 * const options: RankTicketsOptions = { tickets, customers, topicAlerts: 'chargeback,fraud', page: 1, limit: 50 };
 * ```
 */
export interface RankTicketsOptions {
  /** The inbox. Tickets are read, never changed. */
  readonly tickets: Iterable<Ticket>;
  /**
   * The customers, by id: a Map, an array, or a lookup function. A customer whose `tenantId`
   * differs from the ticket's is ignored.
   * @default none: every ticket is scored as having no known customer
   */
  readonly customers?: ReadonlyMap<string, Customer> | readonly Customer[] | ((customerId: string) => Customer | undefined);
  /** @default createScorer() — the starvation-free `default` preset */
  readonly scorer?: Scorer;
  /** @default the scorer's clock */
  readonly now?: Date | number;
  /** Keep tickets with this status (or any of these); `null` keeps every status. @default 'open' */
  readonly status?: string | readonly string[] | null;
  /** Keep tickets from this channel (or any of these). @default every channel */
  readonly channel?: Channel | readonly Channel[];
  /**
   * Topic alerts: the agent's comma-separated text, a keyword list, or a compiled
   * {@link TopicAlertMatcher}. Text and lists are compiled once and cached per alert set.
   * @default none
   */
  readonly topicAlerts?: string | readonly string[] | TopicAlertMatcher;
  /** 1-based page number. @default 1 */
  readonly page?: number;
  /** Tickets per page. @default 50 */
  readonly limit?: number;
}

/**
 * One ticket of a ranked page, in seed 004's wire shape (snake_case, JSON-ready), plus the
 * channel, status and which alert keywords matched.
 *
 * @example
 * ```ts
 * const row: RankedTicket = page.tickets[0];
 * if (row.matches_topic_alert) console.log('⚡', row.topic_alert_matches.join(', '));
 * ```
 */
export interface RankedTicket {
  readonly id: string;
  readonly subject: string;
  readonly priority: TicketPriority | null;
  readonly channel: Channel;
  readonly status: string;
  readonly customer_id: string | null;
  /** ISO 8601, or `null` when the ticket's date is invalid. */
  readonly created_at: string | null;
  /** The score, rounded to the scorer's precision (ordering uses the exact score). */
  readonly smart_score: number;
  readonly matches_topic_alert: boolean;
  readonly topic_alert_matches: readonly string[];
}

/**
 * Seed 004's pagination block.
 *
 * @example
 * ```ts
 * const pagination: RankedPagination = { page: 1, limit: 50, total: 23, has_next: false, has_prev: false };
 * ```
 */
export interface RankedPagination {
  readonly page: number;
  readonly limit: number;
  /** Tickets after the status and channel filters. */
  readonly total: number;
  readonly has_next: boolean;
  readonly has_prev: boolean;
}

/**
 * A page of the smart inbox: seed 004's `GET /api/tickets` response.
 *
 * @example
 * ```ts
 * const page: RankedPage = rankTickets({ tickets });
 * res.json(page);
 * ```
 */
export interface RankedPage {
  readonly tickets: readonly RankedTicket[];
  readonly pagination: RankedPagination;
  /** The normalised alert keywords in force. */
  readonly topic_alerts_active: readonly string[];
  /** How many filtered tickets (on every page) matched an alert. */
  readonly matches: number;
}

const optionsSchema = lazyObject(() => z.object({
  tickets: z.custom<Iterable<Ticket>>(
    (value) => typeof value === 'object' && value !== null && typeof (value as Iterable<Ticket>)[Symbol.iterator] === 'function',
    'Expected an array (or iterable) of tickets',
  ),
  customers: z
    .custom<NonNullable<RankTicketsOptions['customers']>>(
      (value) => typeof value === 'function' || Array.isArray(value) || value instanceof Map,
      'Expected a Map of customers by id, an array of customers, or a function (customerId) => customer',
    )
    .optional(),
  scorer: z
    .custom<Scorer>((value) => typeof value === 'object' && value !== null && typeof (value as Scorer).score === 'function', 'Expected a scorer from createScorer()')
    .optional(),
  now: z.union([z.date(), z.number()]).optional(),
  status: z.union([z.string(), z.array(z.string()), z.null()]).optional(),
  channel: z.union([z.enum(channels as [Channel, ...Channel[]]), z.array(z.enum(channels as [Channel, ...Channel[]]))]).optional(),
  topicAlerts: z
    .union([
      z.string(),
      z.array(z.string()),
      z.custom<TopicAlertMatcher>(
        (value) => typeof value === 'object' && value !== null && typeof (value as TopicAlertMatcher).match === 'function',
        'Expected comma-separated text, a keyword list or a TopicAlertMatcher',
      ),
    ])
    .optional(),
  page: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).optional(),
}));

let defaultScorer: Scorer | undefined;

// A small cache of compiled alert sets: an agent's alert text changes rarely, the inbox is ranked often.
const matcherCache = new Map<string, TopicAlertMatcher>();
const matcherCacheSize = 32;

function matcherFor(alerts: RankTicketsOptions['topicAlerts']): TopicAlertMatcher | undefined {
  if (alerts === undefined) return undefined;
  if (typeof alerts !== 'string' && !Array.isArray(alerts)) return alerts as TopicAlertMatcher;
  const keywords = typeof alerts === 'string' ? parseTopicAlerts(alerts) : normalizeTopicAlerts(alerts as readonly string[], 'rankTickets options.topicAlerts');
  if (keywords.length === 0) return undefined;
  const key = keywords.join('\u0000');
  let matcher = matcherCache.get(key);
  if (matcher === undefined) {
    matcher = createTopicAlertMatcher({ keywords });
    if (matcherCache.size >= matcherCacheSize) matcherCache.delete(matcherCache.keys().next().value!);
  } else matcherCache.delete(key);
  matcherCache.set(key, matcher);
  return matcher;
}

function customerLookup(customers: RankTicketsOptions['customers']): (customerId: string) => Customer | undefined {
  if (customers === undefined) return () => undefined;
  if (typeof customers === 'function') return customers;
  if (customers instanceof Map) return (customerId) => customers.get(customerId);
  const byId = new Map<string, Customer>();
  for (const customer of customers as readonly Customer[]) byId.set(customer.id, customer);
  return (customerId) => byId.get(customerId);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return Number.isFinite(rounded) ? rounded : value;
}

const noMatches: readonly string[] = Object.freeze([]);

/**
 * Ranks the inbox and returns one page, in the shape of seed 004's `GET /api/tickets` response.
 *
 * Filters by status (`open` by default) and channel, matches topic alerts (a match adds the
 * `topic_alert` boost, +5 by default), scores each remaining ticket and orders by score, highest
 * first. Ties break deterministically: the ticket waiting longer first, then the smaller id (by
 * code unit), then input order. Only the tickets up to the end of the requested page are ordered
 * — a bounded heap picks them — unless the page reaches past half the inbox, where one sort is
 * cheaper.
 *
 * @example
 * ```ts
 * import { rankTickets } from 'crmkit';
 *
 * app.get('/api/tickets', (req, res) => {
 *   res.json(rankTickets({
 *     tickets: inbox, customers,
 *     status: String(req.query.status ?? 'open'),
 *     topicAlerts: String(req.query.topic_alerts ?? ''),
 *     page: Number(req.query.page ?? 1), limit: Number(req.query.limit ?? 50),
 *   }));
 * });
 * ```
 */
export function rankTickets(options: RankTicketsOptions): RankedPage {
  const parsed = parseInput(optionsSchema, options, 'rankTickets options');
  const scorer = parsed.scorer ?? (defaultScorer ??= createScorer());
  const page = parsed.page ?? 1;
  const limit = parsed.limit ?? 50;
  // One "now" for the whole inbox, so every ticket's age is measured from the same instant.
  const now = parsed.now === undefined ? scorer.clock.now() : timeOf(parsed.now);
  const statusOption = parsed.status === undefined ? 'open' : parsed.status;
  const statuses = statusOption === null ? undefined : new Set(typeof statusOption === 'string' ? [statusOption] : statusOption);
  const channelFilter = parsed.channel === undefined ? undefined : new Set<string>(typeof parsed.channel === 'string' ? [parsed.channel] : parsed.channel);
  const matcher = matcherFor(options.topicAlerts);
  const lookup = customerLookup(options.customers);

  const source = Array.isArray(options.tickets) ? (options.tickets as readonly Ticket[]) : Array.from(options.tickets);
  const kept: Ticket[] = [];
  const scores = new Float64Array(source.length);
  const waitingSince = new Float64Array(source.length);
  const matched: (readonly string[] | undefined)[] = [];
  let matchCount = 0;
  for (const ticket of source) {
    if (typeof ticket !== 'object' || ticket === null) continue;
    if (statuses !== undefined && !statuses.has(ticket.status)) continue;
    if (channelFilter !== undefined && !channelFilter.has(ticket.channel)) continue;
    const topicAlertMatches = matcher === undefined ? noMatches : matcher.match(ticket);
    const customer = typeof ticket.customerId === 'string' ? lookup(ticket.customerId) : undefined;
    const index = kept.length;
    kept.push(ticket);
    if (topicAlertMatches.length > 0) {
      matchCount++;
      matched[index] = topicAlertMatches;
    }
    scores[index] = scorer.score({ ticket, customer, now, topicAlertMatches });
    const created = timeOf(ticket.createdAt);
    // Missing dates and future dates (clock skew) count as "just arrived".
    waitingSince[index] = created === created && !(created > now) ? created : now;
  }

  const total = kept.length;
  const start = (page - 1) * limit;
  const end = Math.min(page * limit, total);
  const better = (left: number, right: number): boolean => {
    const scoreLeft = scores[left]!;
    const scoreRight = scores[right]!;
    if (scoreLeft !== scoreRight) return scoreLeft > scoreRight;
    const sinceLeft = waitingSince[left]!;
    const sinceRight = waitingSince[right]!;
    if (sinceLeft !== sinceRight) return sinceLeft < sinceRight;
    const idLeft = String(kept[left]!.id);
    const idRight = String(kept[right]!.id);
    if (idLeft !== idRight) return idLeft < idRight;
    return left < right;
  };
  const order = start < end ? selectTop(total, end, better).subarray(start, end) : new Int32Array(0);

  const rows: RankedTicket[] = [];
  for (const index of order) {
    const ticket = kept[index]!;
    const created = timeOf(ticket.createdAt);
    const topicAlertMatches = matched[index] ?? noMatches;
    rows.push({
      id: ticket.id,
      subject: ticket.subject,
      priority: ticket.priority ?? null,
      channel: ticket.channel,
      status: ticket.status,
      customer_id: ticket.customerId ?? null,
      created_at: Number.isFinite(created) ? new Date(created).toISOString() : null,
      smart_score: round(scores[index]!, scorer.precision),
      matches_topic_alert: topicAlertMatches.length > 0,
      topic_alert_matches: topicAlertMatches,
    });
  }
  return {
    tickets: rows,
    pagination: { page, limit, total, has_next: page * limit < total, has_prev: page > 1 },
    topic_alerts_active: matcher?.keywords ?? [],
    matches: matchCount,
  };
}
