import { throwIfAborted } from '../../core/abort.js';
import type { Member } from '../../core/domain.js';
import type { MemberSource } from '../member-source.js';
import { selectMembers } from '../select-members.js';
import { groupByTenant } from './group-by-tenant.js';

/**
 * Options of {@link createMemoryMemberSource}.
 *
 * @example
 * ```ts
 * const options: MemoryMemberSourceOptions = {
 *   members: [{ id: 'MID-2025-11-03-11592', tenantId: 'care', leadStatus: 'Follow-up', followUpDate: '2025-11-21' }],
 * };
 * const members = createMemoryMemberSource(options);
 * ```
 */
export interface MemoryMemberSourceOptions {
  /** The members, of any number of tenants. @default [] */
  readonly members?: readonly Member[];
}

/**
 * A MemberSource over an in-memory list.
 *
 * @example
 * ```ts
 * import { createMemoryMemberSource } from 'crmkit';
 *
 * const members = createMemoryMemberSource({
 *   members: [{ id: 'MID-2025-11-03-11592', tenantId: 'care', leadStatus: 'Follow-up', followUpDate: '2025-11-21' }],
 * });
 * await members.list('care', { followUpTo: '2025-11-21' });
 * ```
 */
export function createMemoryMemberSource(options: MemoryMemberSourceOptions = {}): MemberSource {
  const byTenant = groupByTenant(options.members ?? []);
  return {
    async list(tenantId, listOptions) {
      throwIfAborted(listOptions?.signal);
      return selectMembers(byTenant.get(tenantId) ?? [], listOptions);
    },
    async get(tenantId, memberId, callOptions) {
      throwIfAborted(callOptions?.signal);
      return byTenant.get(tenantId)?.find((member) => member.id === memberId);
    },
  };
}
