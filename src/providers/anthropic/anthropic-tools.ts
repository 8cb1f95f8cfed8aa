import type { ToolCall, ToolCallDelta, ToolChoice, ToolSpec } from '../../core/tools.js';
import type { ChatMessage } from '../../core/types.js';
import { convertToolHistory, toolCallIdRules } from '../shared/convert-tool-history.js';
import { parseToolArguments } from '../shared/openai-compatible-tools.js';
import { toolJsonSchema } from '../shared/tool-json-schema.js';

/** A content block crmkit sends to the messages API. */
export type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean };

/** One turn of the messages API. */
export interface AnthropicTurn {
  role: 'user' | 'assistant';
  content: string | AnthropicBlock[];
}

function blocksOf(message: ChatMessage): AnthropicBlock[] {
  if (message.role === 'tool') {
    return [{ type: 'tool_result', tool_use_id: message.toolCallId as string, content: message.content, ...(message.isError ? { is_error: true } : {}) }];
  }
  const blocks: AnthropicBlock[] = message.content.length > 0 ? [{ type: 'text', text: message.content }] : [];
  for (const call of message.toolCalls ?? []) {
    const input = typeof call.arguments === 'object' && call.arguments !== null && !Array.isArray(call.arguments) ? (call.arguments as Record<string, unknown>) : {};
    blocks.push({ type: 'tool_use', id: call.id, name: call.name, input });
  }
  return blocks;
}

/**
 * A crmkit history in the messages API's shape: system messages in the separate `system` field;
 * tool calls as `tool_use` blocks; tool results as `tool_result` blocks of the next user turn
 * (the API wants them there, first); consecutive turns of one role merged, because user and
 * assistant must alternate. Turns of text only stay plain strings. Ids are normalised and every
 * call paired with a result first (see convertToolHistory).
 *
 * @example
 * ```ts
 * toAnthropicMessages([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }]);
 * // { system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }] }
 * ```
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): { system?: string; messages: AnthropicTurn[] } {
  const ready = convertToolHistory(messages, toolCallIdRules.anthropic);
  const system = ready.filter((message) => message.role === 'system').map((message) => message.content);
  const turns: { role: 'user' | 'assistant'; blocks: AnthropicBlock[] }[] = [];
  for (const message of ready) {
    if (message.role === 'system') continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = blocksOf(message);
    const last = turns.at(-1);
    if (last && last.role === role) {
      const previous = last.blocks.at(-1);
      const next = blocks[0];
      // Two texts in a row read as one paragraph break, as before tools existed.
      if (previous?.type === 'text' && next?.type === 'text' && blocks.length === 1) {
        previous.text = `${previous.text}\n\n${next.text}`;
      } else if (message.role === 'tool') {
        // The API wants a turn's tool results before anything else in it.
        const firstOther = last.blocks.findIndex((block) => block.type !== 'tool_result');
        last.blocks.splice(firstOther === -1 ? last.blocks.length : firstOther, 0, ...blocks);
      } else {
        last.blocks.push(...blocks);
      }
    } else {
      turns.push({ role, blocks });
    }
  }
  return {
    ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
    messages: turns.map((turn) => ({
      role: turn.role,
      content: turn.blocks.every((block) => block.type === 'text') ? turn.blocks.map((block) => (block as { text: string }).text).join('\n\n') : turn.blocks,
    })),
  };
}

/**
 * Tools in the messages API's format (`input_schema`).
 *
 * @example
 * ```ts
 * toAnthropicTools([lookupOrder]); // [{ name: 'lookup_order', description, input_schema }]
 * ```
 */
export function toAnthropicTools(tools: readonly ToolSpec[]): { name: string; description: string; input_schema: Record<string, unknown> }[] {
  return tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: toolJsonSchema(tool) }));
}

/**
 * `toolChoice` in the messages API's words: `required` is `any`, a named tool is `tool`.
 *
 * @example
 * ```ts
 * toAnthropicToolChoice('required'); // { type: 'any' }
 * ```
 */
export function toAnthropicToolChoice(choice: ToolChoice): { type: 'auto' | 'any' | 'none' } | { type: 'tool'; name: string } {
  if (typeof choice !== 'string') return { type: 'tool', name: choice.name };
  return { type: choice === 'required' ? 'any' : choice };
}

/**
 * The tool calls of a messages API answer (its `tool_use` blocks).
 *
 * @example
 * ```ts
 * toolCallsFromAnthropic([{ type: 'tool_use', id: 'toolu_1', name: 'lookup_order', input: { orderId: '54321' } }]);
 * ```
 */
export function toolCallsFromAnthropic(blocks: readonly { type: string; id?: string; name?: string; input?: unknown }[]): ToolCall[] | undefined {
  const calls = blocks.filter((block) => block.type === 'tool_use').map((block) => ({ id: block.id ?? '', name: block.name ?? '', arguments: block.input ?? {} }));
  return calls.length > 0 ? calls : undefined;
}

/**
 * Assembles streamed `tool_use` blocks (`content_block_start`, then `input_json_delta` pieces).
 *
 * @example
 * ```ts
 * const assembler = createAnthropicToolCallAssembler();
 * assembler.start(1, { type: 'tool_use', id: 'toolu_1', name: 'lookup_order' });
 * assembler.delta(1, '{"orderId":"54321"}');
 * assembler.finish(); // [{ id: 'toolu_1', name: 'lookup_order', arguments: { orderId: '54321' } }]
 * ```
 */
export function createAnthropicToolCallAssembler(): {
  start(blockIndex: number, block: { type: string; id?: string; name?: string }): ToolCallDelta | undefined;
  delta(blockIndex: number, partialJson: string): ToolCallDelta | undefined;
  finish(): ToolCall[] | undefined;
} {
  const calls = new Map<number, { index: number; id: string; name: string; text: string }>();
  return {
    start(blockIndex, block) {
      if (block.type !== 'tool_use') return undefined;
      const call = { index: calls.size, id: block.id ?? '', name: block.name ?? '', text: '' };
      calls.set(blockIndex, call);
      return { type: 'tool-call-delta', index: call.index, id: call.id, name: call.name, argumentsDelta: '' };
    },
    delta(blockIndex, partialJson) {
      const call = calls.get(blockIndex);
      if (!call) return undefined;
      call.text += partialJson;
      return { type: 'tool-call-delta', index: call.index, argumentsDelta: partialJson };
    },
    finish() {
      if (calls.size === 0) return undefined;
      return [...calls.values()].map((call) => ({ id: call.id, name: call.name, ...parseToolArguments(call.text) }));
    },
  };
}
