import { describe, expect, it } from 'vitest';
import { z as z3 } from 'zod-v3';
import { z as z4 } from 'zod/v4';
import { definePrompt } from '../prompts/define-prompt.js';
import { jsonSchemaFromZod } from '../providers/shared/json-schema-from-zod.js';
import { parseStructuredOutput } from '../providers/shared/parse-structured-output.js';
import { ValidationError } from './errors.js';
import { assertHostSchema, describeHostSchema, hostObjectShape, hostSchemaBaseType, isHostSchema, validateWithHostSchema } from './host-schema.js';

// zod 3's classic API (`zod-v3` is zod 3.25.76 installed as an npm alias) and zod 4's API
// (`zod/v4`: zod 4 itself, or zod 3.25's copy of it under CRMKIT_PEERS=oldest).
const majors = [
  { name: 'zod 3 (classic)', z: z3 as unknown as typeof z4, major: 3 },
  { name: 'zod 4', z: z4, major: 4 },
] as const;

function validationError(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(ValidationError.isInstance(error), String(error)).toBe(true);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe.each(majors)('host schemas from $name', ({ z, major }) => {
  const variables = z.object({ agent: z.string(), tickets: z.array(z.string()).optional(), message: z.string().min(1) });

  it('detects the major', () => {
    expect(describeHostSchema(variables)).toMatchObject({ library: 'zod', major, standard: true });
    expect(isHostSchema(variables)).toBe(true);
  });

  it('reads object shapes and field types under wrappers', () => {
    expect(Object.keys(hostObjectShape(variables) ?? {})).toEqual(['agent', 'tickets', 'message']);
    expect(hostSchemaBaseType(z.array(z.string()).optional().nullable())).toBe('array');
    expect(hostSchemaBaseType(z.string().default('x'))).toBe('string');
    expect(hostSchemaBaseType(z.object({}))).toBe('object');
    expect(hostObjectShape(z.string())).toBeUndefined();
  });

  it('validates, with crmkit paths for every issue', () => {
    expect(validateWithHostSchema(variables, { agent: 'Ava', message: 'hi' })).toEqual({ success: true, data: { agent: 'Ava', message: 'hi' } });
    const result = validateWithHostSchema(variables, { agent: 1, tickets: ['a', 2], message: '' });
    expect(result.success).toBe(false);
    expect(!result.success && result.issues.map((issue) => issue.path)).toEqual(['agent', 'tickets[1]', 'message']);
  });

  it('reports an async schema instead of returning a pending promise', () => {
    const asyncSchema = z.string().refine(async () => true);
    const result = validateWithHostSchema(asyncSchema, 'x');
    expect(result.success).toBe(false);
    expect(!result.success && result.issues[0]?.message).toMatch(/asynchronous/);
  });

  it('works as definePrompt variables: render validates, and the template is checked against the shape', () => {
    const prompt = definePrompt({ name: 'reply', template: 'Agent {{agent}}. {{list tickets}} {{untrusted message}}', variables });
    expect(prompt.variables).toEqual(['agent', 'tickets', 'message']);
    expect(prompt.render({ agent: 'Ava', tickets: ['T-1'], message: 'Where is my order?' }).messages.at(-1)?.content).toContain('Agent Ava.');
    expect(validationError(() => prompt.render({ agent: 'Ava', message: '' })).issues.map((issue) => issue.path)).toEqual(['message']);
    const mismatch = validationError(() => definePrompt({ name: 'bad', template: '{{list agent}} {{missing}}', variables: z.object({ agent: z.string() }) }));
    expect(mismatch.issues.map((issue) => issue.path)).toEqual(['variables.agent', 'variables.missing']);
  });

  it('works as a structured-output schema', () => {
    const schema = z.object({ intent: z.enum(['refund', 'status']), confidence: z.number().min(0).max(1) });
    expect(parseStructuredOutput({ text: 'Sure: {"intent":"refund","confidence":0.9}', schema })).toEqual({ intent: 'refund', confidence: 0.9 });
    expect(() => parseStructuredOutput({ text: '{"intent":"cancel","confidence":2}', schema })).toThrow(/intent: .*; confidence: /);
  });
});

describe('JSON Schema for structured output', () => {
  // The same schema written with each major: zod 3 goes through crmkit's converter, zod 4
  // through zod's toJSONSchema; vendors must receive the same JSON Schema either way.
  const build = (z: typeof z4) => [
    z.object({ intent: z.enum(['refund', 'other']), confidence: z.number().min(0).max(1) }),
    z.object({ note: z.string().optional(), tags: z.array(z.string()), count: z.number().int() }),
    z.object({ reply: z.string().nullable(), kind: z.union([z.literal('a'), z.literal('b')]), flag: z.boolean() }),
    z.object({ nested: z.object({ email: z.string().email(), name: z.string().min(1).max(80) }) }),
  ];
  const fromZod3 = build(z3 as unknown as typeof z4);
  const fromZod4 = build(z4);

  it.each(fromZod3.map((schema, index) => [index, schema, fromZod4[index]!] as const))('schema %i converts the same from zod 3 and zod 4', (_index, zod3Schema, zod4Schema) => {
    const converted = jsonSchemaFromZod(zod3Schema);
    const expected = jsonSchemaFromZod(zod4Schema);
    expect(converted.strict).toBe(expected.strict);
    expect(normalise(converted.schema)).toEqual(normalise(expected.schema));
  });

  it('falls back to an open schema for a transform, and the reply is still validated', () => {
    const transformed = z3.object({ at: z3.string().transform((value) => new Date(value)) });
    expect(jsonSchemaFromZod(transformed)).toEqual({ schema: {}, strict: false });
    expect(parseStructuredOutput({ text: '{"at":"2026-01-01T00:00:00Z"}', schema: transformed }).at).toBeInstanceOf(Date);
  });
});

/**
 * zod 4 adds its own email pattern, writes `int()` with the safe-integer bounds and (from 4.1) a
 * nullable primitive as a type list; none changes what a vendor accepts, so the comparison
 * ignores them.
 */
function normalise(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(normalise);
  if (typeof schema !== 'object' || schema === null) return schema;
  const record = schema as Record<string, unknown>;
  // zod 4.0 (zod 3.25's `zod/v4`) writes a nullable primitive as anyOf, zod 4.1+ as a type list.
  if (Array.isArray(record.type) && record.type.length === 2 && record.type[1] === 'null') {
    const { type, ...rest } = record;
    return normalise({ anyOf: [{ ...rest, type: (type as unknown[])[0] }, { type: 'null' }] });
  }
  const entries = Object.entries(record).filter(
    ([key, value]) => key !== 'pattern' && !((key === 'minimum' || key === 'maximum') && Math.abs(value as number) === Number.MAX_SAFE_INTEGER),
  );
  return Object.fromEntries(entries.map(([key, value]) => [key, normalise(value)]));
}

describe('schemas crmkit cannot use', () => {
  it.each([
    ['a plain object', { name: 'string' }, /detected an object that is not a schema: pass a zod schema \(zod \^3\.25 or \^4\)/],
    ['a JSON Schema', { type: 'object', properties: {} }, /detected an object that is not a schema/],
    ['a string', 'z.object()', /detected a string/],
    ['a zod 3 schema older than 3.24', { _def: { typeName: 'ZodObject', shape: () => ({}) }, safeParse: () => ({ success: true }) }, /detected zod 3 older than 3\.24 .*upgrade zod to \^3\.25 or \^4/],
  ])('rejects %s, saying what was detected and what to do', (_label, value, message) => {
    const error = validationError(() => assertHostSchema(value, 'definePrompt options', 'variables', 'z.object({ name: z.string() })'));
    expect(error.issues[0]?.path).toBe('variables');
    expect(error.issues[0]?.message).toMatch(message);
    expect(() => definePrompt({ name: 'x', template: '{{name}}', variables: value as never })).toThrow(message);
  });

  it('names the detected zod when a zod schema is the wrong kind for definePrompt', () => {
    expect(() => definePrompt({ name: 'x', template: '{{name}}', variables: z3.string() as never })).toThrow(/zod object schema.*got a string schema from zod 3 \(classic API\)/);
    expect(() => definePrompt({ name: 'x', template: '{{name}}', variables: z4.array(z4.string()) as never })).toThrow(/got a array schema from zod 4/);
  });
});
