import { z } from 'zod/v4';
import { ValidationError, type ValidationIssue } from './errors.js';

/**
 * Converts zod issues into crmkit {@link ValidationIssue}s with dotted paths.
 *
 * @example
 * ```ts
 * const result = schema.safeParse(input);
 * if (!result.success) console.log(toValidationIssues(result.error.issues));
 * ```
 */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : String(segment))).join('.').replace(/\.\[/g, '['),
    message: issue.message,
  }));
}

/**
 * A zod schema for "any function", which zod 4.0 (and zod 3.25's `zod/v4`) cannot say with
 * `z.function()`: that became a schema only in zod 4.1.
 *
 * @example
 * ```ts
 * const optionsSchema = z.object({ onError: anyFunction().optional() });
 * ```
 */
export function anyFunction(): z.ZodType<(...args: never[]) => unknown> {
  return z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'Expected a function');
}

/**
 * Parses `value` with `schema`, throwing a {@link ValidationError} that lists every problem
 * (never the first only) and names `subject` ("createScorer options", "ask input"…).
 *
 * @example
 * ```ts
 * const options = parseInput(optionsSchema, userOptions, 'createFallbackChain options');
 * ```
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(subject, toValidationIssues(result.error.issues));
  return result.data;
}
