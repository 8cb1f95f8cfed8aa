import type { z } from 'zod/v4';
import { findJson } from '../core/extract-json.js';
import { toValidationIssues } from '../core/validate.js';
import { ModelOutputError } from './model-output-error.js';

/**
 * Reads the JSON a prompt asked a model for and validates it with `schema`. When the reply is not
 * valid JSON as is, the defects models commonly produce — a Markdown code fence, prose before or
 * after the value, smart quotes, trailing commas — are repaired ({@link findJson}, the same
 * routine providers use for a request's `schema`). Anything else fails with a
 * {@link ModelOutputError}: `reason` is `not_json` or `schema_mismatch`, and `issues` names each
 * field that missed the schema.
 *
 * A value that parses but misses the schema is never "repaired": guessing at fields would hide a
 * wrong answer.
 *
 * @example
 * ```ts
 * import { parseModelJson } from 'crmkit';
 * import { sentimentSchema } from 'crmkit/fallback';
 *
 * parseModelJson('Sure! ```json\n{"label": "negative", "score": 0.1, "confidence": 0.9,}\n```', sentimentSchema);
 * // { label: 'negative', score: 0.1, confidence: 0.9 }
 * ```
 */
export function parseModelJson<S extends z.ZodType>(text: string, schema: S): z.output<S> {
  const found = findJson(text);
  // Nothing parsed, so the repairs were tried: `repaired` is true.
  if (found === undefined) throw new ModelOutputError({ reason: 'not_json', text, repaired: true });
  const result = schema.safeParse(found.value);
  if (!result.success) throw new ModelOutputError({ reason: 'schema_mismatch', text, repaired: found.repaired, issues: toValidationIssues(result.error.issues) });
  return result.data;
}
