import type { ValidationIssue } from './errors.js';

/** How many issues an error message names before it only counts the rest. */
const shownIssues = 5;

/**
 * One line naming the first five issues (`path: message`, `(root)` for an empty path) and
 * counting the rest, for error messages that must stay short: a model's reply can miss a schema
 * in dozens of places, and the full list is on the error's `issues`.
 *
 * @example
 * ```ts
 * summarizeIssues([{ path: 'intent', message: 'Required' }, { path: '', message: 'Expected object' }]);
 * // 'intent: Required; (root): Expected object'
 * ```
 * @internal
 */
export function summarizeIssues(issues: readonly ValidationIssue[]): string {
  const named = issues
    .slice(0, shownIssues)
    .map((issue) => `${issue.path || '(root)'}: ${issue.message}`)
    .join('; ');
  return issues.length > shownIssues ? `${named}; and ${issues.length - shownIssues} more` : named;
}
