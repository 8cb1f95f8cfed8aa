import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { z as z3 } from 'zod-v3';
import { ValidationError } from './errors.js';
import { chatRequestSchema } from './schemas.js';
import { isValidChatRequest, validateChatRequest } from './validate-chat-request.js';

const junk = fc.oneof(fc.constantFrom(undefined, null, true, 0, '', {}, [], () => 'fn', new Date(0), Object.create(null)), fc.anything());
/** A field: usually valid, often a near miss at one of the schema's edges, sometimes anything. */
const field = <T, U>(valid: fc.Arbitrary<T>, nearMiss: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 40, arbitrary: valid }, { weight: 2, arbitrary: nearMiss }, { weight: 1, arbitrary: junk });
const longString = (length: number) => fc.constant('x'.repeat(length));

const message = field(
  fc.oneof(
    fc.record({ role: fc.constantFrom('system', 'user'), content: fc.string({ minLength: 1 }) }),
    fc.record({ role: fc.constant('assistant'), content: fc.string() }),
  ),
  fc.oneof(
    fc.record({ role: fc.constantFrom('system', 'user'), content: fc.constant('') }),
    fc.record({ role: fc.constantFrom('tool', 'User', ''), content: fc.string() }),
    fc.record({ role: fc.constantFrom('user', 'assistant'), content: junk }),
    fc.record({ content: fc.string({ minLength: 1 }) }),
  ),
);
const tags = field(
  fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.constant(Object.assign(Object.create(null) as object, { team: 'billing' })), fc.constant(Object.defineProperty({}, 'secret', { value: 42, enumerable: false }))),
  fc.oneof(
    fc.dictionary(fc.string(), junk, { minKeys: 1 }),
    fc.constant({ [Symbol('hidden')]: 'x' }),
    fc.constant(['a']),
    fc.constant(new Map([['a', 'b']])),
    fc.constant(new (class Labels {})()),
    // zod's edge cases: an own `__proto__` key is skipped; a foreign constructor is no plain object.
    fc.constantFrom(JSON.parse('{"__proto__": 1, "team": "billing"}') as object, { constructor: function Labels() {} }, { constructor: () => 1 }, { constructor: 'text' }),
  ),
);
const identifier = field(fc.string({ minLength: 1, maxLength: 200 }), fc.oneof(fc.constant(''), longString(201)));
const metadata = field(fc.record({ tenantId: identifier, userId: identifier, sessionId: identifier, tags }, { requiredKeys: [] }), fc.constantFrom([], 'acme'));
const request = fc.record(
  {
    messages: field(fc.array(message, { minLength: 1, maxLength: 3 }), fc.constantFrom([], [undefined], new Array(2))),
    model: field(fc.string({ minLength: 1 }), fc.constant('')),
    maxOutputTokens: field(
      fc.oneof(fc.integer({ min: 1 }), fc.constant(Number.MAX_SAFE_INTEGER)),
      fc.constantFrom(0, -0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1, 2 ** 60, '50'),
    ),
    temperature: field(fc.oneof(fc.double({ min: 0, max: 2, noNaN: true }), fc.constantFrom(0, -0, 2)), fc.constantFrom(-1e-9, 2.0000001, Number.NaN, Number.POSITIVE_INFINITY, '1')),
    topP: field(fc.oneof(fc.double({ min: 1e-12, max: 1, noNaN: true }), fc.constantFrom(1, Number.MIN_VALUE)), fc.constantFrom(0, -0, 1.0000001, Number.NaN, Number.NEGATIVE_INFINITY)),
    stop: field(fc.array(fc.string({ minLength: 1 }), { maxLength: 4 }), fc.oneof(fc.array(fc.string({ minLength: 1 }), { minLength: 5, maxLength: 6 }), fc.constantFrom([''], [1], 'STOP'))),
    // Valid: a zod schema from either major (Standard Schema). Near misses: zod-looking objects that are not schemas.
    schema: field(
      fc.constantFrom(z.object({ a: z.string() }), z3.object({ a: z3.string() }), z.string()),
      fc.constantFrom({}, { safeParse: () => 1 }, { parse: () => 1 }, { '~standard': { version: 2, validate: () => 1 } }, { '~standard': { version: 1 } }, Object.assign(() => 1, { safeParse: 1 })),
    ),
    schemaName: field(fc.stringMatching(/^[a-zA-Z0-9_-]{1,64}$/), fc.oneof(fc.constantFrom('', 'a b', 'é', 'x\n'), longString(65))),
    metadata,
    extra: fc.anything(),
  },
  { requiredKeys: ['messages'] },
);

describe('isValidChatRequest', () => {
  // zod 4.0 (zod 3.25's `zod/v4`, CRMKIT_PEERS=oldest) rejects some null-prototype records that
  // zod 4.1+ accepts; the fast path follows 4.1+, so the exact equivalence is checked there only.
  const zodMinor = (chatRequestSchema as unknown as { _zod: { version: { major: number; minor: number } } })._zod.version;
  const exactZod = zodMinor.major > 4 || zodMinor.minor >= 1;
  if (!exactZod) console.log(`skipped "accepts exactly what chatRequestSchema accepts": zod ${zodMinor.major}.${zodMinor.minor} words some edge cases differently`);
  it.skipIf(!exactZod)('accepts exactly what chatRequestSchema accepts (zod 4.1+)', () => {
    let valid = 0;
    const runs = 20_000;
    fc.assert(
      fc.property(fc.oneof({ weight: 19, arbitrary: request }, { weight: 1, arbitrary: junk }), (value) => {
        const expected = chatRequestSchema.safeParse(value).success;
        if (expected) valid++;
        expect(isValidChatRequest(value)).toBe(expected);
      }),
      { numRuns: runs },
    );
    // Both verdicts must be common, or the comparison proves little.
    expect(valid / runs).toBeGreaterThan(0.2);
    expect(valid / runs).toBeLessThan(0.8);
  });

  it('accepts the requests providers see every day', () => {
    expect(isValidChatRequest({ messages: [{ role: 'user', content: 'Where is order #54321?' }], maxOutputTokens: 50 })).toBe(true);
    expect(
      isValidChatRequest({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: '' },
        ],
        model: 'gpt-4o-mini',
        temperature: 0,
        topP: 1,
        stop: ['\n\n'],
        schema: z.object({ intent: z.string() }),
        schemaName: 'intent',
        metadata: { tenantId: 'acme', tags: { feature: 'inbox' } },
      }),
    ).toBe(true);
  });

  it('rejects each near miss', () => {
    const base = { messages: [{ role: 'user', content: 'Hi' }] };
    for (const change of [
      { messages: [] },
      { messages: [{ role: 'user', content: '' }] },
      { messages: [{ role: 'tool', content: 'x' }] },
      { maxOutputTokens: 0 },
      { maxOutputTokens: 1.5 },
      { maxOutputTokens: 2 ** 60 },
      { temperature: Number.NaN },
      { temperature: 2.01 },
      { topP: 0 },
      { stop: ['a', 'b', 'c', 'd', 'e'] },
      { stop: [''] },
      { schema: {} },
      { schemaName: 'has space' },
      { metadata: { tenantId: '' } },
      { metadata: { tags: { feature: 1 } } },
      { metadata: [] },
    ]) {
      expect(isValidChatRequest({ ...base, ...change }), JSON.stringify(change)).toBe(false);
    }
  });
});

describe('validateChatRequest', () => {
  it('returns quietly for a valid request', () => {
    expect(() => validateChatRequest({ messages: [{ role: 'user', content: 'Hi' }] }, 'test request')).not.toThrow();
  });

  it('throws the schema’s ValidationError, naming the subject and every issue', () => {
    let caught: unknown;
    try {
      validateChatRequest({ messages: [], temperature: 5 }, 'OpenAI generate request');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.message).toContain('OpenAI generate request');
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['messages', 'temperature']);
  });
});
