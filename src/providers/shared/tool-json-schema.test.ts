import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ToolInputSchema } from '../../core/tools.js';
import { validateToolInput } from '../../core/validate-tool-input.js';
import { toolJsonSchema } from './tool-json-schema.js';

/** A Standard Schema that is not zod (as valibot, arktype or a zod 3 schema would be). */
const orderIdSchema: ToolInputSchema<{ orderId: string }> = {
  '~standard': {
    version: 1,
    vendor: 'hand-written',
    validate: (value) =>
      typeof value === 'object' && value !== null && typeof (value as { orderId?: unknown }).orderId === 'string'
        ? { value: value as { orderId: string } }
        : { issues: [{ message: 'Expected a string', path: ['orderId'] }] },
  },
};

describe('tool schemas', () => {
  it('converts a zod schema through its Standard JSON Schema, without $schema', () => {
    const schema = toolJsonSchema({ name: 'lookup_order', description: 'Find', inputSchema: z.object({ orderId: z.string().describe('The order number') }) });
    // zod 3's converter also says `additionalProperties: false` (its objects strip unknown keys); zod 4's leaves it out.
    expect(schema).toMatchObject({ type: 'object', properties: { orderId: { type: 'string', description: 'The order number' } }, required: ['orderId'] });
    expect(schema).not.toHaveProperty('$schema');
  });

  it('prefers an explicit jsonSchema, and makes any non-convertible schema an open object', () => {
    const explicit = { type: 'object', properties: { orderId: { type: 'string' } } };
    expect(toolJsonSchema({ name: 'a', description: '', inputSchema: orderIdSchema, jsonSchema: explicit })).toEqual(explicit);
    expect(toolJsonSchema({ name: 'b', description: '', inputSchema: orderIdSchema })).toEqual({ type: 'object', properties: {} });
  });

  it('validates with any Standard Schema, reporting paths and messages but not values', async () => {
    const tool = { name: 'a', description: '', inputSchema: orderIdSchema };
    expect(await validateToolInput(tool, { orderId: '54321' })).toEqual({ ok: true, value: { orderId: '54321' } });
    expect(await validateToolInput(tool, { orderId: 54321 })).toEqual({ ok: false, issues: ['orderId: Expected a string'] });
    const zodTool = { name: 'z', description: '', inputSchema: z.object({ orderId: z.string() }) };
    const outcome = await validateToolInput(zodTool, { orderId: 'jane@example.com'.length });
    expect(outcome.ok).toBe(false);
    expect(JSON.stringify(outcome)).not.toContain('16');
  });
});
