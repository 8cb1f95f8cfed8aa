import { isHostSchema } from './host-schema.js';
import { chatRequestSchema } from './schemas.js';
import { parseInput } from './validate.js';

// Every provider checks every request before any network traffic. chatRequestSchema stays the
// one definition (its messages are what a caller reads); this file re-states it as plain checks
// because zod's walk over an object costs microseconds on the per-call path. The two must accept
// exactly the same values: validate-chat-request.test.ts property-tests that.

const roles: ReadonlySet<unknown> = new Set(['system', 'user', 'assistant']);
const schemaNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;
const metadataIdKeys = ['tenantId', 'userId', 'sessionId'] as const;

function isObject(value: unknown): value is Record<PropertyKey, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isOptionalString(value: unknown, minLength: number, maxLength: number): boolean {
  return value === undefined || (typeof value === 'string' && value.length >= minLength && value.length <= maxLength);
}

/** zod's `isPlainObject`, which `z.record` requires. */
function isPlainObject(value: unknown): value is Record<PropertyKey, unknown> {
  if (!isObject(value)) return false;
  const constructor: unknown = value.constructor;
  if (constructor === undefined || typeof constructor !== 'function') return true;
  const prototype: unknown = (constructor as { prototype?: unknown }).prototype;
  return isObject(prototype) && Object.prototype.hasOwnProperty.call(prototype, 'isPrototypeOf');
}

function isValidTags(tags: unknown): boolean {
  if (!isPlainObject(tags)) return false;
  for (const key of Reflect.ownKeys(tags)) {
    if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(tags, key)) continue;
    if (typeof key !== 'string' || typeof tags[key] !== 'string') return false;
  }
  return true;
}

function isValidMetadata(metadata: unknown): boolean {
  if (metadata === undefined) return true;
  if (!isObject(metadata)) return false;
  for (const key of metadataIdKeys) if (!isOptionalString(metadata[key], 1, 200)) return false;
  return metadata.tags === undefined || isValidTags(metadata.tags);
}

/** Fields that only tool-calling requests use; such requests take the schema's path. */
const toolMessageKeys = ['toolCalls', 'toolCallId', 'toolName', 'isError'] as const;

function usesTools(value: Record<PropertyKey, unknown>): boolean {
  if (value.tools !== undefined || value.toolChoice !== undefined) return true;
  const messages = value.messages;
  if (!Array.isArray(messages)) return false;
  for (let index = 0; index < messages.length; index++) {
    const message: unknown = messages[index];
    if (!isObject(message)) continue;
    if (message.role === 'tool') return true;
    for (const key of toolMessageKeys) if (message[key] !== undefined) return true;
  }
  return false;
}

function isValidMessages(messages: unknown): boolean {
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (let index = 0; index < messages.length; index++) {
    const message: unknown = messages[index];
    if (!isObject(message)) return false;
    const { role, content } = message;
    if (!roles.has(role) || typeof content !== 'string') return false;
    if (content.length === 0 && role !== 'assistant') return false;
  }
  return true;
}

function isValidStop(stop: unknown): boolean {
  if (stop === undefined) return true;
  if (!Array.isArray(stop) || stop.length > 4) return false;
  for (let index = 0; index < stop.length; index++) {
    const sequence: unknown = stop[index];
    if (typeof sequence !== 'string' || sequence.length === 0) return false;
  }
  return true;
}

/**
 * Whether `value` is a request that `chatRequestSchema` accepts, decided without zod: the
 * per-call fast path behind {@link validateChatRequest}. Internal to the providers.
 *
 * @example
 * ```ts
 * isValidChatRequest({ messages: [{ role: 'user', content: 'Hi' }] }); // true
 * isValidChatRequest({ messages: [] }); // false
 * ```
 */
export function isValidChatRequest(value: unknown): boolean {
  if (!isObject(value)) return false;
  // Tool calling is checked by the schema itself (cross-field rules; not the plain-chat hot path).
  if (usesTools(value)) return chatRequestSchema.safeParse(value).success;
  const { model, maxOutputTokens, temperature, topP, schema, schemaName } = value;
  return (
    isValidMessages(value.messages) &&
    isOptionalString(model, 1, Number.POSITIVE_INFINITY) &&
    (maxOutputTokens === undefined || (Number.isSafeInteger(maxOutputTokens) && (maxOutputTokens as number) > 0)) &&
    (temperature === undefined || (isFiniteNumber(temperature) && temperature >= 0 && temperature <= 2)) &&
    (topP === undefined || (isFiniteNumber(topP) && topP > 0 && topP <= 1)) &&
    isValidStop(value.stop) &&
    (schema === undefined || isHostSchema(schema)) &&
    (schemaName === undefined || (typeof schemaName === 'string' && schemaNamePattern.test(schemaName))) &&
    isValidMetadata(value.metadata)
  );
}

/**
 * Checks a request against `chatRequestSchema` and throws the schema's `ValidationError` (every
 * issue, with its field path, naming `subject`) when it fails. A valid request costs a few plain
 * checks; zod runs only to word the error. Internal to the providers.
 *
 * @example
 * ```ts
 * validateChatRequest(request, 'OpenAI generate request'); // throws ValidationError for { messages: [] }
 * ```
 */
export function validateChatRequest(request: unknown, subject: string): void {
  if (!isValidChatRequest(request)) parseInput(chatRequestSchema, request, subject);
}
