/**
 * Member filtering shared by the sources that hold every member in memory (memory, Sheets, CSV).
 *
 * @internal
 */
import { z } from 'zod/v4';
import { parseInput } from '../core/validate.js';
import type { Member } from '../core/domain.js';
import type { MemberListOptions } from './member-source.js';
import { lazyObject } from '../core/lazy-object.js';

const calendarDate = lazyObject(() => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a calendar date YYYY-MM-DD'));
const optionsSchema = lazyObject(() => z.object({
  leadStatus: z.array(z.string()).optional(),
  followUpFrom: calendarDate.optional(),
  followUpTo: calendarDate.optional(),
}));

/** The members of `members` (all of one tenant) that match `options`, in their original order. */
export function selectMembers(members: readonly Member[], options: MemberListOptions = {}): Member[] {
  const { leadStatus, followUpFrom, followUpTo } = parseInput(
    optionsSchema,
    { leadStatus: options.leadStatus, followUpFrom: options.followUpFrom, followUpTo: options.followUpTo },
    'MemberSource.list options',
  );
  const statuses = leadStatus && new Set(leadStatus.map((status) => status.toLowerCase()));
  const dated = followUpFrom !== undefined || followUpTo !== undefined;
  // YYYY-MM-DD strings compare correctly as text, so no date parsing on this path.
  return members.filter(
    (member) =>
      (!statuses || statuses.has(member.leadStatus.toLowerCase())) &&
      (!dated ||
        (member.followUpDate !== undefined &&
          (followUpFrom === undefined || member.followUpDate >= followUpFrom) &&
          (followUpTo === undefined || member.followUpDate <= followUpTo))),
  );
}
