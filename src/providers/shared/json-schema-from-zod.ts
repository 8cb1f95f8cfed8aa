import { z } from 'zod/v4';
import { describeHostSchema, type HostSchema } from '../../core/host-schema.js';
import { jsonSchemaFromZod3 } from './json-schema-from-zod3.js';

/**
 * What {@link jsonSchemaFromZod} returns.
 *
 * @example
 * ```ts
 * const { schema, strict }: JsonSchemaFromZod = jsonSchemaFromZod(z.object({ intent: z.string() }));
 * ```
 */
export interface JsonSchemaFromZod {
  /** A JSON Schema (draft 2020-12) without its `$schema` key. */
  readonly schema: Record<string, unknown>;
  /**
   * True when the schema meets OpenAI's strict structured-output rules (every object closed,
   * every property required), so `strict: true` can be sent and the vendor enforces it.
   */
  readonly strict: boolean;
}

/**
 * Converts a zod schema, from the host's zod 3.25+ or 4, to the JSON Schema sent to vendors for
 * structured output, and says whether it qualifies for OpenAI's strict mode. zod 4 schemas (and
 * zod 3.25's `zod/v4`) go through zod's own `toJSONSchema`; zod 3 classic schemas through
 * crmkit's converter of the common types (objects, strings, numbers, booleans, enums, literals,
 * arrays, unions, optional / nullable / default). Anything else (transforms, custom checks, other
 * Standard Schema libraries) falls back to an open `{}` schema; the reply is still validated by
 * the schema itself.
 *
 * @example
 * ```ts
 * const { schema, strict } = jsonSchemaFromZod(z.object({ intent: z.enum(['refund', 'other']) }));
 * // strict === true
 * ```
 */
export function jsonSchemaFromZod(schema: HostSchema): JsonSchemaFromZod {
  const detected = describeHostSchema(schema);
  let json: Record<string, unknown> | undefined;
  try {
    if (detected.major === 4) json = z.toJSONSchema(schema as unknown as z.ZodType, { unrepresentable: 'any' }) as Record<string, unknown>;
    else if (detected.major === 3) json = jsonSchemaFromZod3(schema);
  } catch {
    json = undefined;
  }
  if (!json) return { schema: {}, strict: false };
  const { $schema: _ignored, ...rest } = json;
  return { schema: rest, strict: rest.type === 'object' && isStrictCompatible(rest) };
}

function isStrictCompatible(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(isStrictCompatible);
  if (typeof node !== 'object' || node === null) return true;
  const record = node as Record<string, unknown>;
  if (record.type === 'object' || 'properties' in record) {
    if (record.additionalProperties !== false) return false;
    const properties = Object.keys((record.properties as Record<string, unknown> | undefined) ?? {});
    const required = new Set((record.required as string[] | undefined) ?? []);
    if (!properties.every((key) => required.has(key))) return false;
  }
  return Object.values(record).every(isStrictCompatible);
}
