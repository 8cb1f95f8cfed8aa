import { z } from 'zod/v4';
import { lazyObject } from '../core/lazy-object.js';

/**
 * One earlier turn of a conversation, as the chat-style built-in prompts take it. Both roles are
 * treated as untrusted: user turns are rendered as untrusted blocks, assistant turns neutralised.
 *
 * @example
 * ```ts
 * historyTurnSchema.parse({ role: 'user', content: 'What services do you offer?' });
 * ```
 */
export const historyTurnSchema = lazyObject(() => z.object({
  role: z.enum(['user', 'assistant'], { message: 'Expected `role` to be "user" or "assistant"' }),
  content: z.string({ message: 'Expected `content` to be a string' }),
}));

/**
 * One earlier turn of a conversation.
 *
 * @example
 * ```ts
 * const history: HistoryTurn[] = [
 *   { role: 'user', content: 'What services do you offer?' },
 *   { role: 'assistant', content: 'Fibre broadband and TV bundles.' },
 * ];
 * const { messages } = createSessionPrompt({ sessionType: 'customer_support' }).render({ message: 'How much is the TV bundle?', history });
 * ```
 */
export type HistoryTurn = z.infer<typeof historyTurnSchema>;
