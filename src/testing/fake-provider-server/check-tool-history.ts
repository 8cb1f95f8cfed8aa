import type { FakeVendor } from './fake-response.js';

type Json = Record<string, unknown>;

const idRules: Readonly<Record<FakeVendor, { readonly pattern: RegExp; readonly message: (id: string) => string }>> = {
  openai: { pattern: /^.{1,40}$/s, message: (id) => `Invalid 'tool_call_id': string too long. Expected a string with maximum length 40, but got a string with length ${id.length} instead.` },
  anthropic: { pattern: /^[a-zA-Z0-9_-]+$/, message: () => "tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'" },
  // The router's Mistral-family backends: the strictest rule behind it.
  huggingface: { pattern: /^[a-zA-Z0-9]{9}$/, message: (id) => `Tool call id was ${id} but must be a-z, A-Z, 0-9, with a length of 9.` },
};

function blocks(content: unknown): Json[] {
  return Array.isArray(content) ? (content.filter((block) => typeof block === 'object' && block !== null) as Json[]) : [];
}

/** OpenAI and the Hugging Face router: every `tool_calls` answered by the `tool` messages that follow it. */
function checkChatCompletions(messages: readonly Json[], vendor: FakeVendor): string | undefined {
  const rule = idRules[vendor];
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index] as Json;
    if (message.role === 'tool') return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
    const calls = Array.isArray(message.tool_calls) ? (message.tool_calls as Json[]) : [];
    if (message.role !== 'assistant' || calls.length === 0) continue;
    const open = new Set<string>();
    for (const call of calls) {
      const id = String(call.id);
      if (!rule.pattern.test(id)) return rule.message(id);
      open.add(id);
    }
    let next = index + 1;
    while (next < messages.length && (messages[next] as Json).role === 'tool') {
      open.delete(String((messages[next] as Json).tool_call_id));
      next++;
    }
    if (open.size > 0) {
      return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(', ')}`;
    }
    index = next - 1;
  }
  return undefined;
}

/** Anthropic: every `tool_use` answered by a `tool_result` in the very next user turn, and no stray results. */
function checkMessages(messages: readonly Json[]): string | undefined {
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index] as Json;
    const previousUses = new Set(
      blocks((messages[index - 1] as Json | undefined)?.content)
        .filter((block) => block.type === 'tool_use')
        .map((block) => String(block.id)),
    );
    for (const block of blocks(message.content)) {
      if (block.type === 'tool_use' && !idRules.anthropic.pattern.test(String(block.id))) return `messages.${index}.content: ${idRules.anthropic.message(String(block.id))}`;
      if (block.type === 'tool_result' && !previousUses.has(String(block.tool_use_id))) {
        return `messages.${index}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
    const uses = blocks(message.content).filter((block) => block.type === 'tool_use').map((block) => String(block.id));
    if (uses.length === 0) continue;
    const answered = new Set(blocks((messages[index + 1] as Json | undefined)?.content).filter((block) => block.type === 'tool_result').map((block) => String(block.tool_use_id)));
    const missing = uses.filter((id) => !answered.has(id));
    if (missing.length > 0) {
      return `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}

/**
 * Checks a request's tool history the way the vendor does (ids in its accepted pattern, every call
 * paired with its result, no result without its call) and returns the vendor's error message, or
 * `undefined` when the history is acceptable. Internal to the fake server.
 */
export function checkToolHistory(vendor: FakeVendor, body: Json): string | undefined {
  const messages = Array.isArray(body.messages) ? (body.messages.filter((message) => typeof message === 'object' && message !== null) as Json[]) : [];
  return vendor === 'anthropic' ? checkMessages(messages) : checkChatCompletions(messages, vendor);
}
