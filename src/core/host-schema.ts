/**
 * Schemas the host application passes in (prompt variables, structured output), from whichever
 * zod the host has installed: zod 3.25+ (its classic `zod` API or `zod/v4`) or zod 4. crmkit
 * never relies on `instanceof` or on its own copy of zod for these: it validates through the
 * Standard Schema interface every such schema carries (`~standard`), and reads the structure
 * (object shape, field types) from either major's definition.
 */
import { ValidationError, type ValidationIssue } from './errors.js';

/**
 * One problem a schema found, as the Standard Schema interface reports it.
 *
 * @example
 * ```ts
 * const issue: HostSchemaIssue = { message: 'Required', path: ['customer', 'email'] };
 * ```
 */
export interface HostSchemaIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/**
 * What a schema's `~standard.validate` returns: the parsed value, or the issues.
 *
 * @example
 * ```ts
 * const result: HostSchemaResult<{ name: string }> = { value: { name: 'Ava' } };
 * ```
 */
export type HostSchemaResult<OUTPUT> = { readonly value: OUTPUT; readonly issues?: undefined } | { readonly issues: readonly HostSchemaIssue[] };

/**
 * A schema from the host's zod, 3.25+ or 4 (`z.object(…)`, `z.string()`…): anything that
 * implements Standard Schema v1, which every zod schema since 3.24 does. crmkit validates with it
 * and, for zod schemas, also reads its structure (see {@link describeHostSchema}).
 *
 * @example
 * ```ts
 * import { z } from 'zod'; // zod 3.25+ or 4
 *
 * const schema: HostSchema<{ intent: string }> = z.object({ intent: z.string() });
 * ```
 */
export interface HostSchema<OUTPUT = unknown, INPUT = unknown> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => HostSchemaResult<OUTPUT> | Promise<HostSchemaResult<OUTPUT>>;
    readonly types?: { readonly input: INPUT; readonly output: OUTPUT } | undefined;
  };
}

/**
 * The type a {@link HostSchema} accepts (zod's `z.input`).
 *
 * @example
 * ```ts
 * type Values = HostSchemaInput<typeof variables>;
 * ```
 */
export type HostSchemaInput<SCHEMA> = SCHEMA extends { readonly '~standard': { readonly types?: infer TYPES } } ? (NonNullable<TYPES> extends { readonly input: infer INPUT } ? INPUT : unknown) : unknown;

/**
 * The type a {@link HostSchema} produces (zod's `z.output`).
 *
 * @example
 * ```ts
 * type Parsed = HostSchemaOutput<typeof schema>;
 * ```
 */
export type HostSchemaOutput<SCHEMA> = SCHEMA extends HostSchema<infer OUTPUT> ? OUTPUT : unknown;

/**
 * Which schema library and major crmkit detected in a value, for error messages and for choosing
 * how to read its structure.
 *
 * @example
 * ```ts
 * describeHostSchema(z.object({})); // { library: 'zod', major: 4, version: '4.6.7', label: 'zod 4.6.7' }
 * ```
 */
export interface HostSchemaDescription {
  /** `zod`, another Standard Schema vendor (`valibot`, `arktype`…), or `none`. */
  readonly library: string;
  /** zod's major: 4 for zod 4 and for zod 3.25's `zod/v4`, 3 for zod 3's classic API. */
  readonly major?: 3 | 4;
  /** The exact version, when the schema says (zod 4 schemas do). */
  readonly version?: string;
  /** A short human label, e.g. `zod 4.6.7`, `zod 3 (classic API)`, `a string`. */
  readonly label: string;
  /** True when the value implements Standard Schema v1, so crmkit can validate with it. */
  readonly standard: boolean;
}

interface Zod4Internals {
  readonly _zod?: { readonly version?: { readonly major: number; readonly minor: number; readonly patch: number }; readonly def?: Record<string, unknown> };
}
interface Zod3Internals {
  readonly _def?: { readonly typeName?: string } & Record<string, unknown>;
}

/**
 * Detects what kind of schema a value is: zod 4 (including zod 3.25's `zod/v4`), zod 3's classic
 * API, another Standard Schema library, or not a schema at all.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 *
 * describeHostSchema(z.string()).major; // 4 with zod 4, 3 with zod 3.25's classic `zod`
 * describeHostSchema('hello').label; // 'a string'
 * ```
 */
export function describeHostSchema(value: unknown): HostSchemaDescription {
  if (typeof value !== 'object' || value === null) return { library: 'none', label: value === null ? 'null' : `a ${typeof value}`, standard: false };
  const standard = isStandard(value);
  const zod4 = (value as Zod4Internals)._zod;
  if (zod4?.def) {
    const version = zod4.version ? `${zod4.version.major}.${zod4.version.minor}.${zod4.version.patch}` : undefined;
    // zod 3.25 ships zod 4's core as `zod/v4`; its schemas report a 4.0.0-style version.
    const label = version === undefined ? 'zod 4' : version === '4.0.0' ? "zod 4.0.0 (zod 4.0, or zod 3.25's `zod/v4`)" : `zod ${version}`;
    return { library: 'zod', major: 4, version, label, standard };
  }
  const zod3 = (value as Zod3Internals)._def;
  if (zod3 && typeof zod3.typeName === 'string' && zod3.typeName.startsWith('Zod')) {
    return { library: 'zod', major: 3, label: standard ? 'zod 3 (classic API)' : 'zod 3 older than 3.24 (no Standard Schema support)', standard };
  }
  if (standard) {
    const vendor = (value as HostSchema)['~standard'].vendor;
    return { library: vendor, label: `a ${vendor} schema`, standard };
  }
  return { library: 'none', label: Array.isArray(value) ? 'an array' : 'an object that is not a schema', standard };
}

/**
 * True when `value` is a schema crmkit can validate with (Standard Schema v1: every zod schema
 * since 3.24). A few property reads, for hot paths; {@link describeHostSchema} says more.
 *
 * @example
 * ```ts
 * isHostSchema(z.object({})); // true
 * isHostSchema({ type: 'object' }); // false: a JSON Schema, not a zod schema
 * ```
 */
export function isHostSchema(value: unknown): value is HostSchema {
  return typeof value === 'object' && value !== null && isStandard(value);
}

function isStandard(value: object): value is HostSchema {
  const props = (value as Partial<HostSchema>)['~standard'];
  return typeof props === 'object' && props !== null && props.version === 1 && typeof props.validate === 'function';
}

/**
 * Throws a {@link ValidationError} at `path` unless `value` is a schema crmkit can validate with.
 * The message names what was detected and what to do (upgrade zod 3 to 3.25+, or pass a zod
 * schema instead of a plain object).
 *
 * @example
 * ```ts
 * assertHostSchema(options.variables, 'definePrompt options', 'variables', 'z.object({ name: z.string() })');
 * ```
 */
export function assertHostSchema(value: unknown, subject: string, path: string, example: string): asserts value is HostSchema {
  const detected = describeHostSchema(value);
  if (detected.standard) return;
  const fix =
    detected.library === 'zod'
      ? `upgrade zod to ^3.25 or ^4 (\`npm install zod@^4\`); crmkit reads schemas through Standard Schema, which zod 3 added in 3.24`
      : `pass a zod schema (zod ^3.25 or ^4), e.g. ${example}`;
  throw new ValidationError(subject, [{ path, message: `Expected \`${path}\` to be a zod schema; detected ${detected.label}: ${fix}` }]);
}

/**
 * Validates `value` with a host schema, synchronously. Issues come back with crmkit's dotted
 * paths. A schema with async refinements cannot be used where crmkit validates synchronously:
 * that is reported as an issue saying so.
 *
 * @example
 * ```ts
 * const result = validateWithHostSchema(z.object({ name: z.string() }), { name: 1 });
 * if (!result.success) console.log(result.issues); // [{ path: 'name', message: '…' }]
 * ```
 */
export function validateWithHostSchema<OUTPUT>(schema: HostSchema<OUTPUT>, value: unknown): { readonly success: true; readonly data: OUTPUT } | { readonly success: false; readonly issues: ValidationIssue[] } {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) {
    // Nobody will await it: keep its rejection from surfacing as an unhandled one.
    result.catch(() => undefined);
    return { success: false, issues: [{ path: '', message: 'The schema is asynchronous (an async refine or transform): crmkit validates synchronously, so use sync checks' }] };
  }
  if (result.issues) return { success: false, issues: result.issues.map(toIssue) };
  return { success: true, data: result.value };
}

function toIssue(issue: HostSchemaIssue): ValidationIssue {
  const segments = (issue.path ?? []).map((segment) => (typeof segment === 'object' && segment !== null ? segment.key : segment));
  const path = segments.map((segment) => (typeof segment === 'number' ? `[${segment}]` : String(segment))).join('.').replace(/\.\[/g, '[');
  return { path, message: issue.message };
}

/**
 * The fields of a zod object schema (either major), or undefined when `schema` is not one.
 *
 * @example
 * ```ts
 * Object.keys(hostObjectShape(z.object({ name: z.string() })) ?? {}); // ['name']
 * ```
 */
export function hostObjectShape(schema: unknown): Readonly<Record<string, unknown>> | undefined {
  const zod4 = (schema as Zod4Internals | undefined)?._zod?.def;
  if (zod4) return zod4.type === 'object' ? (zod4.shape as Record<string, unknown>) : undefined;
  const zod3 = (schema as Zod3Internals | undefined)?._def;
  if (zod3?.typeName === 'ZodObject') {
    const shape = zod3.shape as unknown;
    return (typeof shape === 'function' ? shape() : shape) as Record<string, unknown>;
  }
  return undefined;
}

const zod3TypeNames: Readonly<Record<string, string>> = {
  ZodString: 'string',
  ZodNumber: 'number',
  ZodBigInt: 'bigint',
  ZodBoolean: 'boolean',
  ZodDate: 'date',
  ZodArray: 'array',
  ZodTuple: 'tuple',
  ZodObject: 'object',
  ZodRecord: 'record',
  ZodMap: 'map',
  ZodSet: 'set',
  ZodEnum: 'enum',
  ZodNativeEnum: 'enum',
  ZodLiteral: 'literal',
  ZodUnion: 'union',
  ZodDiscriminatedUnion: 'union',
  ZodNull: 'null',
  ZodAny: 'any',
  ZodUnknown: 'unknown',
};
const zod4Wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);
const zod3Wrappers: Readonly<Record<string, string>> = { ZodOptional: 'innerType', ZodNullable: 'innerType', ZodDefault: 'innerType', ZodCatch: 'innerType', ZodReadonly: 'innerType', ZodBranded: 'type', ZodEffects: 'schema', ZodPipeline: 'in' };

/**
 * The type of a zod schema under its optional / nullable / default wrappers, in zod 4's words
 * (`string`, `array`, `object`…), or `unknown` when it cannot tell.
 *
 * @example
 * ```ts
 * hostSchemaBaseType(z.array(z.string()).optional()); // 'array'
 * ```
 */
export function hostSchemaBaseType(schema: unknown): string {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    const zod4 = (current as Zod4Internals | undefined)?._zod?.def as { type?: string; innerType?: unknown; in?: unknown } | undefined;
    if (zod4?.type) {
      if (zod4Wrappers.has(zod4.type)) current = zod4.innerType;
      else if (zod4.type === 'pipe') current = zod4.in;
      else return zod4.type;
      continue;
    }
    const zod3 = (current as Zod3Internals | undefined)?._def;
    const typeName = zod3?.typeName;
    if (!zod3 || typeof typeName !== 'string') return 'unknown';
    const inner = zod3Wrappers[typeName];
    if (inner) {
      current = zod3[inner];
      continue;
    }
    return zod3TypeNames[typeName] ?? 'unknown';
  }
  return 'unknown';
}
