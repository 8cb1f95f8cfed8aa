import type { z } from 'zod';
import { toValidationIssues } from '../core/validate.js';
import { ModelOutputError } from './model-output-error.js';

/**
 * Reads the JSON a prompt asked a model for and validates it with `schema`. When the reply is not
 * valid JSON as is, one repair pass fixes the defects models commonly produce — a Markdown code
 * fence, prose before or after the value, smart quotes, trailing commas — and parsing is tried
 * once more. Anything else fails with a {@link ModelOutputError}: `reason` is `not_json` or
 * `schema_mismatch`, and `issues` names each field that missed the schema.
 *
 * A value that parses but misses the schema is never "repaired": guessing at fields would hide a
 * wrong answer.
 *
 * @example
 * ```ts
 * import { parseModelJson, sentimentSchema } from 'crmkit';
 *
 * parseModelJson('Sure! ```json\n{"label": "negative", "score": 0.1, "confidence": 0.9,}\n```', sentimentSchema);
 * // { label: 'negative', score: 0.1, confidence: 0.9 }
 * ```
 */
export function parseModelJson<S extends z.ZodType>(text: string, schema: S): z.output<S> {
  let value: unknown;
  let repaired = false;
  try {
    value = JSON.parse(text);
  } catch (firstError) {
    const repairedText = repairJson(text);
    repaired = repairedText !== text;
    try {
      value = JSON.parse(repairedText);
    } catch {
      throw new ModelOutputError({ reason: 'not_json', text, repaired, cause: firstError });
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new ModelOutputError({ reason: 'schema_mismatch', text, repaired, issues: toValidationIssues(result.error.issues) });
  return result.data;
}

function repairJson(text: string): string {
  let candidate = text.trim();
  const fenced = /```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/.exec(candidate);
  if (fenced) candidate = fenced[1]!.trim();
  candidate = candidate.replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"').replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'");
  candidate = outermostValue(candidate) ?? candidate;
  return removeTrailingCommas(candidate);
}

/** The first `{…}` or `[…]` with balanced brackets, skipping brackets inside strings. */
function outermostValue(text: string): string | undefined {
  const start = text.search(/[{[]/);
  if (start === -1) return undefined;
  const stack: string[] = [];
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const character = text[index]!;
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{' || character === '[') stack.push(character === '{' ? '}' : ']');
    else if (character === '}' || character === ']') {
      if (stack.pop() !== character) return undefined;
      if (stack.length === 0) return text.slice(start, index + 1);
    }
  }
  return undefined;
}

/** Drops a comma that is followed only by whitespace and a closing bracket, outside strings. */
function removeTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (inString) {
      out += character;
      if (character === '\\') {
        out += text[index + 1] ?? '';
        index++;
      } else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    if (character === ',' && /^\s*[}\]]/.test(text.slice(index + 1, index + 200))) continue;
    out += character;
  }
  return out;
}
