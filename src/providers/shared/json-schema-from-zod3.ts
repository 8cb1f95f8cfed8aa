/**
 * JSON Schema from a zod 3 classic schema (`import { z } from 'zod'` with zod 3.25), which has
 * no `toJSONSchema` of its own. Covers what structured-output schemas use; a type JSON Schema
 * cannot describe becomes `{}` (any value), and a transform makes the whole schema open.
 *
 * @internal
 */

interface Zod3Def {
  readonly typeName?: string;
  readonly [key: string]: unknown;
}

class Unrepresentable extends Error {}

/** The JSON Schema of a zod 3 schema, or undefined when part of it has no JSON Schema form. */
export function jsonSchemaFromZod3(schema: unknown): Record<string, unknown> | undefined {
  try {
    return convert(schema, 0);
  } catch (error) {
    if (error instanceof Unrepresentable) return undefined;
    throw error;
  }
}

function defOf(schema: unknown): Zod3Def {
  const def = (schema as { _def?: Zod3Def } | undefined)?._def;
  if (!def?.typeName) throw new Unrepresentable();
  return def;
}

function withDescription(def: Zod3Def, json: Record<string, unknown>): Record<string, unknown> {
  return typeof def.description === 'string' ? { ...json, description: def.description } : json;
}

function convert(schema: unknown, depth: number): Record<string, unknown> {
  if (depth > 32) throw new Unrepresentable();
  const def = defOf(schema);
  const next = (inner: unknown): Record<string, unknown> => convert(inner, depth + 1);
  switch (def.typeName) {
    case 'ZodString':
      return withDescription(def, { type: 'string', ...stringChecks(def) });
    case 'ZodNumber': {
      const checks = (def.checks as readonly { kind: string; value?: number; inclusive?: boolean }[] | undefined) ?? [];
      const json: Record<string, unknown> = { type: checks.some((check) => check.kind === 'int') ? 'integer' : 'number' };
      for (const check of checks) {
        if (check.kind === 'min') json[check.inclusive ? 'minimum' : 'exclusiveMinimum'] = check.value;
        if (check.kind === 'max') json[check.inclusive ? 'maximum' : 'exclusiveMaximum'] = check.value;
      }
      return withDescription(def, json);
    }
    case 'ZodBoolean':
      return withDescription(def, { type: 'boolean' });
    case 'ZodNull':
      return withDescription(def, { type: 'null' });
    case 'ZodEnum':
      return withDescription(def, { type: 'string', enum: [...(def.values as readonly string[])] });
    case 'ZodNativeEnum': {
      // A numeric TypeScript enum maps names to numbers and numbers back to names: keep the values.
      const values = def.values as Record<string, string | number>;
      return withDescription(def, { enum: Object.values(values).filter((value) => typeof value === 'number' || typeof values[value] !== 'number') });
    }
    case 'ZodLiteral': {
      const value = def.value;
      if (value === undefined || typeof value === 'bigint' || typeof value === 'symbol') throw new Unrepresentable();
      return withDescription(def, { const: value, ...(value === null ? { type: 'null' } : { type: typeof value }) });
    }
    case 'ZodArray': {
      const json: Record<string, unknown> = { type: 'array', items: next(def.type) };
      if (def.minLength) json.minItems = (def.minLength as { value: number }).value;
      if (def.maxLength) json.maxItems = (def.maxLength as { value: number }).value;
      return withDescription(def, json);
    }
    case 'ZodObject': {
      const shape = (typeof def.shape === 'function' ? (def.shape as () => Record<string, unknown>)() : def.shape) as Record<string, unknown>;
      const properties: Record<string, unknown> = {};
      const required: string[] = [];
      for (const [key, value] of Object.entries(shape)) {
        properties[key] = next(value);
        if (!isOptional(value)) required.push(key);
      }
      const catchall = defOf(def.catchall).typeName;
      const additionalProperties = catchall !== 'ZodNever' ? next(def.catchall) : def.unknownKeys === 'passthrough' ? {} : false;
      return withDescription(def, { type: 'object', properties, required, additionalProperties });
    }
    case 'ZodOptional':
      return next(def.innerType);
    case 'ZodNullable': {
      // As zod 4 writes it: a type list for a plain primitive, anyOf for anything richer.
      const inner = next(def.innerType);
      const primitive = typeof inner.type === 'string' && inner.type !== 'object' && inner.type !== 'array' && !('enum' in inner) && !('const' in inner);
      return withDescription(def, primitive ? { ...inner, type: [inner.type, 'null'] } : { anyOf: [inner, { type: 'null' }] });
    }
    case 'ZodDefault': {
      const inner = next(def.innerType);
      return { ...inner, default: (def.defaultValue as () => unknown)() };
    }
    case 'ZodUnion':
    case 'ZodDiscriminatedUnion': {
      const options = def.options as readonly unknown[] | ReadonlyMap<unknown, unknown>;
      const list = Array.isArray(options) ? options : [...(options as ReadonlyMap<unknown, unknown>).values()];
      return withDescription(def, { anyOf: list.map(next) });
    }
    case 'ZodRecord':
      return withDescription(def, { type: 'object', additionalProperties: next(def.valueType) });
    case 'ZodTuple':
      return withDescription(def, { type: 'array', prefixItems: (def.items as readonly unknown[]).map(next), minItems: (def.items as readonly unknown[]).length, maxItems: (def.items as readonly unknown[]).length });
    case 'ZodReadonly':
    case 'ZodCatch':
      return next(def.innerType);
    case 'ZodBranded':
      return next(def.type);
    case 'ZodEffects': {
      // A refinement or preprocess keeps its schema's shape; a transform's output has none (zod 4's
      // toJSONSchema refuses transforms too, and the caller falls back to an open schema).
      if ((def.effect as { type?: string } | undefined)?.type === 'transform') throw new Unrepresentable();
      return next(def.schema);
    }
    case 'ZodPipeline':
      return next(def.out);
    default:
      // Dates, bigints, functions, lazy schemas…: any value, as zod 4 does with `unrepresentable: 'any'`.
      return {};
  }
}

function stringChecks(def: Zod3Def): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const check of (def.checks as readonly { kind: string; value?: unknown; regex?: RegExp }[] | undefined) ?? []) {
    if (check.kind === 'min') json.minLength = check.value;
    else if (check.kind === 'max') json.maxLength = check.value;
    else if (check.kind === 'length') json.minLength = json.maxLength = check.value;
    else if (check.kind === 'email' || check.kind === 'uuid' || check.kind === 'url') json.format = check.kind === 'url' ? 'uri' : check.kind;
    else if (check.kind === 'datetime') json.format = 'date-time';
    else if (check.kind === 'regex' && check.regex) json.pattern = check.regex.source;
  }
  return json;
}

function isOptional(schema: unknown): boolean {
  const typeName = defOf(schema).typeName;
  // Like zod 4's toJSONSchema (output side): a defaulted field is always present in the output.
  return typeName === 'ZodOptional';
}
