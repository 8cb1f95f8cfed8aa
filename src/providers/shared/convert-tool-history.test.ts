import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import type { ChatMessage } from '../../core/types.js';
import { validateChatRequest } from '../../core/validate-chat-request.js';
import { toAnthropicMessages } from '../anthropic/anthropic-tools.js';
import { convertToolHistory, notRunToolResult, toolCallIdRules } from './convert-tool-history.js';
import { createToolCallAssembler, parseToolArguments } from './openai-compatible-tools.js';

const user: ChatMessage = { role: 'user', content: 'Where is my order?' };

describe('convertToolHistory', () => {
  it('returns the same array when there is nothing to convert', () => {
    const messages = [user, { role: 'assistant', content: 'Which order?' }] as const;
    expect(convertToolHistory(messages, toolCallIdRules.huggingface)).toBe(messages);
  });

  it('renames ids the vendor rejects, the same way in the call and its result, and keeps accepted ones', () => {
    const history: ChatMessage[] = [
      user,
      { role: 'assistant', content: '', toolCalls: [{ id: 'chatcmpl-tool-0a1b2c3d4e5f', name: 'a', arguments: {} }, { id: 'Ab3dE6gH9', name: 'b', arguments: {} }] },
      { role: 'tool', toolCallId: 'Ab3dE6gH9', toolName: 'b', content: '2' },
      { role: 'tool', toolCallId: 'chatcmpl-tool-0a1b2c3d4e5f', toolName: 'a', content: '1' },
    ];
    const converted = convertToolHistory(history, toolCallIdRules.huggingface);
    const calls = converted[1]!.toolCalls!;
    expect(calls[0]!.id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(calls[1]!.id).toBe('Ab3dE6gH9');
    // Results follow in call order, with the renamed ids.
    expect(converted.slice(2).map((message) => [message.toolCallId, message.content])).toEqual([
      [calls[0]!.id, '1'],
      ['Ab3dE6gH9', '2'],
    ]);
    // Deterministic: the same history converts the same way twice.
    expect(convertToolHistory(history, toolCallIdRules.huggingface)).toEqual(converted);
  });

  it('never gives two calls one id, even when their renamed forms would collide', () => {
    const history: ChatMessage[] = [
      { role: 'assistant', content: '', toolCalls: [{ id: 'x'.repeat(50), name: 'a', arguments: {} }, { id: 'call_' + 'x'.repeat(45), name: 'b', arguments: {} }] },
      { role: 'assistant', content: '', toolCalls: [{ id: 'x'.repeat(50), name: 'a', arguments: {} }] },
    ];
    const converted = convertToolHistory(history, toolCallIdRules.openai).filter((message) => message.role === 'assistant');
    const ids = converted.flatMap((message) => message.toolCalls!.map((call) => call.id));
    expect(ids.every((id) => toolCallIdRules.openai.pattern.test(id))).toBe(true);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('closes an orphaned call with a typed not-run result, drops a duplicated call, and turns a stray result into a user turn', () => {
    const history: ChatMessage[] = [
      { role: 'tool', toolCallId: 'nobody', toolName: 'lookup_order', content: '{"status":"shipped"}' },
      { role: 'assistant', content: 'Checking', toolCalls: [{ id: 'c1', name: 'lookup_order', arguments: {} }, { id: 'c1', name: 'lookup_order', arguments: {} }] },
      user,
    ];
    const converted = convertToolHistory(history, toolCallIdRules.anthropic);
    expect(converted.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'user']);
    expect(converted[0]!.content).toContain('lookup_order');
    expect(converted[1]!.toolCalls).toHaveLength(1);
    expect(converted[2]).toEqual({ role: 'tool', toolCallId: 'c1', toolName: 'lookup_order', content: notRunToolResult('lookup_order'), isError: true });
    expect(JSON.parse(converted[2]!.content)).toMatchObject({ status: 'not_run', tool: 'lookup_order' });
  });

  it('moves a result that arrived later up to its call', () => {
    const history: ChatMessage[] = [
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'a', arguments: {} }] },
      user,
      { role: 'tool', toolCallId: 'c1', toolName: 'a', content: 'late' },
    ];
    expect(convertToolHistory(history, toolCallIdRules.openai).map((message) => message.content)).toEqual(['', 'late', 'Where is my order?']);
  });
});

describe('Anthropic history', () => {
  it('puts tool results first in the next user turn and merges the text after them', () => {
    const { system, messages } = toAnthropicMessages([
      { role: 'system', content: 'Be brief.' },
      user,
      { role: 'assistant', content: 'Let me check.', toolCalls: [{ id: 'toolu_1', name: 'lookup_order', arguments: { orderId: '1' } }] },
      { role: 'tool', toolCallId: 'toolu_1', toolName: 'lookup_order', content: '{"status":"in_transit"}' },
      { role: 'user', content: 'Thanks' },
    ]);
    expect(system).toBe('Be brief.');
    expect(messages).toEqual([
      { role: 'user', content: 'Where is my order?' },
      { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'toolu_1', name: 'lookup_order', input: { orderId: '1' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '{"status":"in_transit"}' }, { type: 'text', text: 'Thanks' }] },
    ]);
  });
});

describe('argument parsing', () => {
  it('parses, treats empty as no arguments, and reports malformed JSON without throwing', () => {
    expect(parseToolArguments('{"a":1}')).toEqual({ arguments: { a: 1 } });
    expect(parseToolArguments('')).toEqual({ arguments: {} });
    expect(parseToolArguments('{"a":')).toMatchObject({ arguments: undefined, rawArguments: '{"a":', argumentsError: expect.stringContaining('not valid JSON') });
  });

  it('assembles interleaved parallel streamed calls by index', () => {
    const assembler = createToolCallAssembler();
    assembler.push([{ index: 0, id: 'c0', function: { name: 'a', arguments: '{"x":' } }]);
    assembler.push([{ index: 1, id: 'c1', function: { name: 'b', arguments: '{}' } }]);
    assembler.push([{ index: 0, function: { arguments: '1}' } }]);
    expect(assembler.finish()).toEqual([
      { id: 'c0', name: 'a', arguments: { x: 1 } },
      { id: 'c1', name: 'b', arguments: {} },
    ]);
  });
});

describe('request validation with tools', () => {
  const tool = { name: 'lookup_order', description: 'Find', inputSchema: z.object({ orderId: z.string() }) };
  const invalid = (request: unknown): ValidationError => {
    try {
      validateChatRequest(request, 'test request');
    } catch (error) {
      if (ValidationError.isInstance(error)) return error;
    }
    throw new Error('expected a ValidationError');
  };

  it('accepts a full tool conversation', () => {
    expect(() =>
      validateChatRequest(
        {
          messages: [user, { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'lookup_order', arguments: {} }] }, { role: 'tool', toolCallId: 'c1', toolName: 'lookup_order', content: '{}' }],
          tools: [tool],
          toolChoice: { type: 'tool', name: 'lookup_order' },
        },
        'test request',
      ),
    ).not.toThrow();
  });

  it('names the field: a tool message without its call id, duplicate tool names, a toolChoice no tool serves, a bad tool name', () => {
    expect(invalid({ messages: [{ role: 'tool', toolName: 'x', content: '{}' }] }).issues[0]!.path).toBe('messages[0].toolCallId');
    expect(invalid({ messages: [user], tools: [tool, tool] }).issues[0]!.message).toMatch(/unique/);
    expect(invalid({ messages: [user], tools: [tool], toolChoice: { type: 'tool', name: 'refund' } }).issues[0]!.path).toBe('toolChoice');
    expect(invalid({ messages: [user], toolChoice: 'required' }).issues[0]!.path).toBe('toolChoice');
    expect(invalid({ messages: [user], tools: [{ ...tool, name: 'look up' }] }).issues[0]!.path).toBe('tools[0].name');
    expect(invalid({ messages: [{ role: 'user', content: 'x', toolCalls: [] }] }).issues[0]!.path).toBe('messages[0].toolCalls');
  });
});

describe('token counts of a tool history', () => {
  it('count the tool calls an assistant turn carries', async () => {
    const { createApproximateTokenCounter } = await import('../../core/token-counter.js');
    const counter = createApproximateTokenCounter();
    const bare: ChatMessage = { role: 'assistant', content: '' };
    const withCall: ChatMessage = { ...bare, toolCalls: [{ id: 'c1', name: 'lookup_order', arguments: { orderId: '54321' } }] };
    expect(counter.countMessages([withCall]).tokens).toBeGreaterThan(counter.countMessages([bare]).tokens + 5);
  });
});
