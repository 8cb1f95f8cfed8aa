import { z } from 'zod/v4';
import type { Order, Ticket, Tracking } from '../core/domain.js';
import type { Tool } from '../core/tools.js';
import { parseInput } from '../core/validate.js';
import type { CustomerSource } from '../adapters/customer-source.js';
import type { OrderSource } from '../adapters/order-source.js';
import type { TicketSource } from '../adapters/ticket-source.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * The names of the built-in CRM tools.
 *
 * @example
 * ```ts
 * const name: CrmToolName = 'lookup_order';
 * ```
 */
export type CrmToolName = 'find_customer' | 'lookup_order' | 'track_shipment' | 'search_past_tickets' | 'escalate_to_human';

/**
 * Options for {@link createCrmTools}. The tenant (and, when given, the customer) is fixed here,
 * not chosen by the model: no argument a model sends can reach another tenant's rows, or another
 * customer's when `customerId` is set.
 *
 * @example
 * ```ts
 * const options: CrmToolsOptions = { tenantId: 'acme', customerId: 'c-jane', orders, customers, tickets };
 * ```
 */
export interface CrmToolsOptions {
  readonly tenantId: string;
  /**
   * The customer of this conversation. When set, the tools read only this customer's data (an
   * order of someone else reads as not found) and orders can be found by their number.
   */
  readonly customerId?: string;
  readonly customers?: CustomerSource;
  readonly orders?: OrderSource;
  readonly tickets?: TicketSource;
  /** Hands the conversation to a person; enables `escalate_to_human`. */
  readonly escalate?: (input: { readonly reason: string; readonly signal: AbortSignal }) => Promise<unknown>;
  /** Orders searched for a number, and past tickets returned, at most. @default 20 orders, 5 tickets */
  readonly limits?: { readonly orders?: number; readonly pastTickets?: number };
}

const optionsSchema = lazyObject(() => z.object({
  tenantId: z.string().min(1, 'Expected `tenantId` to be a non-empty string'),
  customerId: z.string().min(1, 'Expected `customerId` to be a non-empty string when given').optional(),
}));

const orderIdInput = lazyObject(() => z.object({ orderId: z.string().trim().min(1).max(64).describe('The order number or id, e.g. 54321 (without #)') }));

function orderView(order: Order): Record<string, unknown> {
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    total: `${(order.totalCents / 100).toFixed(2)} ${order.currency}`,
    placedAt: order.createdAt.toISOString(),
    ...(order.trackingNumber ? { trackingNumber: order.trackingNumber } : {}),
  };
}

function trackingView(tracking: Tracking): Record<string, unknown> {
  return {
    status: tracking.status,
    ...(tracking.carrier ? { carrier: tracking.carrier } : {}),
    ...(tracking.trackingNumber ? { trackingNumber: tracking.trackingNumber } : {}),
    ...(tracking.description ? { description: tracking.description } : {}),
    ...(tracking.lastUpdateAt ? { lastUpdateAt: tracking.lastUpdateAt.toISOString() } : {}),
    ...(tracking.estimatedDeliveryAt ? { estimatedDeliveryAt: tracking.estimatedDeliveryAt.toISOString() } : {}),
  };
}

function ticketView(ticket: Ticket): Record<string, unknown> {
  return { id: ticket.id, subject: ticket.subject, status: ticket.status, channel: ticket.channel, createdAt: ticket.createdAt.toISOString(), ...(ticket.orderId ? { orderId: ticket.orderId } : {}) };
}

/** `#54321`, `54321` and `o-54321` name the same order when one of them is its id or number. */
function normaliseOrderRef(reference: string): string {
  return reference.trim().replace(/^#/, '').toLowerCase();
}

/**
 * The CRM tools over the host's adapters, for {@link runTools} or `assistant.send({ tools })`:
 * `find_customer`, `lookup_order` (order and tracking), `track_shipment`, `search_past_tickets`
 * and `escalate_to_human`, each present only when its source (or `escalate`) is given. Every tool
 * is bound to `tenantId` (and `customerId`) at construction, so it never reads another tenant's
 * rows whatever the model asks; results hold only what a support answer needs.
 *
 * @example
 * ```ts
 * import { createCrmTools, runTools } from 'crmkit';
 *
 * const tools = createCrmTools({ tenantId: 'acme', customerId: 'c-jane', orders, customers, tickets });
 * const { text } = await runTools({ provider, request: { messages: [{ role: 'user', content: 'Where is my order #54321?' }] }, tools });
 * ```
 */
export function createCrmTools(options: CrmToolsOptions): Tool[] {
  const { tenantId, customerId } = parseInput(optionsSchema, { tenantId: options.tenantId, customerId: options.customerId }, 'createCrmTools options');
  const orderLimit = options.limits?.orders ?? 20;
  const ticketLimit = options.limits?.pastTickets ?? 5;
  const tools: Tool[] = [];
  const { customers, orders, tickets } = options;

  if (customers && customerId !== undefined) {
    tools.push({
      name: 'find_customer',
      description: "Get the customer of this conversation: name, contact details, VIP status and order count.",
      inputSchema: z.object({}),
      async execute(_input: Record<string, never>, { signal }) {
        const customer = await customers.get(tenantId, customerId, { signal });
        if (!customer) return { found: false };
        return {
          found: true,
          customer: { id: customer.id, name: customer.name, ...(customer.email ? { email: customer.email } : {}), vip: customer.vip === true, ...(customer.totalOrders === undefined ? {} : { totalOrders: customer.totalOrders }) },
        };
      },
    });
  }

  if (orders) {
    /** The order this tool may see: among the customer's orders when one is bound, else by id. */
    const findOrder = async (reference: string, signal: AbortSignal): Promise<{ order?: Order; orderId?: string }> => {
      const wanted = normaliseOrderRef(reference);
      if (customerId === undefined) return { orderId: reference.trim().replace(/^#/, '') };
      const recent = await orders.recentOrders(tenantId, customerId, { limit: orderLimit, signal });
      const order = recent.find((candidate) => normaliseOrderRef(candidate.id) === wanted || normaliseOrderRef(candidate.number) === wanted);
      return order ? { order, orderId: order.id } : {};
    };
    tools.push({
      name: 'lookup_order',
      description: 'Look up an order by its number: its status, total, date and the latest shipment tracking.',
      inputSchema: orderIdInput,
      async execute({ orderId }: z.output<typeof orderIdInput>, { signal }) {
        const found = await findOrder(orderId, signal);
        if (found.orderId === undefined) return { found: false, orderId };
        const tracking = await orders.tracking(tenantId, found.orderId, { signal });
        if (!found.order && !tracking) return { found: false, orderId };
        return { found: true, ...(found.order ? { order: orderView(found.order) } : { orderId: found.orderId }), ...(tracking ? { tracking: trackingView(tracking) } : { tracking: null }) };
      },
    });
    tools.push({
      name: 'track_shipment',
      description: "Get the latest shipment tracking of an order: carrier, status, last update and estimated delivery.",
      inputSchema: orderIdInput,
      async execute({ orderId }: z.output<typeof orderIdInput>, { signal }) {
        const found = await findOrder(orderId, signal);
        const tracking = found.orderId === undefined ? undefined : await orders.tracking(tenantId, found.orderId, { signal });
        return tracking ? { found: true, tracking: trackingView(tracking) } : { found: false, orderId };
      },
    });
  }

  if (tickets && customerId !== undefined) {
    tools.push({
      name: 'search_past_tickets',
      description: "List this customer's earlier support tickets, newest first (subject, status, date).",
      inputSchema: z.object({}),
      async execute(_input: Record<string, never>, { signal }) {
        const past = await tickets.pastTickets(tenantId, customerId, { limit: ticketLimit, signal });
        return { tickets: past.map(ticketView) };
      },
    });
  }

  const escalate = options.escalate;
  if (escalate) {
    const reasonInput = z.object({ reason: z.string().trim().min(1).max(500).describe('Why a person should take over, in one sentence') });
    tools.push({
      name: 'escalate_to_human',
      description: 'Hand the conversation to a human agent when you cannot resolve it or the customer asks for a person.',
      inputSchema: reasonInput,
      async execute({ reason }: z.output<typeof reasonInput>, { signal }) {
        await escalate({ reason, signal });
        return { escalated: true };
      },
    });
  }
  return tools;
}
