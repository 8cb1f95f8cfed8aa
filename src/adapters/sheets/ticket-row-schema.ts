import { z } from 'zod/v4';
import { channels, ticketPriorities, type Channel, type Ticket } from '../../core/domain.js';
import { instant, optionalText, requiredText } from './row-fields.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * The default mapping from a sheet's normalised header to {@link Ticket} fields.
 *
 * @example
 * ```ts
 * const columns = { ...ticketColumns, message: 'body' };
 * ```
 */
export const ticketColumns: Readonly<Record<string, keyof Ticket>> = {
  id: 'id',
  ticket_id: 'id',
  customer_id: 'customerId',
  customer: 'customerId',
  channel: 'channel',
  status: 'status',
  priority: 'priority',
  subject: 'subject',
  body: 'body',
  message: 'body',
  tags: 'tags',
  sentiment: 'sentiment',
  difficulty: 'difficulty',
  order_id: 'orderId',
  created_at: 'createdAt',
  created: 'createdAt',
  updated_at: 'updatedAt',
};

const lowerEnum = <T extends string>(values: readonly T[], what: string): z.ZodType<T | undefined> =>
  optionalText.transform((value, context) => {
    if (value === undefined) return undefined;
    const lower = value.toLowerCase() as T;
    if (values.includes(lower)) return lower;
    context.addIssue({ code: 'custom', message: `Expected ${what} to be one of ${values.join(', ')}` });
    return z.NEVER;
  });

/**
 * The default row schema for tickets: `id`, `channel`, `subject`, `body` and `createdAt` required;
 * `tags` a comma-separated list; `sentiment` a number from 0 to 1; `status` defaults to `open`.
 *
 * @example
 * ```ts
 * const schema = ticketRowSchema.extend({ status: z.string().default('new') });
 * ```
 */
export const ticketRowSchema = lazyObject(() => z.object({
  id: requiredText('a ticket id'),
  customerId: optionalText,
  channel: requiredText('a channel (email, sms, chat or phone)').transform((value, context) => {
    const lower = value.toLowerCase() as Channel;
    if (channels.includes(lower)) return lower;
    context.addIssue({ code: 'custom', message: `Expected \`channel\` to be one of ${channels.join(', ')}` });
    return z.NEVER;
  }),
  status: optionalText.transform((value) => value ?? 'open'),
  priority: lowerEnum(ticketPriorities, '`priority`'),
  subject: requiredText('a subject'),
  body: requiredText('the message body'),
  tags: optionalText.transform((value) => value?.split(',').map((tag) => tag.trim()).filter(Boolean)),
  sentiment: optionalText.transform((value, context) => {
    if (value === undefined) return undefined;
    const sentiment = Number(value);
    if (Number.isFinite(sentiment) && sentiment >= 0 && sentiment <= 1) return sentiment;
    context.addIssue({ code: 'custom', message: 'Expected `sentiment` as a number from 0 to 1' });
    return z.NEVER;
  }),
  difficulty: lowerEnum(['easy', 'normal', 'complex'] as const, '`difficulty`'),
  orderId: optionalText,
  createdAt: instant('`createdAt`'),
  updatedAt: instant('`updatedAt`').optional(),
}));
