import { z } from 'zod/v4';
import { lazyObject } from '../../core/lazy-object.js';

const day = lazyObject(() => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD'));

/**
 * Validates a `UsageQuery`; every store runs it at its boundary.
 *
 * @example
 * ```ts
 * const query = parseInput(usageQuerySchema, input, 'getUsage query');
 * ```
 */
export const usageQuerySchema = lazyObject(() => z
  .object({
    tenantId: z.string().min(1, 'name the tenant whose usage to read'),
    userId: z.string().min(1).optional(),
    from: day.optional(),
    to: day.optional(),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, { message: '`from` must not be after `to`', path: ['from'] }));

