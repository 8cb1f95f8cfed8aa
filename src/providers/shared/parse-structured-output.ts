import { validateWithHostSchema, type HostSchema } from '../../core/host-schema.js';
import { findJson } from '../../core/extract-json.js';
import { StructuredOutputError } from './structured-output-error.js';

/**
 * Options for {@link parseStructuredOutput}.
 *
 * @example
 * ```ts
 * const options: ParseStructuredOutputOptions<{ intent: string }> = { text: '{"intent":"refund"}', schema: z.object({ intent: z.string() }) };
 * ```
 */
export interface ParseStructuredOutputOptions<OBJECT> {
  /** The model's reply. */
  readonly text: string;
  /** The request's schema. */
  readonly schema: HostSchema<OBJECT>;
  /** For the error, when the reply does not fit. */
  readonly providerId?: string;
  readonly model?: string;
  readonly requestId?: string;
}

/**
 * Finds the JSON value in a model's reply ({@link findJson}: fences, surrounding prose, smart
 * quotes and trailing commas are handled the same way as by `parseModelJson`) and validates it
 * with the request's schema. Throws a {@link StructuredOutputError} (kind `server`, retryable) when the
 * reply has no JSON or the JSON misses the schema.
 *
 * @example
 * ```ts
 * const object = parseStructuredOutput({ text: '{"intent":"refund"}', schema: z.object({ intent: z.string() }) });
 * ```
 */
export function parseStructuredOutput<OBJECT>(options: ParseStructuredOutputOptions<OBJECT>): OBJECT {
  const context = { text: options.text, providerId: options.providerId, model: options.model, requestId: options.requestId };
  const found = findJson(options.text);
  if (found === undefined) throw new StructuredOutputError({ ...context, issues: [] });
  const result = validateWithHostSchema(options.schema, found.value);
  if (!result.success) throw new StructuredOutputError({ ...context, issues: result.issues });
  return result.data;
}
