import type { Member } from '../core/domain.js';
import type { StoreCallOptions } from '../core/store-call-options.js';

/**
 * Filters of {@link MemberSource.list}. Date bounds are calendar dates `YYYY-MM-DD`, inclusive;
 * turn "today", "this week" or "overdue" into bounds with the scoring layer's follow-up filters,
 * which know the host's time zone.
 *
 * @example
 * ```ts
 * const options: MemberListOptions = { leadStatus: ['New', 'Follow-up'], followUpFrom: '2025-11-17', followUpTo: '2025-11-23' };
 * const thisWeek = await members.list('care', options);
 * ```
 */
export interface MemberListOptions extends StoreCallOptions {
  /** Only members whose lead status is one of these (compared case-insensitively). */
  readonly leadStatus?: readonly string[];
  /** Only members with a follow-up date on or after this date. */
  readonly followUpFrom?: string;
  /** Only members with a follow-up date on or before this date. */
  readonly followUpTo?: string;
}

/**
 * Where crmkit reads members and leads with follow-up dates (seed 000's CRM sheet). Every call is
 * scoped by tenant.
 *
 * @example
 * ```ts
 * const source: MemberSource = createMemoryMemberSource({ members });
 * const due = await members.list('care', { followUpTo: '2025-11-21' });
 * ```
 */
export interface MemberSource {
  /** Matching members, in the source's own order (sheet row order, insertion order). */
  list(tenantId: string, options?: MemberListOptions): Promise<Member[]>;
  /** The member, or `undefined` when the tenant has none with this id. */
  get(tenantId: string, memberId: string, options?: StoreCallOptions): Promise<Member | undefined>;
}
