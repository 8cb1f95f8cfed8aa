import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { ValidationError } from './errors.js';
import { lazyObject, unwrapLazy } from './lazy-object.js';
import { parseInput } from './validate.js';

function counted<T extends object>(build: () => T): { readonly value: T; builds(): number } {
  let builds = 0;
  const value = lazyObject(() => {
    builds += 1;
    return build();
  });
  return { value, builds: () => builds };
}

describe('lazyObject', () => {
  it('builds nothing until first touched, then builds once', () => {
    const schema = counted(() => z.object({ retries: z.number().int().min(0) }));
    expect(schema.builds()).toBe(0);
    expect(schema.value.parse({ retries: 2 })).toEqual({ retries: 2 });
    expect(schema.value.safeParse({ retries: -1 }).success).toBe(false);
    expect(schema.builds()).toBe(1);
  });

  it('stands in for the schema: parseInput errors, instanceof, Standard Schema, derived schemas', () => {
    const schema = lazyObject(() => z.object({ name: z.string().min(1, 'Expected `name` to be non-empty') }));
    expect(schema).toBeInstanceOf(z.ZodObject);
    expect('~standard' in schema).toBe(true);
    expect(schema['~standard'].validate({ name: 'Ann' })).toEqual({ value: { name: 'Ann' } });
    const error = (() => {
      try {
        parseInput(schema, { name: '' }, 'lazy options');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues).toEqual([{ path: 'name', message: 'Expected `name` to be non-empty' }]);
    expect(schema.optional().parse(undefined)).toBeUndefined();
    expect(z.array(schema).parse([{ name: 'a' }, { name: 'b' }])).toHaveLength(2);
    expect(z.object({ inner: schema }).safeParse({ inner: { name: 1 } }).success).toBe(false);
    expect(Object.keys(schema.shape)).toEqual(['name']);
  });

  it('stands in for a plain object: spread, keys and property reads', () => {
    const shape = counted(() => ({ page: z.number().int().min(1), limit: z.number().int().max(200) }));
    expect(shape.builds()).toBe(0);
    const schema = z.object({ ...shape.value, tenantId: z.string() });
    expect(Object.keys(shape.value)).toEqual(['page', 'limit']);
    expect(schema.parse({ page: 1, limit: 10, tenantId: 't' })).toEqual({ page: 1, limit: 10, tenantId: 't' });
    expect(schema.safeParse({ page: 0, limit: 10, tenantId: 't' }).success).toBe(false);
    expect(shape.builds()).toBe(1);
  });

  it('lets a failed build fail the call that touched it, and the next touch try again', () => {
    let attempts = 0;
    const flaky = lazyObject(() => {
      attempts += 1;
      if (attempts === 1) throw new Error('first build fails');
      return { ok: true };
    });
    expect(() => flaky.ok).toThrow('first build fails');
    expect(flaky.ok).toBe(true);
    expect(attempts).toBe(2);
  });

  it('unwrapLazy gives the built object (building it once), and returns anything else as is', () => {
    const schema = counted(() => z.string().min(1));
    const real = unwrapLazy(schema.value);
    expect(real).toBeInstanceOf(z.ZodString);
    expect(unwrapLazy(schema.value)).toBe(real);
    expect(schema.builds()).toBe(1);
    expect(z.array(real).safeParse(['a', '']).success).toBe(false);
    const plain = z.number();
    expect(unwrapLazy(plain)).toBe(plain);
  });
});
