import type { ChatMessage } from '../../core/types.js';

/**
 * For vendors without a native JSON-schema mode (Anthropic, Hugging Face): returns the messages
 * with an instruction to answer with one JSON value matching `jsonSchema` appended to the system
 * prompt (or added as one when there is none). The reply is validated afterwards either way.
 *
 * @example
 * ```ts
 * const messages = withStructuredOutputInstructions(request.messages, { type: 'object', properties: {} });
 * ```
 */
export function withStructuredOutputInstructions(messages: readonly ChatMessage[], jsonSchema: Record<string, unknown>): ChatMessage[] {
  const instruction =
    'Answer with a single JSON value that matches this JSON Schema, and nothing else: no prose, no code fences.\n' +
    `JSON Schema:\n${JSON.stringify(jsonSchema)}`;
  const systemIndex = messages.findIndex((message) => message.role === 'system');
  if (systemIndex === -1) return [{ role: 'system', content: instruction }, ...messages];
  return messages.map((message, index) =>
    index === systemIndex ? { role: 'system', content: `${message.content}\n\n${instruction}` } : message,
  );
}
