import type { Order, Tracking } from '../core/domain.js';
import type { StoreCallOptions } from '../core/store-call-options.js';

/**
 * Options of {@link OrderSource.recentOrders}.
 *
 * @example
 * ```ts
 * const options: RecentOrdersOptions = { limit: 3, signal: AbortSignal.timeout(2_000) };
 * const recent = await orders.recentOrders('acme', 'c1', options);
 * ```
 */
export interface RecentOrdersOptions extends StoreCallOptions {
  /**
   * At most this many orders.
   * @default 5
   */
  readonly limit?: number;
}

/**
 * Where crmkit reads orders and shipment tracking (seed 004's context gathering). Every call is
 * scoped by tenant.
 *
 * @example
 * ```ts
 * const orders: OrderSource = createMemoryOrderSource({ orders: [order], tracking: [tracking] });
 * const recent = await orders.recentOrders('acme', 'c1', { limit: 3 });
 * const shipment = await orders.tracking('acme', recent[0].id);
 * ```
 */
export interface OrderSource {
  /** The customer's orders, newest first. */
  recentOrders(tenantId: string, customerId: string, options?: RecentOrdersOptions): Promise<Order[]>;
  /** The latest tracking state of an order, or `undefined` when the order is unknown or not shipped. */
  tracking(tenantId: string, orderId: string, options?: StoreCallOptions): Promise<Tracking | undefined>;
}
