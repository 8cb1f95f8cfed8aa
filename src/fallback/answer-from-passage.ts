import type { KnowledgePassage } from '../core/knowledge/knowledge-source.js';

/**
 * Options of {@link answerFromPassage}.
 *
 * @example
 * ```ts
 * const options: AnswerFromPassageOptions = { maxChars: 300, lead: 'Here is what our help center says' };
 * ```
 */
export interface AnswerFromPassageOptions {
  /** Longest excerpt, cut at a sentence (or word) boundary. @default 400 */
  readonly maxChars?: number;
  /** Opening words before the article title. @default 'From our help center' */
  readonly lead?: string;
}

/**
 * The rule-based answer from a knowledge source, for when no model answers: the best passage's
 * excerpt with its article title and link, cited as `[1]`. Pure and deterministic; the caller
 * marks the answer degraded.
 *
 * @example
 * ```ts
 * import { answerFromPassage } from 'crmkit/fallback';
 *
 * answerFromPassage({ documentId: 'refunds', passageId: 'refunds#0', title: 'Refunds', url: 'https://help.example.com/refunds', text: 'Refunds appear within 5 to 7 business days.', tags: [], score: 3 });
 * // 'From our help center, "Refunds": Refunds appear within 5 to 7 business days. [1]\nRead more: https://help.example.com/refunds'
 * ```
 */
export function answerFromPassage(passage: KnowledgePassage, options: AnswerFromPassageOptions = {}): string {
  const maxChars = Math.max(40, options.maxChars ?? 400);
  const lead = options.lead ?? 'From our help center';
  const text = passage.text.replace(/\s+/g, ' ').trim();
  let excerpt = text;
  if (text.length > maxChars) {
    const window = text.slice(0, maxChars);
    const sentenceEnd = Math.max(window.lastIndexOf('. '), window.lastIndexOf('! '), window.lastIndexOf('? '));
    excerpt = sentenceEnd > maxChars / 3 ? window.slice(0, sentenceEnd + 1) : `${window.slice(0, Math.max(0, window.lastIndexOf(' ')))}…`;
  }
  const heading = passage.heading ? ` (${passage.heading})` : '';
  return `${lead}, "${passage.title}"${heading}: ${excerpt} [1]${passage.url ? `\nRead more: ${passage.url}` : ''}`;
}
