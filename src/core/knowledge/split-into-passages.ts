import type { KnowledgeDocument } from './knowledge-source.js';

/**
 * How {@link splitIntoPassages} cuts an article.
 *
 * @example
 * ```ts
 * const options: PassageSplitOptions = { maxChars: 800, overlapChars: 120 };
 * ```
 */
export interface PassageSplitOptions {
  /**
   * Longest passage in characters; longer sections are cut at paragraph, then sentence, then
   * word boundaries.
   * @default 1000
   */
  readonly maxChars?: number;
  /**
   * Characters of the previous piece repeated at the start of the next one when a section is
   * cut, so a sentence that spans the cut is findable from both sides (whole sentences or words).
   * @default 150
   */
  readonly overlapChars?: number;
}

/**
 * One passage of an article before it is stored: everything a `KnowledgePassage` (from
 * `crmkit`) has but the score.
 *
 * @example
 * ```ts
 * const draft: PassageDraft = { documentId: 'returns', passageId: 'returns#0', position: 0, title: 'Returns', text: 'Start a return…', tags: [] };
 * ```
 */
export interface PassageDraft {
  readonly documentId: string;
  readonly passageId: string;
  /** 0-based order within the article. */
  readonly position: number;
  readonly title: string;
  readonly heading?: string;
  readonly url?: string;
  readonly text: string;
  readonly tags: readonly string[];
}

const headingLine = /^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$/;

/**
 * Splits an article into passages: one per Markdown heading section (the heading kept as
 * `heading`), and sections longer than `maxChars` cut at paragraph, sentence or word boundaries
 * with `overlapChars` of overlap. Passage ids are `<documentId>#<position>`, stable for the same
 * text. Pure and synchronous.
 *
 * @example
 * ```ts
 * import { splitIntoPassages } from 'crmkit/provider-utils';
 *
 * const passages = splitIntoPassages({ id: 'returns', title: 'Returns', body: '## Start a return\nOpen Orders…\n\n## Refund times\nRefunds take 5 days.' });
 * passages.map((passage) => passage.heading); // ['Start a return', 'Refund times']
 * ```
 */
export function splitIntoPassages(document: KnowledgeDocument, options: PassageSplitOptions = {}): PassageDraft[] {
  const maxChars = Math.max(100, Math.floor(options.maxChars ?? 1000));
  const overlapChars = Math.min(Math.floor(maxChars / 2), Math.max(0, Math.floor(options.overlapChars ?? 150)));
  const sections: { heading?: string; lines: string[] }[] = [{ lines: [] }];
  let inFence = false;
  for (const line of document.body.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^ {0,3}(```|~~~)/.test(line)) inFence = !inFence;
    const match = inFence ? null : headingLine.exec(line);
    if (match) sections.push({ heading: match[2]!.trim(), lines: [] });
    else sections[sections.length - 1]!.lines.push(line);
  }
  const drafts: PassageDraft[] = [];
  for (const section of sections) {
    const text = section.lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
    if (text.length === 0) continue;
    for (const piece of cut(text, maxChars, overlapChars)) {
      const position = drafts.length;
      drafts.push({
        documentId: document.id,
        passageId: `${document.id}#${position}`,
        position,
        title: document.title,
        ...(section.heading ? { heading: section.heading } : {}),
        ...(document.url ? { url: document.url } : {}),
        text: piece,
        tags: [...(document.tags ?? [])],
      });
    }
  }
  if (drafts.length === 0) {
    // A title-only article (an FAQ question with a one-word answer…) is still findable.
    drafts.push({ documentId: document.id, passageId: `${document.id}#0`, position: 0, title: document.title, ...(document.url ? { url: document.url } : {}), text: document.title, tags: [...(document.tags ?? [])] });
  }
  return drafts;
}

/** Cuts text into pieces of at most `max` characters, each after the first starting with up to `overlap` characters of the previous one. */
function cut(text: string, max: number, overlap: number): string[] {
  if (text.length <= max) return [text];
  const units = splitUnits(text, max);
  const pieces: string[] = [];
  let current = '';
  for (const unit of units) {
    if (current.length > 0 && current.length + unit.length > max) {
      pieces.push(current.trim());
      const tail = overlapTail(current, overlap);
      current = tail.length + unit.length <= max ? tail : '';
    }
    current += unit;
  }
  if (current.trim().length > 0) pieces.push(current.trim());
  return pieces;
}

/** Paragraphs, then sentences, then words: the largest units that fit in `max`, keeping their separators. */
function splitUnits(text: string, max: number): string[] {
  const units: string[] = [];
  for (const paragraph of text.split(/(?<=\n\n)/)) {
    if (paragraph.length <= max) {
      units.push(paragraph);
      continue;
    }
    for (const sentence of paragraph.split(/(?<=[.!?…])\s+(?=\S)/).map((part, index, all) => (index < all.length - 1 ? `${part} ` : part))) {
      if (sentence.length <= max) {
        units.push(sentence);
        continue;
      }
      let chunk = '';
      for (const word of sentence.split(/(?<=\s)/)) {
        if (chunk.length + word.length > max && chunk.length > 0) {
          units.push(chunk);
          chunk = '';
        }
        if (word.length <= max) {
          chunk += word;
          continue;
        }
        // A single "word" longer than max (a URL, a hash) is cut hard.
        for (let start = 0; start < word.length; start += max) units.push(word.slice(start, start + max));
      }
      if (chunk.length > 0) units.push(chunk);
    }
  }
  return units;
}

/** The last whole sentences (or words) of `text` that fit in `overlap` characters. */
function overlapTail(text: string, overlap: number): string {
  if (overlap === 0) return '';
  const tail = text.slice(-overlap);
  const sentenceStart = tail.search(/(?<=[.!?…]\s)\S/);
  if (sentenceStart > 0) return tail.slice(sentenceStart);
  const wordStart = tail.search(/(?<=\s)\S/);
  return wordStart >= 0 ? tail.slice(wordStart) : '';
}
