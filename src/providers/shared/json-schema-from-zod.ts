import { z } from 'zod';

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
 * Converts a zod schema to the JSON Schema sent to vendors for structured output, and says whether
 * it qualifies for OpenAI's strict mode. Schemas zod cannot express (transforms, custom checks)
 * fall back to an open `{}` schema; the reply is still validated by the zod schema itself.
 *
 * @example
 * ```ts
 * const { schema, strict } = jsonSchemaFromZod(z.object({ intent: z.enum(['refund', 'other']) }));
 * // strict === true
 * ```
 */
export function jsonSchemaFromZod(schema: z.ZodType): JsonSchemaFromZod {
  let json: Record<string, unknown>;
  try {
    json = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>;
  } catch {
    return { schema: {}, strict: false };
  }
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
