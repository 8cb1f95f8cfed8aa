import type { ToolCall, ToolCallDelta, ToolChoice, ToolSpec } from '../../core/tools.js';
import type { ChatMessage } from '../../core/types.js';
import { toolJsonSchema } from './tool-json-schema.js';

/** A chat-completions message as OpenAI and OpenAI-compatible servers (the Hugging Face router) take it. */
export type OpenAICompatibleMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: OpenAICompatibleToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A tool call in the chat-completions format. */
export interface OpenAICompatibleToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/**
 * Parses a tool call's argument JSON. Malformed JSON is reported on the call (`argumentsError`,
 * `rawArguments`), never thrown; an empty string (some servers send it for tools without
 * parameters) means no arguments.
 *
 * @example
 * ```ts
 * parseToolArguments('{"orderId":"54321"}'); // { arguments: { orderId: '54321' } }
 * parseToolArguments('{"orderId":'); // { arguments: undefined, rawArguments: '{"orderId":', argumentsError: '…' }
 * ```
 */
export function parseToolArguments(raw: string | undefined | null): Pick<ToolCall, 'arguments' | 'rawArguments' | 'argumentsError'> {
  if (raw === undefined || raw === null || raw.trim().length === 0) return { arguments: {} };
  try {
    return { arguments: JSON.parse(raw) as unknown };
  } catch (error) {
    return { arguments: undefined, rawArguments: raw, argumentsError: `The arguments are not valid JSON (${(error as Error).message})` };
  }
}

/** The argument text to send back for a call in history: the model's own text when it did not parse. */
export function argumentsText(call: ToolCall): string {
  return call.rawArguments ?? JSON.stringify(call.arguments ?? {});
}

/**
 * Converts a (vendor-ready, see convertToolHistory) history to chat-completions messages.
 *
 * @example
 * ```ts
 * toOpenAICompatibleMessages([{ role: 'user', content: 'Hi' }]); // [{ role: 'user', content: 'Hi' }]
 * ```
 */
export function toOpenAICompatibleMessages(messages: readonly ChatMessage[]): OpenAICompatibleMessage[] {
  return messages.map((message): OpenAICompatibleMessage => {
    switch (message.role) {
      case 'tool':
        return { role: 'tool', tool_call_id: message.toolCallId as string, content: message.content };
      case 'assistant':
        if (message.toolCalls && message.toolCalls.length > 0) {
          return {
            role: 'assistant',
            content: message.content.length > 0 ? message.content : null,
            tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: argumentsText(call) } })),
          };
        }
        return { role: 'assistant', content: message.content };
      default:
        return { role: message.role, content: message.content };
    }
  });
}

/**
 * Tools in the chat-completions `tools` format.
 *
 * @example
 * ```ts
 * toOpenAICompatibleTools([lookupOrder]); // [{ type: 'function', function: { name: 'lookup_order', description, parameters } }]
 * ```
 */
export function toOpenAICompatibleTools(tools: readonly ToolSpec[]): { type: 'function'; function: { name: string; description: string; parameters: Record<string, unknown> } }[] {
  return tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: toolJsonSchema(tool) } }));
}

/**
 * `toolChoice` in the chat-completions format.
 *
 * @example
 * ```ts
 * toOpenAICompatibleToolChoice({ type: 'tool', name: 'lookup_order' }); // { type: 'function', function: { name: 'lookup_order' } }
 * ```
 */
export function toOpenAICompatibleToolChoice(choice: ToolChoice): 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } } {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

/**
 * Tool calls of a chat-completions answer (`choices[0].message.tool_calls`).
 *
 * @example
 * ```ts
 * toolCallsFromOpenAICompatible([{ id: 'call_1', type: 'function', function: { name: 'lookup_order', arguments: '{}' } }]);
 * ```
 */
export function toolCallsFromOpenAICompatible(
  calls: readonly { id?: string | null; type?: string; function?: { name?: string | null; arguments?: string | null } | null }[] | null | undefined,
): ToolCall[] | undefined {
  if (!calls || calls.length === 0) return undefined;
  return calls.map((call, index) => ({ id: call.id || `call_${index}`, name: call.function?.name ?? '', ...parseToolArguments(call.function?.arguments) }));
}

/** One streamed tool-call piece in the chat-completions format (`delta.tool_calls[]`). */
export interface OpenAICompatibleToolCallChunk {
  index?: number;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

/**
 * Assembles streamed tool calls: give it each chunk's `delta.tool_calls`, get crmkit deltas back;
 * `finish()` returns the complete calls (arguments parsed once, at the end).
 *
 * @example
 * ```ts
 * const assembler = createToolCallAssembler();
 * assembler.push([{ index: 0, id: 'call_1', function: { name: 'lookup_order', arguments: '{"orderId":' } }]);
 * assembler.push([{ index: 0, function: { arguments: '"54321"}' } }]);
 * assembler.finish(); // [{ id: 'call_1', name: 'lookup_order', arguments: { orderId: '54321' } }]
 * ```
 */
export function createToolCallAssembler(): { push(chunks: readonly OpenAICompatibleToolCallChunk[] | null | undefined): ToolCallDelta[]; finish(): ToolCall[] | undefined } {
  const calls = new Map<number, { id: string; name: string; text: string }>();
  return {
    push(chunks) {
      if (!chunks || chunks.length === 0) return [];
      const deltas: ToolCallDelta[] = [];
      for (const chunk of chunks) {
        const index = chunk.index ?? calls.size;
        let call = calls.get(index);
        const isNew = call === undefined;
        if (!call) {
          call = { id: chunk.id || `call_${index}`, name: chunk.function?.name ?? '', text: '' };
          calls.set(index, call);
        } else if (chunk.function?.name) {
          call.name += chunk.function.name;
        }
        const piece = chunk.function?.arguments ?? '';
        call.text += piece;
        deltas.push({ type: 'tool-call-delta', index, ...(isNew ? { id: call.id, name: call.name } : {}), argumentsDelta: piece });
      }
      return deltas;
    },
    finish() {
      if (calls.size === 0) return undefined;
      return [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => ({ id: call.id, name: call.name, ...parseToolArguments(call.text) }));
    },
  };
}
