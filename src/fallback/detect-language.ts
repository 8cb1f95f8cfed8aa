import { createRequire } from 'node:module';
import type * as Tinyld from 'tinyld/light';
import type { DetectedLanguage } from '../core/analysis.js';

/**
 * Options for {@link detectLanguage}.
 *
 * @example
 * ```ts
 * const options: DetectLanguageOptions = { only: ['en', 'es', 'pt'], minScore: 0.05 };
 * detectLanguage('Onde está o meu pedido?', options).language; // 'pt'
 * ```
 */
export interface DetectLanguageOptions {
  /** Languages (ISO 639-1) the answer may be; narrowing to the ones a help desk sees helps on short messages. */
  readonly only?: readonly string[];
  /**
   * Below this score of the best language (tinyld's own, 0–1) the answer is `und`.
   * @default 0.02
   */
  readonly minScore?: number;
}

/**
 * The language a customer wrote in, offline: ISO 639-1 code (`en`, `es`, `de`…) or `und` when
 * the text is too short or ambiguous to tell ("ok", an order number). Uses tinyld's light model
 * (24 languages: Arabic, Bengali, Chinese, Dutch, English, Finnish, French, German, Greek,
 * Hebrew, Hindi, Hungarian, Italian, Japanese, Korean, Norwegian, Polish, Portuguese, Romanian,
 * Russian, Spanish, Swedish, Thai, Turkish), bundled into crmkit (about 70 KB), so nothing is
 * downloaded or installed. It reads the first 240 characters; it is the slowest local analysis
 * (about 0.2 ms). Short messages are the hard case; see docs/evaluation.md for the measured
 * accuracy.
 *
 * @example
 * ```ts
 * detectLanguage('¿Dónde está mi pedido? Lo pedí hace dos semanas.');
 * // { language: 'es', confidence: 0.9…, alternatives: […] }
 * detectLanguage('ok').language; // 'und'
 * ```
 */
export function detectLanguage(text: string, options: DetectLanguageOptions = {}): DetectedLanguage {
  const minScore = options.minScore ?? 0.02;
  const ranked = typeof text === 'string' && text.trim().length > 0 ? loadTinyld().detectAll(sample(text), options.only ? { only: [...options.only] } : {}) : [];
  // Confidence is the best language's share of all the scores: 1 when nothing else is in the running.
  const total = ranked.reduce((sum, entry) => sum + entry.accuracy, 0);
  const scored = ranked.map((entry) => ({ language: entry.lang, confidence: round(total > 0 ? entry.accuracy / total : 0) }));
  const best = ranked[0];
  if (!best || best.accuracy < minScore) return { language: 'und', confidence: 0, alternatives: scored.slice(0, 3) };
  return { language: best.lang, confidence: scored[0]?.confidence ?? 0, alternatives: scored.slice(1, 4).filter((entry) => entry.confidence >= 0.01) };
}

/**
 * The first 240 UTF-16 units, ending at a word boundary where possible: a message's language is
 * clear by then, and the detector's cost grows with the length (about 0.2–0.3 ms CPU for a
 * 240-character message, against tens of microseconds for every other local analysis).
 */
let tinyld: typeof Tinyld | undefined;

/**
 * tinyld's light model, loaded on the first detection: building it at `import 'crmkit'` cost
 * about 30 ms of every cold start. The build bundles tinyld (crmkit ships only the light model;
 * the package is 12 MB installed) and turns this `require` into a call that runs the bundled
 * module once, on first use, in both module formats; run from source, where `require` does not
 * exist in ES modules, the installed package is required instead.
 */
function loadTinyld(): typeof Tinyld {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require is what lets the bundler defer the module
  tinyld ??= typeof require === 'function' ? (require('tinyld/light') as typeof Tinyld) : (createRequire(import.meta.url)('tinyld/light') as typeof Tinyld);
  return tinyld;
}

function sample(text: string): string {
  if (text.length <= 240) return text;
  const cut = text.slice(0, 240);
  const space = cut.lastIndexOf(' ');
  return space > 160 ? cut.slice(0, space) : cut.replace(/[\ud800-\udbff]$/, '');
}

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}
