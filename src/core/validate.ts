import type { z } from 'zod';
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
