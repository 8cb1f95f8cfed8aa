/**
 * A MemberSource over any table loader (sheet or CSV).
 *
 * @internal
 */
import type { z } from 'zod/v4';
import { throwIfAborted } from '../../core/abort.js';
import type { Member } from '../../core/domain.js';
import type { MemberSource } from '../member-source.js';
import { selectMembers } from '../select-members.js';
import { createTabularLoader } from './create-tabular-source.js';
import { memberColumns, memberRowSchema } from './member-row-schema.js';
import type { TabularSource } from './tabular-load.js';
import type { TabularMappingOptions } from './tabular-source-options.js';

/**
 * A MemberSource read from a table, with `load()` for the rejected rows.
 *
 * @example
 * ```ts
 * const members: TabularMemberSource = createCsvMemberSource({ tenantId: 'care', path: './members.csv' });
 * const { rejected } = await members.load();
 * const due = await members.list('care', { followUpTo: '2025-11-21' });
 * ```
 */
export type TabularMemberSource = MemberSource & TabularSource<Member>;

/** Builds a member source from a row reader. */
export function createTabularMemberSource(
  label: string,
  readRows: (signal: AbortSignal | undefined) => Promise<readonly (readonly unknown[])[]>,
  options: TabularMappingOptions<Omit<Member, 'tenantId'>>,
): TabularMemberSource {
  const load = createTabularLoader(label, readRows, options, {
    columns: memberColumns,
    schema: memberRowSchema as unknown as z.ZodType<Omit<Member, 'tenantId'>>,
    extraField: 'extra',
  });
  const recordsOf = async (tenantId: string, signal: AbortSignal | undefined): Promise<readonly Member[]> => {
    throwIfAborted(signal);
    return tenantId === options.tenantId ? (await load(signal)).records : [];
  };
  return {
    load: (loadOptions) => load(loadOptions?.signal),
    list: async (tenantId, listOptions) => selectMembers(await recordsOf(tenantId, listOptions?.signal), listOptions),
    get: async (tenantId, memberId, callOptions) => (await recordsOf(tenantId, callOptions?.signal)).find((member) => member.id === memberId),
  };
}
