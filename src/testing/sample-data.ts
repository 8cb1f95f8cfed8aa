import { seededRandom } from '../core/seeded-random.js';
import { z } from 'zod/v4';
import { addDays, isValidTimeZone, localDate } from '../core/calendar.js';
import type { Customer, Member, Order, Ticket, Tracking } from '../core/domain.js';
import { parseInput } from '../core/validate.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Options of {@link createSampleData}.
 *
 * @example
 * ```ts
 * const options: SampleDataOptions = { now: new Date('2025-11-21T09:00:00Z'), timeZone: 'Europe/London', tenantId: 'acme' };
 * ```
 */
export interface SampleDataOptions {
  /**
   * The instant the data is built around: follow-up dates, ticket ages and tracking updates are
   * relative to it. Pass a fixed date in tests so every run sees the same data.
   * @default new Date()
   */
  readonly now?: Date;
  /**
   * IANA time zone in which "today" is computed for the members' follow-up dates.
   * @default 'UTC'
   */
  readonly timeZone?: string;
  /**
   * Tenant every record belongs to.
   * @default 'demo'
   */
  readonly tenantId?: string;
}

/**
 * A small, realistic CRM and help-desk data set, the same for the same options.
 *
 * - `members`: 28 seed-000-style members (`MID-YYYY-MM-DD-NNNNN`). Exactly 13 are due today
 *   (5 `New`, 8 `Follow-up`, as in seed 000's example), 4 are overdue (1, 3, 6 and 12 days), 6 are
 *   due in the next 3 days, 3 are due in 10–20 days and 2 have no follow-up date.
 * - `customers`, `tickets` (open), `pastTickets` (resolved), `orders`, `tracking`: seed 004's
 *   e-commerce inbox. `T-1001` is the VIP-at-churn-risk scenario (Jane, LTV $3,500, churn 0.8,
 *   urgent, 2 hours old, complex, frustrated, order #54321 $156.99 in transit with "No updates for
 *   5 days"); it scores 16.4 with seed 004's formula and ranks first. `T-1003` mentions a
 *   chargeback, so a `chargeback` topic alert lifts it from 7th to 2nd.
 *
 * @example
 * ```ts
 * import { createSampleData } from 'crmkit/testing';
 *
 * const data = createSampleData({ now: new Date('2025-11-21T09:00:00Z') });
 * data.members.filter((member) => member.followUpDate === data.today).length; // 13
 * ```
 */
export interface SampleData {
  readonly tenantId: string;
  readonly now: Date;
  readonly timeZone: string;
  /** Today's calendar date (`YYYY-MM-DD`) in `timeZone`. */
  readonly today: string;
  readonly members: readonly Member[];
  readonly customers: readonly Customer[];
  /** Open tickets, the inbox. */
  readonly tickets: readonly Ticket[];
  /** Resolved tickets, the customers' history. */
  readonly pastTickets: readonly Ticket[];
  readonly orders: readonly Order[];
  readonly tracking: readonly Tracking[];
}

const defaults = { timeZone: 'UTC', tenantId: 'demo' } as const;

const optionsSchema = lazyObject(() => z.object({
  now: z
    .date({ message: 'Expected `now` to be a Date' })
    .refine((date) => !Number.isNaN(date.getTime()), { message: 'Expected `now` to be a valid Date, got Invalid Date' })
    .optional(),
  timeZone: z
    .string({ message: 'Expected `timeZone` to be an IANA time zone name such as "Europe/London"' })
    .refine(isValidTimeZone, { message: 'Expected `timeZone` to be an IANA time zone name such as "Europe/London"' })
    .default(defaults.timeZone),
  tenantId: z.string({ message: 'Expected `tenantId` to be a string' }).min(1, { message: 'Expected `tenantId` to be a non-empty string' }).default(defaults.tenantId),
}));

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

// A fixed-seed PRNG so member id numbers look random but never change between runs.
const mulberry32 = seededRandom;

/** [follow-up offset in days (undefined: no date), lead status, name, notes] */
type MemberRow = readonly [number | undefined, string, string, string?];

// Order matters: it fixes which PRNG draw each member gets.
const memberRows: readonly MemberRow[] = [
  [0, 'New', 'R. Patel', 'Daughter asked about home visits'],
  [0, 'Follow-up', 'M. Okonkwo', 'Waiting for the care plan quote'],
  [0, 'Follow-up', 'H. Lindqvist'],
  [0, 'New', 'S. Moreau', 'Referred by the GP practice'],
  [0, 'Follow-up', 'D. Kowalski', 'Prefers calls after 2 pm'],
  [0, 'Follow-up', 'A. Haddad'],
  [0, 'New', 'J. Fernandes'],
  [0, 'Follow-up', 'L. Nakamura', 'Asked for a second brochure'],
  [0, 'Follow-up', 'P. Brennan'],
  [0, 'New', 'E. Varga', 'Interested in respite care'],
  [0, 'Follow-up', 'K. Mensah'],
  [0, 'Follow-up', 'T. Ivanova', 'Son is the main contact'],
  [0, 'New', 'G. Rossi'],
  [-1, 'Follow-up', 'B. Schultz', 'Missed yesterday, call first thing'],
  [-3, 'Contacted', 'N. Adeyemi'],
  [-6, 'Follow-up', 'C. Dubois', 'Left two voicemails'],
  [-12, 'New', 'F. Olsen'],
  [1, 'Follow-up', 'W. Zhang'],
  [1, 'Contacted', 'I. Petrov'],
  [2, 'New', 'O. Byrne'],
  [2, 'Follow-up', 'Y. Tanaka'],
  [3, 'Contacted', 'V. Costa'],
  [3, 'Follow-up', 'Q. Ahmed'],
  [10, 'Contacted', 'U. Novak'],
  [14, 'Follow-up', 'X. Murphy'],
  [20, 'New', 'Z. Kaplan'],
  [undefined, 'Converted', 'M. Silva', 'Started weekly visits'],
  [undefined, 'Not interested', 'R. Jensen'],
];

function buildMembers(tenantId: string, today: string): Member[] {
  const random = mulberry32(20_251_121);
  return memberRows.map(([offset, leadStatus, name, notes], index) => {
    const created = addDays(today, -(18 + ((index * 7) % 23)));
    // Seed 000's format, MID-<created>-<number>. Every sample suffix has five digits, so no id in a
    // listing looks truncated next to the others (the seed's own data has a few four-digit ones).
    const suffix = 10_000 + Math.floor(random() * 90_000);
    const member: Member = {
      id: `MID-${created}-${suffix}`,
      tenantId,
      name,
      leadStatus,
      ...(offset === undefined ? {} : { followUpDate: addDays(today, offset) }),
      ...(notes === undefined ? {} : { notes }),
    };
    return member;
  });
}

function buildCustomers(tenantId: string): Customer[] {
  const customer = (id: string, name: string, ltv: number, churnRisk: number, totalOrders: number, extra: Partial<Customer> = {}): Customer => ({
    id,
    tenantId,
    name,
    email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
    ltv,
    churnRisk,
    totalOrders,
    ...extra,
  });
  return [
    customer('c-jane', 'Jane Doe', 3500, 0.8, 18, { vip: true, segments: ['vip', 'repeat_buyer'], phone: '+15550100101' }),
    customer('c-sofia', 'Sofia Alvarez', 4800, 0.2, 31, { vip: true, segments: ['vip', 'subscriber'] }),
    customer('c-noah', 'Noah Schmidt', 90, 0.9, 1, { phone: '+15550100108' }),
    customer('c-marcus', 'Marcus Chen', 1200, 0.3, 6, { phone: '+15550100102' }),
    customer('c-amara', 'Amara Okafor', 2100, 0.4, 11),
    customer('c-liam', "Liam O'Brien", 600, 0.5, 4),
    customer('c-priya', 'Priya Natarajan', 850, 0.6, 5, { segments: ['discount_seeker'] }),
    customer('c-elena', 'Elena Rossi', 1500, 0.25, 9, { segments: ['b2b'] }),
    customer('c-tom', 'Tom Becker', 240, 0.1, 2),
  ];
}

interface TicketRow {
  readonly id: string;
  readonly customerId: string;
  readonly channel: Ticket['channel'];
  readonly priority: NonNullable<Ticket['priority']>;
  readonly hoursAgo: number;
  readonly difficulty: NonNullable<Ticket['difficulty']>;
  readonly sentiment: number;
  readonly subject: string;
  readonly body: string;
  readonly orderId?: string;
  readonly tags?: readonly string[];
}

// Every open ticket is at least an hour old: seed 004's age term is 1 / hours_waiting, which
// would let a minutes-old ticket jump the whole inbox.
const openTicketRows: readonly TicketRow[] = [
  {
    id: 'T-1001',
    customerId: 'c-jane',
    channel: 'email',
    priority: 'urgent',
    hoursAgo: 2,
    difficulty: 'complex',
    sentiment: 0.15,
    subject: 'Order #54321 not delivered',
    body: "My order #54321 hasn't arrived yet and the tracking has not changed for days. I needed it for my daughter's birthday this weekend. This is really disappointing.",
    orderId: 'o-54321',
    tags: ['shipping'],
  },
  {
    id: 'T-1005',
    customerId: 'c-sofia',
    channel: 'phone',
    priority: 'normal',
    hoursAgo: 8,
    difficulty: 'normal',
    sentiment: 0.55,
    subject: 'Upgrade my subscription',
    body: 'Please call me about upgrading my subscription to the annual plan. Is there a loyalty discount?',
    tags: ['billing'],
  },
  {
    id: 'T-1008',
    customerId: 'c-noah',
    channel: 'sms',
    priority: 'urgent',
    hoursAgo: 1,
    difficulty: 'normal',
    sentiment: 0.35,
    subject: 'Unknown charge on my card',
    body: 'There is a charge from you on my card I do not recognise. Is this fraud?',
    orderId: 'o-61555',
  },
  {
    id: 'T-1002',
    customerId: 'c-marcus',
    channel: 'sms',
    priority: 'high',
    hoursAgo: 5,
    difficulty: 'easy',
    sentiment: 0.45,
    subject: 'Change delivery address',
    body: 'Can I change the delivery address for order #61200? I moved last week.',
    orderId: 'o-61200',
  },
  {
    id: 'T-1007',
    customerId: 'c-amara',
    channel: 'chat',
    priority: 'normal',
    hoursAgo: 3,
    difficulty: 'easy',
    sentiment: 0.6,
    subject: 'Shipping to Canada',
    body: 'Hi! Do you ship to Canada, and how long does it usually take?',
  },
  {
    id: 'T-1006',
    customerId: 'c-liam',
    channel: 'email',
    priority: 'high',
    hoursAgo: 26,
    difficulty: 'complex',
    sentiment: 0.25,
    subject: 'Blender arrived damaged',
    body: 'The blender from order #59034 arrived with a cracked jar. I want a replacement, not a refund.',
    orderId: 'o-59034',
    tags: ['damaged'],
  },
  {
    id: 'T-1003',
    customerId: 'c-priya',
    channel: 'chat',
    priority: 'normal',
    hoursAgo: 1.5,
    difficulty: 'normal',
    sentiment: 0.2,
    subject: 'Charged twice',
    body: "I was charged twice for order #60077 again. If this isn't fixed today I will file a chargeback with my bank.",
    orderId: 'o-60077',
    tags: ['billing'],
  },
  {
    id: 'T-1009',
    customerId: 'c-elena',
    channel: 'email',
    priority: 'normal',
    hoursAgo: 48,
    difficulty: 'normal',
    sentiment: 0.5,
    subject: 'Invoice for order #58810',
    body: 'Could you send me a VAT invoice for order #58810? Our accounts team needs it by Friday.',
    orderId: 'o-58810',
  },
  {
    id: 'T-1010',
    customerId: 'c-tom',
    channel: 'chat',
    priority: 'low',
    hoursAgo: 4,
    difficulty: 'easy',
    sentiment: 0.85,
    subject: 'Thanks!',
    body: 'Just wanted to say the package arrived and my son loves it. Thanks for the quick help!',
  },
  {
    id: 'T-1004',
    customerId: 'c-tom',
    channel: 'email',
    priority: 'low',
    hoursAgo: 30,
    difficulty: 'easy',
    sentiment: 0.7,
    subject: 'Password reset',
    body: 'How do I reset my password? The link in the app does not seem to do anything.',
  },
];

const pastTicketRows: readonly (TicketRow & { readonly resolvedDaysAgo: number })[] = [
  {
    id: 'T-0871',
    customerId: 'c-priya',
    channel: 'email',
    priority: 'high',
    hoursAgo: 60 * 24,
    resolvedDaysAgo: 59,
    difficulty: 'normal',
    sentiment: 0.3,
    subject: 'Double charge',
    body: 'I see two charges for the same order. Please refund one of them.',
    tags: ['billing', 'refunded'],
  },
  {
    id: 'T-0654',
    customerId: 'c-marcus',
    channel: 'chat',
    priority: 'normal',
    hoursAgo: 40 * 24,
    resolvedDaysAgo: 39,
    difficulty: 'easy',
    sentiment: 0.5,
    subject: 'Parcel left at the wrong door',
    body: 'The courier left my parcel with a neighbour two streets away.',
    tags: ['shipping'],
  },
  {
    id: 'T-0412',
    customerId: 'c-liam',
    channel: 'email',
    priority: 'normal',
    hoursAgo: 90 * 24,
    resolvedDaysAgo: 85,
    difficulty: 'normal',
    sentiment: 0.4,
    subject: 'Late delivery',
    body: 'My order is a week late. Where is it?',
    tags: ['shipping'],
  },
];

function toTicket(tenantId: string, now: number, row: TicketRow, status: string, updatedAt?: number): Ticket {
  return {
    id: row.id,
    tenantId,
    customerId: row.customerId,
    channel: row.channel,
    status,
    priority: row.priority,
    subject: row.subject,
    body: row.body,
    sentiment: row.sentiment,
    difficulty: row.difficulty,
    createdAt: new Date(now - row.hoursAgo * hourMs),
    ...(row.orderId === undefined ? {} : { orderId: row.orderId }),
    ...(row.tags === undefined ? {} : { tags: row.tags }),
    ...(updatedAt === undefined ? {} : { updatedAt: new Date(updatedAt) }),
  };
}

function buildOrders(tenantId: string, now: number): { orders: Order[]; tracking: Tracking[] } {
  const order = (id: string, customerId: string, totalCents: number, status: string, daysAgo: number, trackingNumber?: string): Order => ({
    id,
    tenantId,
    customerId,
    number: id.slice(2),
    totalCents,
    currency: 'USD',
    status,
    createdAt: new Date(now - daysAgo * dayMs),
    ...(trackingNumber === undefined ? {} : { trackingNumber }),
  });
  const orders = [
    order('o-54321', 'c-jane', 15_699, 'in_transit', 9, '1Z999AA10123456784'),
    order('o-50112', 'c-jane', 8_950, 'delivered', 64, '1Z999AA10123450001'),
    order('o-61555', 'c-noah', 1_999, 'paid', 1),
    order('o-61200', 'c-marcus', 8_950, 'paid', 2),
    order('o-59034', 'c-liam', 12_900, 'delivered', 6, '1Z999AA10123459034'),
    order('o-60077', 'c-priya', 6_420, 'delivered', 4, '1Z999AA10123460077'),
    order('o-58810', 'c-elena', 24_000, 'delivered', 12, '1Z999AA10123458810'),
    order('o-57003', 'c-sofia', 31_500, 'delivered', 20, '1Z999AA10123457003'),
  ];
  const tracking: Tracking[] = [
    {
      orderId: 'o-54321',
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
      status: 'in_transit',
      description: 'No updates for 5 days',
      lastUpdateAt: new Date(now - 5 * dayMs),
      estimatedDeliveryAt: new Date(now - 1 * dayMs),
    },
    { orderId: 'o-50112', carrier: 'UPS', trackingNumber: '1Z999AA10123450001', status: 'delivered', description: 'Delivered, front door', lastUpdateAt: new Date(now - 60 * dayMs) },
    { orderId: 'o-59034', carrier: 'UPS', trackingNumber: '1Z999AA10123459034', status: 'delivered', description: 'Delivered, signed by LOBRIEN', lastUpdateAt: new Date(now - 2 * dayMs) },
    { orderId: 'o-60077', carrier: 'USPS', trackingNumber: '1Z999AA10123460077', status: 'delivered', description: 'Delivered to mailbox', lastUpdateAt: new Date(now - 1 * dayMs) },
    { orderId: 'o-58810', carrier: 'DHL', trackingNumber: '1Z999AA10123458810', status: 'delivered', description: 'Delivered to reception', lastUpdateAt: new Date(now - 8 * dayMs) },
    { orderId: 'o-57003', carrier: 'DHL', trackingNumber: '1Z999AA10123457003', status: 'delivered', description: 'Delivered', lastUpdateAt: new Date(now - 17 * dayMs) },
  ];
  return { orders, tracking };
}

/**
 * Builds {@link SampleData}: deterministic members, customers, tickets, orders and tracking around
 * `now`, for demos, examples and tests. Nothing here is a real person; emails use `example.com`
 * and phone numbers the reserved 555-01xx range.
 *
 * @throws `ValidationError` naming the field when `now` is not a valid Date, `timeZone` is
 * not an IANA zone, or `tenantId` is empty.
 *
 * @example
 * ```ts
 * import { createSampleData } from 'crmkit/testing';
 *
 * const data = createSampleData({ now: new Date('2025-11-21T09:00:00Z'), tenantId: 'acme' });
 * const dueToday = data.members.filter((member) => member.followUpDate === data.today);
 * console.log(dueToday.length); // 13
 * console.log(data.tickets[0]?.id); // 'T-1001', Jane's undelivered order
 * ```
 */
export function createSampleData(options: SampleDataOptions = {}): SampleData {
  const parsed = parseInput(optionsSchema, options, 'createSampleData options');
  const nowDate = parsed.now ?? new Date();
  const now = nowDate.getTime();
  const today = localDate(nowDate.getTime(), parsed.timeZone);
  const { orders, tracking } = buildOrders(parsed.tenantId, now);
  return {
    tenantId: parsed.tenantId,
    now: new Date(now),
    timeZone: parsed.timeZone,
    today,
    members: buildMembers(parsed.tenantId, today),
    customers: buildCustomers(parsed.tenantId),
    tickets: openTicketRows.map((row) => toTicket(parsed.tenantId, now, row, 'open')),
    pastTickets: pastTicketRows.map((row) => toTicket(parsed.tenantId, now, row, 'resolved', now - row.resolvedDaysAgo * dayMs)),
    orders,
    tracking,
  };
}
