import { throwIfAborted } from '../../core/abort.js';
import type { Order, Tracking } from '../../core/domain.js';
import type { OrderSource } from '../order-source.js';
import { groupByTenant } from './group-by-tenant.js';

/**
 * Options of {@link createMemoryOrderSource}.
 *
 * @example
 * ```ts
 * const options: MemoryOrderSourceOptions = {
 *   orders: [{ id: 'o1', tenantId: 'acme', customerId: 'c1', number: '54321', totalCents: 15699, currency: 'USD', status: 'in_transit', createdAt: new Date() }],
 *   tracking: [{ orderId: 'o1', carrier: 'UPS', status: 'in_transit', description: 'No updates for 5 days' }],
 * };
 * const orders = createMemoryOrderSource(options);
 * ```
 */
export interface MemoryOrderSourceOptions {
  /** The orders, of any number of tenants. @default [] */
  readonly orders?: readonly Order[];
  /** Tracking states, each for one of `orders` (matched by `orderId`). @default [] */
  readonly tracking?: readonly Tracking[];
}

/**
 * An OrderSource over in-memory lists.
 *
 * @example
 * ```ts
 * import { createMemoryOrderSource } from 'crmkit';
 *
 * const orders = createMemoryOrderSource({
 *   orders: [{ id: 'o1', tenantId: 'acme', customerId: 'c1', number: '54321', totalCents: 15699, currency: 'USD', status: 'in_transit', createdAt: new Date() }],
 *   tracking: [{ orderId: 'o1', status: 'in_transit', description: 'No updates for 5 days' }],
 * });
 * await orders.recentOrders('acme', 'c1');
 * ```
 */
export function createMemoryOrderSource(options: MemoryOrderSourceOptions = {}): OrderSource {
  const byTenant = groupByTenant(options.orders ?? []);
  const tracking = new Map((options.tracking ?? []).map((state) => [state.orderId, state]));
  return {
    async recentOrders(tenantId, customerId, recentOptions) {
      throwIfAborted(recentOptions?.signal);
      const limit = recentOptions?.limit ?? 5;
      return (byTenant.get(tenantId) ?? [])
        .filter((order) => order.customerId === customerId)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
        .slice(0, limit);
    },
    async tracking(tenantId, orderId, callOptions) {
      throwIfAborted(callOptions?.signal);
      // Tracking rows carry no tenant: reach them only through an order of this tenant.
      const owned = byTenant.get(tenantId)?.some((order) => order.id === orderId);
      return owned ? tracking.get(orderId) : undefined;
    },
  };
}
