/**
 * The one input contract every crmkit store enforces on text before anything is written, so
 * memory, Redis and Postgres accept and refuse exactly the same strings: no NUL character
 * (PostgreSQL cannot store it in `text` or `jsonb`), no lone UTF-16 surrogate (PostgreSQL would
 * replace it, Redis would keep it: the same input must not read back differently), ids without
 * control characters, and a size limit on message content.
 *
 * @internal
 */
import type { z } from 'zod/v4';

/** The documented default of `maxContentBytes`: 256 KiB of UTF-8 per message. */
export const defaultMaxContentBytes = 262_144;

// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const controlCharacters = /[\u0000-\u001f\u007f]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` breaks the contract, or undefined when it is fine. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (loneSurrogate.test(text)) return 'must not contain a lone UTF-16 surrogate (malformed Unicode)';
  return undefined;
}

/** Why `id` is not a usable id, or undefined when it is fine. */
export function idProblem(id: string): string | undefined {
  if (controlCharacters.test(id)) return 'must not contain control characters';
  return textProblem(id);
}

/** A zod refinement adding the text rules to a string schema, with the field named in the message. */
export function safeText<SCHEMA extends z.ZodString>(schema: SCHEMA, field: string): SCHEMA {
  return schema.superRefine((text, context) => {
    const problem = textProblem(text);
    if (problem) context.addIssue({ code: 'custom', message: `Expected \`${field}\` that ${problem}` });
  }) as unknown as SCHEMA;
}

/** A zod refinement adding the id rules to a string schema. */
export function safeId<SCHEMA extends z.ZodString>(schema: SCHEMA, field: string): SCHEMA {
  return schema.superRefine((id, context) => {
    const problem = idProblem(id);
    if (problem) context.addIssue({ code: 'custom', message: `Expected \`${field}\` that ${problem}` });
  }) as unknown as SCHEMA;
}

/** Every string (and key) inside a JSON value must follow the text rules too. */
export function jsonProblem(value: unknown, path = ''): { path: string; problem: string } | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path, problem } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = jsonProblem(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem) return { path: path ? `${path}.${key}` : key, problem: keyProblem };
      const found = jsonProblem(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}
