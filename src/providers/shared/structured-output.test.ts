import { describe, expect, it } from 'vitest';
// zod 4's API (`looseObject`): zod 4 itself, or zod 3.25's copy under CRMKIT_PEERS=oldest.
import { z } from 'zod/v4';
import { ProviderError } from '../../core/errors.js';
import { extractJson } from '../../core/extract-json.js';
import { jsonSchemaFromZod } from './json-schema-from-zod.js';
import { kindFromStatus } from './kind-from-status.js';
import { parseStructuredOutput } from './parse-structured-output.js';
import { StructuredOutputError } from './structured-output-error.js';
import { withStructuredOutputInstructions } from './structured-output-instructions.js';

describe('extractJson', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['  [1,2] ', [1, 2]],
    ['Sure!\n```json\n{"a":1}\n```\nAnything else?', { a: 1 }],
    ['```\n{"a":1}\n```', { a: 1 }],
    ['The answer is {"a":"}{"} as requested.', { a: '}{' }],
    ['Note {not json} then {"a":{"b":[1]}}', { a: { b: [1] } }],
    ['"just a string"', 'just a string'],
  ])('finds the JSON in %j', (text, expected) => {
    expect(extractJson(text)).toEqual(expected);
  });

  it.each(['', 'no json at all', '{"unterminated": ', '```json\n{bad}\n```'])('returns undefined for %j', (text) => {
    expect(extractJson(text)).toBeUndefined();
  });
});

describe('parseStructuredOutput', () => {
  const schema = z.object({ intent: z.enum(['refund', 'status']), confidence: z.number().min(0).max(1) });

  it('returns the validated value', () => {
    expect(parseStructuredOutput({ text: '{"intent":"refund","confidence":0.8}', schema })).toEqual({ intent: 'refund', confidence: 0.8 });
  });

  it('throws a retryable StructuredOutputError listing every issue, without the raw text in its message', () => {
    const text = '{"intent":"cancel","confidence":7, "email":"jane@example.com"}';
    let caught: unknown;
    try {
      parseStructuredOutput({ text, schema, providerId: 'openai', model: 'gpt-4o-mini', requestId: 'req_1' });
    } catch (error) {
      caught = error;
    }
    expect(StructuredOutputError.isInstance(caught)).toBe(true);
    expect(ProviderError.isInstance(caught)).toBe(true);
    const error = caught as StructuredOutputError;
    expect(error).toMatchObject({ kind: 'server', retryable: true, providerId: 'openai', requestId: 'req_1', text });
    expect(error.issues.map((issue) => issue.path)).toEqual(['intent', 'confidence']);
    expect(error.message).toMatch(/intent: .*; confidence: /);
    expect(error.message).not.toContain('jane@example.com');
    expect(JSON.stringify(error)).not.toContain('jane@example.com');
  });

  it('says when the reply holds no JSON at all', () => {
    expect(() => parseStructuredOutput({ text: 'I cannot help with that.', schema })).toThrow(/contained no JSON/);
  });
});

describe('jsonSchemaFromZod', () => {
  it('drops $schema and marks closed, all-required objects strict', () => {
    const result = jsonSchemaFromZod(z.object({ a: z.string(), nested: z.object({ b: z.array(z.number()) }) }));
    expect(result.strict).toBe(true);
    expect(result.schema).not.toHaveProperty('$schema');
    expect(result.schema).toMatchObject({ type: 'object', required: ['a', 'nested'], additionalProperties: false });
  });

  it('is not strict with optional properties, open objects or a non-object root', () => {
    expect(jsonSchemaFromZod(z.object({ a: z.string().optional() })).strict).toBe(false);
    expect(jsonSchemaFromZod(z.looseObject({ a: z.string() })).strict).toBe(false);
    expect(jsonSchemaFromZod(z.array(z.string())).strict).toBe(false);
  });

  it('falls back to an open schema for what JSON Schema cannot express', () => {
    const result = jsonSchemaFromZod(z.object({ when: z.date() }));
    expect(result.schema).toMatchObject({ type: 'object' });
  });
});

describe('withStructuredOutputInstructions', () => {
  it('adds a system message when there is none, or appends to the first one', () => {
    const schema = { type: 'object' };
    const added = withStructuredOutputInstructions([{ role: 'user', content: 'Hi' }], schema);
    expect(added[0]).toMatchObject({ role: 'system' });
    expect(added[0]!.content).toContain('{"type":"object"}');
    const appended = withStructuredOutputInstructions([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], schema);
    expect(appended).toHaveLength(2);
    expect(appended[0]!.content).toMatch(/^Be brief\.\n\nAnswer with a single JSON value/);
  });
});

describe('kindFromStatus', () => {
  it.each([
    [400, 'invalid_request'],
    [401, 'auth'],
    [402, 'quota_exhausted'],
    [403, 'auth'],
    [404, 'invalid_request'],
    [408, 'timeout'],
    [413, 'context_length'],
    [422, 'invalid_request'],
    [429, 'rate_limited'],
    [500, 'server'],
    [502, 'server'],
    [503, 'overloaded'],
    [504, 'server'],
    [529, 'overloaded'],
  ] as const)('%d → %s', (status, kind) => {
    expect(kindFromStatus(status)).toBe(kind);
  });
});
