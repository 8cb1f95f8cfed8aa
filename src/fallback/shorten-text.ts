import { countWords } from '../core/count-words.js';

/**
 * Shortens `text` to at most `max` code points, cutting at a word boundary when one is close
 * enough and marking every cut with `ellipsis`, so nothing is ever cut silently.
 *
 * @internal
 */
export function shortenText(text: string, max: number, ellipsis = '…'): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const room = max - [...ellipsis].length;
  if (room <= 0) return [...ellipsis].slice(0, max).join('');
  const head = chars.slice(0, room + 1).join('');
  const boundary = head.search(/\s\S*$/);
  // Prefer a word boundary unless it would throw away more than half of the room.
  const cut = boundary > room / 2 ? head.slice(0, boundary) : chars.slice(0, room).join('');
  return `${cut.replace(/[\s,;:.!?-]+$/, '')}${ellipsis}`;
}

/**
 * Keeps at most `max` words (as `countWords` counts them), cutting between whitespace-separated
 * tokens and marking the cut with `ellipsis`.
 *
 * @internal
 */
export function limitWords(text: string, max: number, ellipsis = '…'): string {
  const parts = text.split(/(\s+)/);
  let words = 0;
  let out = '';
  for (const part of parts) {
    if (part.length === 0) continue;
    if (/^\s+$/.test(part)) {
      out += part;
      continue;
    }
    // A token can hold several words (`e-mail`, `24/7`) or none (`—`).
    const partWords = countWords(part);
    if (words + partWords > max) return `${out.trimEnd().replace(/[,;:.!?-]+$/, '')}${ellipsis}`;
    words += partWords;
    out += part;
  }
  return out;
}
