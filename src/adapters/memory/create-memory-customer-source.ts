import { throwIfAborted } from '../../core/abort.js';
import type { Customer } from '../../core/domain.js';
import type { CustomerSource } from '../customer-source.js';

/**
 * Options of {@link createMemoryCustomerSource}.
 *
 * @example
 * ```ts
 * const options: MemoryCustomerSourceOptions = { customers: [{ id: 'c1', tenantId: 'acme', name: 'Jane Doe', ltv: 3500, churnRisk: 0.8, vip: true }] };
 * const customers = createMemoryCustomerSource(options);
 * ```
 */
export interface MemoryCustomerSourceOptions {
  /** The customers, of any number of tenants. @default [] */
  readonly customers?: readonly Customer[];
}

/**
 * A CustomerSource over an in-memory list: for tests, demos and hosts that already hold their
 * customers in memory.
 *
 * @example
 * ```ts
 * import { createMemoryCustomerSource } from 'crmkit';
 *
 * const customers = createMemoryCustomerSource({
 *   customers: [{ id: 'c1', tenantId: 'acme', name: 'Jane Doe', ltv: 3500, churnRisk: 0.8 }],
 * });
 * await customers.get('acme', 'c1');
 * ```
 */
export function createMemoryCustomerSource(options: MemoryCustomerSourceOptions = {}): CustomerSource {
  const byKey = new Map((options.customers ?? []).map((customer) => [`${customer.tenantId}\u0000${customer.id}`, customer]));
  return {
    async get(tenantId, customerId, callOptions) {
      throwIfAborted(callOptions?.signal);
      return byKey.get(`${tenantId}\u0000${customerId}`);
    },
  };
}
