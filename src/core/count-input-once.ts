/**
 * One input-token count per model call, shared by the layers that weigh the same request:
 * `withBudget` counts the messages it admits and shares the count while its call is in flight;
 * `withRateLimit` (a layer below it) reuses that count instead of counting the same text again.
 *
 * A shared count is used only for the very same `messages` array, of the same length, counted by
 * the same {@link TokenCounter} for the same model, and only while a call that counted it is in
 * flight (a reference count per array): a host that reuses and extends its messages array
 * between calls is counted afresh. `withBudget` itself always counts (the count it enforces is
 * never a shared one).
 *
 * @internal
 */
import type { TokenCounter } from './token-counter.js';
import type { ChatMessage } from './types.js';

interface SharedCount {
  counter: TokenCounter;
  model: string | undefined;
  length: number;
  tokens: number;
  /** Calls in flight that counted this array. */
  holders: number;
}

const shared = new WeakMap<readonly ChatMessage[], SharedCount>();

/** Counts `messages` (always) and shares the count until {@link unshareInputCount}. */
export function countAndShareInput(counter: TokenCounter, messages: readonly ChatMessage[], model: string | undefined): number {
  const tokens = counter.countMessages(messages, model).tokens;
  const entry = shared.get(messages);
  if (entry) {
    entry.counter = counter;
    entry.model = model;
    entry.length = messages.length;
    entry.tokens = tokens;
    entry.holders++;
  } else {
    shared.set(messages, { counter, model, length: messages.length, tokens, holders: 1 });
  }
  return tokens;
}

/** Ends one holder's share of `messages`' count (call once per {@link countAndShareInput}). */
export function unshareInputCount(messages: readonly ChatMessage[]): void {
  const entry = shared.get(messages);
  if (entry && --entry.holders <= 0) shared.delete(messages);
}

/** The input tokens of `messages`: the shared count when one matches, else a fresh count. */
export function countInput(counter: TokenCounter, messages: readonly ChatMessage[], model: string | undefined): number {
  const entry = shared.get(messages);
  if (entry !== undefined && entry.counter === counter && entry.model === model && entry.length === messages.length) return entry.tokens;
  return counter.countMessages(messages, model).tokens;
}
