import type { Customer } from '../core/domain.js';
import type { StoreCallOptions } from '../core/store-call-options.js';

/**
 * Where crmkit reads the host's customers. Every call is scoped by tenant: an id that belongs
 * to another tenant reads as absent.
 *
 * @example
 * ```ts
 * const customers: CustomerSource = createMemoryCustomerSource({ customers: [jane] });
 * const customer = await customers.get('acme', 'c1');
 * ```
 */
export interface CustomerSource {
  /** The customer, or `undefined` when the tenant has none with this id. */
  get(tenantId: string, customerId: string, options?: StoreCallOptions): Promise<Customer | undefined>;
}
