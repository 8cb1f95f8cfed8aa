import type { ToolSpec } from '../../core/tools.js';
import { jsonSchemaFromZod } from './json-schema-from-zod.js';

const cache = new WeakMap<ToolSpec, Record<string, unknown>>();

/**
 * The input JSON Schema from the Standard JSON Schema interface (`~standard.jsonSchema`, zod 4.2+
 * and other libraries), which needs no particular zod copy; undefined when the schema lacks it.
 */
function standardJsonSchema(tool: ToolSpec): Record<string, unknown> | undefined {
  const converter = (tool.inputSchema['~standard'] as { jsonSchema?: { input?: (options: { target: string }) => Record<string, unknown> } }).jsonSchema;
  if (typeof converter?.input !== 'function') return undefined;
  try {
    const { $schema: _ignored, ...schema } = converter.input({ target: 'draft-2020-12' });
    return schema;
  } catch {
    return undefined;
  }
}

/**
 * The JSON Schema a vendor receives for a tool's input (the one place tool schemas are converted,
 * cached per tool): `tool.jsonSchema` when given; else the schema's own Standard JSON Schema
 * (`~standard.jsonSchema.input`, zod 4.2+); else crmkit's zod conversion (`jsonSchemaFromZod`:
 * zod 4's `toJSONSchema`, or crmkit's converter for zod 3's classic API). A schema none of them
 * can convert (another Standard Schema library without `jsonSchema`, a zod 3 transform) becomes
 * an open object: the arguments are still validated with the schema itself before a tool runs.
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
  let schema: Record<string, unknown> = tool.jsonSchema ? { ...tool.jsonSchema } : (standardJsonSchema(tool) ?? jsonSchemaFromZod(tool.inputSchema).schema);
  // Every vendor wants an object at the top of a tool's parameters.
  if (schema.type !== 'object') schema = { type: 'object', properties: {}, ...schema, ...(schema.type === undefined ? {} : { type: 'object' }) };
  cache.set(tool, schema);
  return schema;
}
