import type { ToolSpec } from './tools.js';

/**
 * The outcome of {@link validateToolInput}: the parsed value, or the issues as `path: message`
 * strings (never the offending values, which may hold customer data).
 *
 * @example
 * ```ts
 * const outcome: ToolInputValidation = { ok: false, issues: ['orderId: Invalid input: expected string, received number'] };
 * ```
 */
export type ToolInputValidation = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly issues: readonly string[] };

/**
 * Validates a tool call's arguments with the tool's input schema through the Standard Schema
 * interface (`~standard.validate`), so zod 3.24+, zod 4 or any Standard Schema library works, and
 * whichever copy of zod the host has. The one place tool input is validated.
 *
 * @example
 * ```ts
 * const outcome = await validateToolInput(lookupOrder, { orderId: '54321' });
 * if (outcome.ok) console.log(outcome.value);
 * ```
 */
export async function validateToolInput(tool: ToolSpec, value: unknown): Promise<ToolInputValidation> {
  const checked = await tool.inputSchema['~standard'].validate(value);
  if (!checked.issues) return { ok: true, value: checked.value };
  return {
    ok: false,
    issues: checked.issues.map((issue) => {
      const path = (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    }),
  };
}
