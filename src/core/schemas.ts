import { z } from 'zod/v4';
import { describeHostSchema, isHostSchema, type HostSchema } from './host-schema.js';

/**
 * Zod schema for a {@link ChatMessage}. Content may be empty only for assistant messages.
 *
 * @example
 * ```ts
 * chatMessageSchema.parse({ role: 'user', content: 'Hello' });
 * ```
 */
export const chatMessageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant'], { message: 'Expected `role` to be "system", "user" or "assistant"' }),
    content: z.string({ message: 'Expected `content` to be a string' }),
  })
  .refine((message) => message.role === 'assistant' || message.content.length > 0, {
    message: 'Expected `content` to be a non-empty string for system and user messages',
    path: ['content'],
  });

/**
 * Zod schema for request metadata (tenant, user, session, tags).
 *
 * @example
 * ```ts
 * requestMetadataSchema.parse({ tenantId: 'acme', userId: 'u1' });
 * ```
 */
export const requestMetadataSchema = z.object({
  tenantId: z.string().min(1).max(200).optional(),
  userId: z.string().min(1).max(200).optional(),
  sessionId: z.string().min(1).max(200).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

/**
 * Zod schema for the caller-supplied part of a {@link ChatRequest}: every provider validates
 * its input with it before any network traffic.
 *
 * @example
 * ```ts
 * chatRequestSchema.parse({ messages: [{ role: 'user', content: 'Hi' }], maxOutputTokens: 100 });
 * ```
 */
export const chatRequestSchema = z.object({
  messages: z.array(chatMessageSchema).min(1, 'Expected `messages` to contain at least one message'),
  model: z.string().min(1).optional(),
  maxOutputTokens: z.number().int().positive('Expected `maxOutputTokens` to be a positive integer').optional(),
  temperature: z.number().min(0).max(2, 'Expected `temperature` between 0 and 2').optional(),
  topP: z.number().gt(0).max(1, 'Expected `topP` in (0, 1]').optional(),
  stop: z.array(z.string().min(1)).max(4, 'Expected at most 4 `stop` sequences').optional(),
  schema: z
    .custom<HostSchema>(isHostSchema, {
      error: (issue) => `Expected \`schema\` to be a zod schema (zod ^3.25 or ^4); detected ${describeHostSchema(issue.input).label}${describeHostSchema(issue.input).library === 'zod' ? ': upgrade zod to ^3.25 or ^4' : ''}`,
    })
    .optional(),
  schemaName: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'Expected `schemaName` of letters, digits, _ or -, at most 64').optional(),
  metadata: requestMetadataSchema.optional(),
});
