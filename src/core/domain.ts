/**
 * The records crmkit reads from the host's data. The host owns them; adapters map its storage to
 * these shapes. Every record belongs to a tenant. Timestamps are `Date`s; calendar dates with no
 * time of day (follow-up dates) are `YYYY-MM-DD` strings.
 *
 * @packageDocumentation
 */

/**
 * How a customer reached out, and therefore how a reply must be shaped.
 *
 * @example
 * ```ts
 * const channel: Channel = ticket.channel;
 * const draft = draftReply({ channel, ticket });
 * ```
 */
export type Channel = 'email' | 'sms' | 'chat' | 'phone';

/**
 * All channels.
 *
 * @example
 * ```ts
 * const isChannel = (value: string): value is Channel => (channels as readonly string[]).includes(value);
 * ```
 */
export const channels: readonly Channel[] = ['email', 'sms', 'chat', 'phone'];

/**
 * How long a reply may be on one channel, in the unit the channel counts.
 *
 * @example
 * ```ts
 * const limit: ChannelLimit = { unit: 'characters', max: 160 };
 * ```
 */
export interface ChannelLimit {
  /** `characters` are Unicode code points; `words` are counted by `countWords`. */
  readonly unit: 'characters' | 'words';
  readonly max: number;
}

/**
 * The length limit of each channel (seed 004): SMS 160 characters, email 200 words, chat 100
 * words, phone 75 words. The one source of truth: the AI draft prompt states these limits,
 * `checkDraft` enforces them on model drafts and the rule-based drafts are built to fit them.
 *
 * @example
 * ```ts
 * channelLimits.sms; // { unit: 'characters', max: 160 }
 * ```
 */
export const channelLimits: Readonly<Record<Channel, ChannelLimit>> = {
  sms: { unit: 'characters', max: 160 },
  email: { unit: 'words', max: 200 },
  chat: { unit: 'words', max: 100 },
  phone: { unit: 'words', max: 75 },
};

/**
 * A ticket's priority as the agent or the customer set it (seed 004).
 *
 * @example
 * ```ts
 * const priority: TicketPriority = 'urgent';
 * const hot = await tickets.list('acme', { priority: [priority, 'high'], status: ['open'] });
 * ```
 */
export type TicketPriority = 'urgent' | 'high' | 'normal' | 'low';

/**
 * All ticket priorities, most urgent first.
 *
 * @example
 * ```ts
 * const rank = ticketPriorities.indexOf(ticket.priority ?? 'normal'); // 0 = urgent … 3 = low
 * ```
 */
export const ticketPriorities: readonly TicketPriority[] = ['urgent', 'high', 'normal', 'low'];

/**
 * How hard a ticket is to resolve: easy wins rank higher, complex issues lower (seed 004).
 *
 * @example
 * ```ts
 * const scorer = createScorer({
 *   classifyDifficulty: (ticket): TicketDifficulty => (ticket.tags?.includes('password_reset') ? 'easy' : 'normal'),
 * });
 * ```
 */
export type TicketDifficulty = 'easy' | 'normal' | 'complex';

/**
 * A customer of the host's business.
 *
 * @example
 * ```ts
 * const jane: Customer = { id: 'c1', tenantId: 'acme', name: 'Jane Doe', ltv: 3500, churnRisk: 0.8, vip: true, totalOrders: 18 };
 * ```
 */
export interface Customer {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
  /** Lifetime value in the host's currency units (dollars in the seeds). */
  readonly ltv: number;
  /** Likelihood to churn, 0–1. */
  readonly churnRisk: number;
  readonly vip?: boolean;
  readonly totalOrders?: number;
  readonly segments?: readonly string[];
}

/**
 * A support ticket (seed 004).
 *
 * @example
 * ```ts
 * const ticket: Ticket = {
 *   id: 't1', tenantId: 'acme', customerId: 'c1', channel: 'email', status: 'open', priority: 'urgent',
 *   subject: 'Order not delivered', body: 'My order #54321 has not arrived yet', createdAt: new Date(),
 * };
 * ```
 */
export interface Ticket {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId?: string;
  readonly channel: Channel;
  /** `open`, `pending`, `resolved`, `closed`, or a host-specific status. */
  readonly status: string;
  readonly priority?: TicketPriority;
  readonly subject: string;
  /** The customer's message. Untrusted text. */
  readonly body: string;
  readonly tags?: readonly string[];
  /** 0 (furious) to 1 (delighted); below 0.3 counts as frustrated (seed 004). */
  readonly sentiment?: number;
  readonly difficulty?: TicketDifficulty;
  /** The order the ticket is about, when known. */
  readonly orderId?: string;
  readonly createdAt: Date;
  readonly updatedAt?: Date;
}

/**
 * An order placed by a customer.
 *
 * @example
 * ```ts
 * const order: Order = { id: 'o1', tenantId: 'acme', customerId: 'c1', number: '54321', totalCents: 15699, currency: 'USD', status: 'in_transit', createdAt: new Date() };
 * ```
 */
export interface Order {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId: string;
  /** The number the customer sees, e.g. `54321`. */
  readonly number: string;
  /** Total in minor units (cents). */
  readonly totalCents: number;
  readonly currency: string;
  /** `pending`, `paid`, `shipped`, `in_transit`, `delivered`, `cancelled`, `refunded`… */
  readonly status: string;
  readonly trackingNumber?: string;
  readonly createdAt: Date;
}

/**
 * The latest tracking state of an order's shipment.
 *
 * @example
 * ```ts
 * const tracking: Tracking = { orderId: 'o1', carrier: 'UPS', status: 'in_transit', description: 'No updates for 5 days', lastUpdateAt: new Date() };
 * ```
 */
export interface Tracking {
  readonly orderId: string;
  readonly carrier?: string;
  readonly trackingNumber?: string;
  readonly status: string;
  /** Human-readable summary, e.g. "No updates for 5 days". */
  readonly description?: string;
  readonly lastUpdateAt?: Date;
  readonly estimatedDeliveryAt?: Date;
}

/**
 * A member or lead with a follow-up date (seed 000's CRM sheet).
 *
 * @example
 * ```ts
 * const member: Member = { id: 'MID-2025-11-03-11592', tenantId: 'care', name: 'R. Patel', leadStatus: 'Follow-up', followUpDate: '2025-11-21' };
 * ```
 */
export interface Member {
  /** Member id, e.g. `MID-2025-11-03-11592`. */
  readonly id: string;
  readonly tenantId: string;
  readonly name?: string;
  /** `New`, `Follow-up`, `Contacted`, `Converted`… as the host's sheet says. */
  readonly leadStatus: string;
  /** Next follow-up as a calendar date `YYYY-MM-DD` in the host's time zone, if any. */
  readonly followUpDate?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly notes?: string;
  /** Any other columns of the host's sheet, kept as text. */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * The follow-up windows of seed 000. `all` means no date filter.
 *
 * @example
 * ```ts
 * const filter: FollowUpFilter = classifyCrmQuestion({ query }).filters[0] ?? 'all';
 * const { members: due } = filterFollowUps({ members, filter, timeZone: 'Europe/London' });
 * ```
 */
export type FollowUpFilter = 'today' | 'this_week' | 'overdue' | 'all';

/**
 * All follow-up filters.
 *
 * @example
 * ```ts
 * const filter = followUpFilters.find((candidate) => candidate === url.searchParams.get('filter')) ?? 'all';
 * ```
 */
export const followUpFilters: readonly FollowUpFilter[] = ['today', 'this_week', 'overdue', 'all'];
