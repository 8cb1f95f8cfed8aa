import type { Channel } from '../core/domain.js';
import { checkDraft } from '../prompts/check-draft.js';

// Made on first use: creating a segmenter loads ICU data (milliseconds at `import 'crmkit'`).
let sentenceSegmenter: Intl.Segmenter | undefined;
let wordSegmenter: Intl.Segmenter | undefined;
const sentences = (): Intl.Segmenter => (sentenceSegmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' }));
const words = (): Intl.Segmenter => (wordSegmenter ??= new Intl.Segmenter('en', { granularity: 'word' }));

function tooLong(text: string, channel: Channel): boolean {
  return checkDraft(text, channel).violations.some((violation) => violation.code === 'too_long');
}

/**
 * Shortens a draft that is over its channel's limit (SMS 160 characters, email 200 words, chat
 * 100, phone 75) at a sentence boundary. An email keeps its greeting and signature paragraphs
 * and loses sentences from the end of its body. Only when a single sentence is already too long
 * is it cut at a word boundary, with an ellipsis so the cut is visible. A draft that fits is
 * returned unchanged.
 *
 * @example
 * ```ts
 * shortenToChannel('First sentence. ' + 'Very long second sentence '.repeat(20), 'sms'); // 'First sentence.'
 * ```
 */
export function shortenToChannel(text: string, channel: Channel): string {
  if (!tooLong(text, channel)) return text;
  const paragraphs = text.split(/\n\s*\n/);
  if (channel === 'email' && paragraphs.length >= 3) {
    const head = paragraphs[0] as string;
    const tail = paragraphs[paragraphs.length - 1] as string;
    const body = paragraphs.slice(1, -1).join('\n\n');
    const fitted = keepSentences(body, (candidate) => !tooLong(`${head}\n\n${candidate}\n\n${tail}`, channel));
    if (fitted !== undefined) return `${head}\n\n${fitted}\n\n${tail}`;
  }
  const fitted = keepSentences(text, (candidate) => !tooLong(candidate, channel));
  if (fitted !== undefined) return fitted;
  return cutAtWord(text, (candidate) => !tooLong(candidate, channel));
}

/** The longest run of leading sentences that `fits`, or undefined when not even the first does. */
function keepSentences(text: string, fits: (candidate: string) => boolean): string | undefined {
  let kept: string | undefined;
  let candidate = '';
  for (const { segment } of sentences().segment(text)) {
    candidate += segment;
    const trimmed = candidate.trimEnd();
    if (!fits(trimmed)) break;
    kept = trimmed;
  }
  return kept;
}

function cutAtWord(text: string, fits: (candidate: string) => boolean): string {
  let kept = '…';
  let candidate = '';
  for (const { segment, isWordLike } of words().segment(text)) {
    candidate += segment;
    if (!isWordLike) continue;
    const attempt = `${candidate.trimEnd()}…`;
    if (!fits(attempt)) break;
    kept = attempt;
  }
  return kept;
}
