import { z } from 'zod/v4';
import { describeHostSchema, isHostSchema, type HostSchema } from './host-schema.js';
import { lazyObject, unwrapLazy } from './lazy-object.js';

/**
 * Zod schema for a `ToolCall` (from `crmkit`) in history.
 *
 * @example
 * ```ts
 * toolCallSchema.parse({ id: 'call_1', name: 'lookup_order', arguments: { orderId: '54321' } });
 * ```
 */
export const toolCallSchema = lazyObject(() => z.object({
  id: z.string().min(1, 'Expected a tool call `id` to be a non-empty string'),
  name: z.string().min(1, 'Expected a tool call `name` to be a non-empty string'),
  arguments: z.unknown(),
  rawArguments: z.string().optional(),
  argumentsError: z.string().optional(),
}));

/**
 * Zod schema for a `ToolSpec` (from `crmkit`); the input schema is checked for its Standard
 * Schema shape.
 *
 * @example
 * ```ts
 * toolSpecSchema.parse({ name: 'lookup_order', description: 'Find an order', inputSchema: z.object({ orderId: z.string() }) });
 * ```
 */
export const toolSpecSchema = lazyObject(() => z.object({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'Expected a tool `name` of 1–64 letters, digits, _ or -'),
  description: z.string({ message: 'Expected a tool `description` (a string)' }),
  inputSchema: z.custom((value) => typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)['~standard'] === 'object', {
    message: 'Expected a tool `inputSchema` to be a zod (Standard Schema) schema',
  }),
  jsonSchema: z.record(z.string(), z.unknown()).optional(),
}));

/**
 * Zod schema for a `ChatMessage` (from `crmkit`). Content may be empty only for assistant messages.
 *
 * @example
 * ```ts
 * chatMessageSchema.parse({ role: 'user', content: 'Hello' });
 * ```
 */
export const chatMessageSchema = lazyObject(() => z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool'], { message: 'Expected `role` to be "system", "user", "assistant" or "tool"' }),
    content: z.string({ message: 'Expected `content` to be a string' }),
    toolCalls: z.array(unwrapLazy(toolCallSchema)).optional(),
    toolCallId: z.string().min(1, 'Expected `toolCallId` to be a non-empty string').optional(),
    toolName: z.string().min(1, 'Expected `toolName` to be a non-empty string').optional(),
    isError: z.boolean().optional(),
  })
  .refine((message) => message.role === 'assistant' || message.role === 'tool' || message.content.length > 0, {
    message: 'Expected `content` to be a non-empty string for system and user messages',
    path: ['content'],
  })
  .refine((message) => message.role !== 'tool' || (message.toolCallId !== undefined && message.toolName !== undefined), {
    message: 'Expected a tool message to have `toolCallId` (the call it answers) and `toolName`',
    path: ['toolCallId'],
  })
  .refine((message) => message.toolCalls === undefined || message.role === 'assistant', {
    message: 'Expected `toolCalls` only on assistant messages',
    path: ['toolCalls'],
  }));

/**
 * Zod schema for request metadata (tenant, user, session, tags).
 *
 * @example
 * ```ts
 * requestMetadataSchema.parse({ tenantId: 'acme', userId: 'u1' });
 * ```
 */
export const requestMetadataSchema = lazyObject(() => z.object({
  tenantId: z.string().min(1).max(200).optional(),
  userId: z.string().min(1).max(200).optional(),
  sessionId: z.string().min(1).max(200).optional(),
  tags: z.record(z.string(), z.string()).optional(),
}));

/**
 * Zod schema for the caller-supplied part of a `ChatRequest` (from `crmkit`): every provider
 * validates its input with it before any network traffic.
 *
 * @example
 * ```ts
 * chatRequestSchema.parse({ messages: [{ role: 'user', content: 'Hi' }], maxOutputTokens: 100 });
 * ```
 */
export const chatRequestSchema = lazyObject(() => z.object({
  messages: z.array(unwrapLazy(chatMessageSchema)).min(1, 'Expected `messages` to contain at least one message'),
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
  tools: z
    .array(unwrapLazy(toolSpecSchema))
    .refine((tools) => new Set(tools.map((tool) => tool.name)).size === tools.length, { message: 'Expected every tool `name` to be unique' })
    .optional(),
  toolChoice: z
    .union([z.enum(['auto', 'none', 'required']), z.object({ type: z.literal('tool'), name: z.string().min(1) })], {
      message: 'Expected `toolChoice` to be "auto", "none", "required" or { type: "tool", name }',
    })
    .optional(),
  metadata: unwrapLazy(requestMetadataSchema).optional(),
}).refine((request) => isToolChoiceServed(request.toolChoice, request.tools), {
  message: 'Expected `toolChoice` "required" or a named tool to come with `tools` that include it',
  path: ['toolChoice'],
}));

/** True when `toolChoice` asks for nothing the request's tools cannot give. @internal */
export function isToolChoiceServed(choice: unknown, tools: readonly { readonly name: string }[] | undefined): boolean {
  if (choice === undefined || choice === 'auto' || choice === 'none') return true;
  if (choice === 'required') return tools !== undefined && tools.length > 0;
  return tools !== undefined && tools.some((tool) => tool.name === (choice as { name: string }).name);
}
