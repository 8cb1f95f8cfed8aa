import type { z } from 'zod';
import type { ToolSpec } from '../../core/tools.js';
import { jsonSchemaFromZod } from './json-schema-from-zod.js';

const cache = new WeakMap<ToolSpec, Record<string, unknown>>();

/**
 * The JSON Schema a vendor receives for a tool's input: `tool.jsonSchema` when given, else the
 * conversion of its zod schema (the one place tool schemas are converted, cached per tool). A
 * schema that cannot be converted (not zod, or unrepresentable) becomes an open object.
 *
 * @example
 * ```ts
 * toolJsonSchema({ name: 'lookup_order', description: 'Find an order', inputSchema: z.object({ orderId: z.string() }) });
 * // { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'], additionalProperties: false }
 * ```
 */
export function toolJsonSchema(tool: ToolSpec): Record<string, unknown> {
  const known = cache.get(tool);
  if (known) return known;
  let schema: Record<string, unknown> = tool.jsonSchema ? { ...tool.jsonSchema } : jsonSchemaFromZod(tool.inputSchema as unknown as z.ZodType).schema;
  // Every vendor wants an object at the top of a tool's parameters.
  if (schema.type !== 'object') schema = { type: 'object', properties: {}, ...schema, ...(schema.type === undefined ? {} : { type: 'object' }) };
  cache.set(tool, schema);
  return schema;
}
