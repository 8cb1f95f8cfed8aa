/**
 * The one place every PromptStore implementation validates its input (memory and Postgres alike).
 *
 * @internal
 */
import { z } from 'zod/v4';
import { parseInput } from '../core/validate.js';
import type { NewStoredPrompt } from '../core/prompt-store.js';
import { safeId, safeText } from './text-rules.js';
import { lazyObject } from '../core/lazy-object.js';

const keySchema = lazyObject(() => z.object({
  tenantId: safeId(z.string({ message: 'Expected `tenantId` to be a string' }).min(1, 'Expected `tenantId` to be a non-empty string').max(200), 'tenantId'),
  name: z.string({ message: 'Expected `name` to be a string' }).regex(/^[A-Za-z0-9_-]{1,100}$/, 'Expected `name` of letters, digits, - and _ (at most 100)'),
}));
const promptSchema = lazyObject(() => z.object({
  template: safeText(z.string({ message: 'Expected `template` to be a string' }).max(262_144, 'Expected `template` of at most 262,144 characters'), 'template'),
  variables: z.array(safeId(z.string(), 'variables')),
  description: safeText(z.string().max(2_000), 'description').optional(),
}));

/** Checks a tenant id and prompt name. */
export function checkPromptKey(tenantId: unknown, name: unknown, subject: string): { tenantId: string; name: string } {
  return parseInput(keySchema, { tenantId, name }, subject);
}

/** Checks what `save` stores. */
export function checkNewPrompt(prompt: NewStoredPrompt): z.output<typeof promptSchema> {
  return parseInput(promptSchema, prompt, 'PromptStore.save input');
}
