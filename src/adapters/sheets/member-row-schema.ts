import { z } from 'zod/v4';
import type { Member } from '../../core/domain.js';
import { optionalCalendarDate, optionalText, requiredText } from './row-fields.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * The default mapping from a sheet's header (normalised: lowercase, runs of other characters
 * turned into `_`, so "Follow-up Date" reads `follow_up_date`) to {@link Member} fields. Columns
 * not named here are kept, as text, in `extra`.
 *
 * @example
 * ```ts
 * const columns = { ...memberColumns, client_ref: 'id' };
 * ```
 */
export const memberColumns: Readonly<Record<string, keyof Member>> = {
  id: 'id',
  member_id: 'id',
  mid: 'id',
  name: 'name',
  member_name: 'name',
  full_name: 'name',
  lead_status: 'leadStatus',
  status: 'leadStatus',
  follow_up_date: 'followUpDate',
  follow_up: 'followUpDate',
  next_follow_up: 'followUpDate',
  followup_date: 'followUpDate',
  phone: 'phone',
  phone_number: 'phone',
  email: 'email',
  notes: 'notes',
};

/**
 * The default row schema for members: `id` and `leadStatus` required, `followUpDate` a calendar
 * date (`YYYY-MM-DD`, `YYYY/M/D` or ISO date-time), blank cells absent. Extend or replace it to
 * accept your sheet's conventions.
 *
 * @example
 * ```ts
 * const schema = memberRowSchema.extend({ leadStatus: z.string().default('New') });
 * ```
 */
export const memberRowSchema = lazyObject(() => z.object({
  id: requiredText('a member id'),
  leadStatus: requiredText('a lead status'),
  followUpDate: optionalCalendarDate,
  name: optionalText,
  phone: optionalText,
  email: optionalText,
  notes: optionalText,
  extra: z.record(z.string(), z.string()).optional(),
}));
