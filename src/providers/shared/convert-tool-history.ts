import type { ToolCall } from '../../core/tools.js';
import type { ChatMessage } from '../../core/types.js';

/**
 * The tool-call ids a vendor accepts, and how to make one. OpenAI accepts any id (its own are
 * `call_` + 24 characters); Anthropic requires `^[a-zA-Z0-9_-]+$`; behind the Hugging Face router,
 * Mistral-family models require exactly 9 letters or digits, the strictest rule of its backends.
 *
 * @example
 * ```ts
 * const rule: ToolCallIdRule = toolCallIdRules.anthropic;
 * rule.pattern.test('toolu_01A09q90qw90lq917835lq9'); // true
 * ```
 */
export interface ToolCallIdRule {
  readonly pattern: RegExp;
  /** Builds an accepted id from a hash of the original (deterministic, so a call and its result agree). */
  readonly make: (hash: string) => string;
}

/**
 * Per-vendor tool-call id rules used by {@link convertToolHistory}.
 *
 * @example
 * ```ts
 * toolCallIdRules.huggingface.pattern.test('a1B2c3D4e'); // true
 * ```
 */
export const toolCallIdRules = {
  openai: { pattern: /^[A-Za-z0-9_-]{1,40}$/, make: (hash: string) => `call_${hash.slice(0, 24)}` },
  anthropic: { pattern: /^[A-Za-z0-9_-]{1,64}$/, make: (hash: string) => `toolu_${hash.slice(0, 24)}` },
  huggingface: { pattern: /^[A-Za-z0-9]{9}$/, make: (hash: string) => hash.slice(0, 9) },
} as const satisfies Record<string, ToolCallIdRule>;

/**
 * The content of the result that closes a tool call which never got one (the conversation moved
 * on, or the provider failed between the call and its result). It is a typed JSON object, so a
 * model and a host can both tell it from a real result.
 *
 * @example
 * ```ts
 * notRunToolResult('lookup_order'); // '{"status":"not_run","tool":"lookup_order","reason":"…"}'
 * ```
 */
export function notRunToolResult(toolName: string): string {
  return JSON.stringify({ status: 'not_run', tool: toolName, reason: 'This tool call was not run, so it has no result. Do not assume its outcome.' });
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 24 base-62 characters from two FNV-1a passes: stable, fast, not a security boundary. */
function hashId(text: string, salt: number): string {
  let out = '';
  for (let round = 0; out.length < 24; round++) {
    let hash = (0x811c9dc5 ^ (salt * 16777619) ^ round) >>> 0;
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 16777619) >>> 0;
    }
    for (let digit = 0; digit < 5; digit++) {
      out += alphabet[hash % 62];
      hash = Math.floor(hash / 62);
    }
  }
  return out.slice(0, 24);
}

/**
 * Makes a vendor-neutral history safe to send to one vendor, whichever vendor produced it (this
 * is what lets a conversation with tool calls move across a fallback chain):
 *
 * - every tool-call id the vendor would reject is replaced, consistently in the call and its
 *   result, by a deterministic id it accepts (an accepted id is kept; two calls never share one);
 * - every call is followed by its result, in call order, right after the assistant turn (results
 *   found later in the history are moved up);
 * - a call without a result (the provider failed between the call and its result, or the
 *   conversation moved on) is closed with an error result, {@link notRunToolResult};
 * - a result without a call becomes a user turn that says which tool it came from.
 *
 * Messages without tools pass through untouched (the same array when nothing had to change).
 *
 * @example
 * ```ts
 * const ready = convertToolHistory(request.messages, toolCallIdRules.anthropic);
 * ```
 */
export function convertToolHistory(messages: readonly ChatMessage[], rule: ToolCallIdRule): readonly ChatMessage[] {
  if (!messages.some((message) => message.role === 'tool' || (message.toolCalls !== undefined && message.toolCalls.length > 0))) return messages;
  const used = new Set<string>();
  const idFor = new Map<string, string>();
  const normalise = (original: string): string => {
    const known = idFor.get(original);
    if (known !== undefined) return known;
    let id = original;
    for (let salt = 0; !rule.pattern.test(id) || used.has(id); salt++) id = rule.make(hashId(original, salt));
    used.add(id);
    idFor.set(original, id);
    return id;
  };

  const consumed = new Set<number>();
  const output: ChatMessage[] = [];
  for (let index = 0; index < messages.length; index++) {
    if (consumed.has(index)) continue;
    const message = messages[index] as ChatMessage;
    if (message.role === 'tool') {
      // No call before it claimed it: keep the information, as text the vendor accepts.
      output.push({ role: 'user', content: `Result of an earlier call to the tool ${message.toolName ?? 'unknown'}:\n${message.content}` });
      continue;
    }
    const calls = message.toolCalls;
    if (message.role !== 'assistant' || calls === undefined || calls.length === 0) {
      output.push(message);
      continue;
    }
    const pending = new Map<string, ToolCall>();
    for (const call of calls) if (!pending.has(call.id)) pending.set(call.id, call);
    const results = new Map<string, ChatMessage>();
    for (let later = index + 1; later < messages.length && results.size < pending.size; later++) {
      const candidate = messages[later] as ChatMessage;
      if (consumed.has(later) || candidate.role !== 'tool' || candidate.toolCallId === undefined) continue;
      if (!pending.has(candidate.toolCallId) || results.has(candidate.toolCallId)) continue;
      results.set(candidate.toolCallId, candidate);
      consumed.add(later);
    }
    const seen = new Set<string>();
    const renamed: ToolCall[] = [];
    for (const call of calls) {
      if (seen.has(call.id)) continue; // a duplicated call id would pair two calls with one result
      seen.add(call.id);
      renamed.push({ ...call, id: normalise(call.id) });
    }
    output.push({ ...message, toolCalls: renamed });
    for (const call of renamed) {
      const original = [...pending.values()].find((candidate) => idFor.get(candidate.id) === call.id) as ToolCall;
      const result = results.get(original.id);
      output.push(
        result
          ? { ...result, toolCallId: call.id, toolName: result.toolName ?? call.name }
          : { role: 'tool', toolCallId: call.id, toolName: call.name, content: notRunToolResult(call.name), isError: true },
      );
    }
  }
  return output;
}
