import { ValidationError, type ValidationIssue } from '../core/errors.js';
import { foldText } from './fold-text.js';

/**
 * The most keywords one alert set may hold.
 *
 * @example
 * ```ts
 * const hint = `Up to ${maxTopicAlertKeywords} comma-separated keywords, e.g. chargeback, fraud, wrong address`;
 * ```
 */
export const maxTopicAlertKeywords = 1000;

/**
 * The longest keyword, in characters after folding.
 *
 * @example
 * ```ts
 * const tooLong = field.split(',').filter((keyword) => keyword.trim().length > maxTopicAlertKeywordLength);
 * if (tooLong.length > 0) showFieldError(`Keep each keyword under ${maxTopicAlertKeywordLength} characters`);
 * ```
 */
export const maxTopicAlertKeywordLength = 100;

const whitespaceRun = /\s+/g;

/**
 * Normalises a list of topic-alert keywords: trims, folds case (Unicode-aware, NFKC then
 * lower case), collapses inner whitespace to one space, drops duplicates (first one wins)
 * and keeps phrases whole. Throws a {@link ValidationError} naming every empty or oversized
 * keyword by its position.
 *
 * @example
 * ```ts
 * normalizeTopicAlerts(['Chargeback', ' wrong  address ', 'CHARGEBACK']); // ['chargeback', 'wrong address']
 * ```
 */
export function normalizeTopicAlerts(keywords: readonly string[], subject = 'topic alerts'): readonly string[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const result: string[] = [];
  keywords.forEach((raw, index) => {
    if (typeof raw !== 'string') {
      issues.push({ path: `[${index}]`, message: `Expected a keyword string, received ${typeof raw}` });
      return;
    }
    const keyword = foldText(raw).replace(whitespaceRun, ' ').trim();
    if (keyword === '') {
      issues.push({ path: `[${index}]`, message: 'Empty keyword: remove the extra comma or type a word or phrase' });
      return;
    }
    if (keyword.length > maxTopicAlertKeywordLength) {
      issues.push({ path: `[${index}]`, message: `Keyword is ${keyword.length} characters; the limit is ${maxTopicAlertKeywordLength}` });
      return;
    }
    if (seen.has(keyword)) return;
    seen.add(keyword);
    result.push(keyword);
  });
  if (result.length > maxTopicAlertKeywords) {
    issues.push({ path: '(root)', message: `${result.length} distinct keywords; the limit is ${maxTopicAlertKeywords}` });
  }
  if (issues.length > 0) throw new ValidationError(subject, issues);
  return result;
}

/**
 * Parses the comma-separated keywords an agent types into a topic-alert field
 * (`"chargeback,fraud,wrong address"`, seed 004) into normalised keywords — see
 * {@link normalizeTopicAlerts} for the rules.
 *
 * Blank input (`""`, `"  "`) means "no alerts", the state of a cleared field. An empty item inside a
 * list (`"fraud,,refund"`, a trailing comma) is rejected with a {@link ValidationError} whose issue
 * names its position, because silently dropping it would hide a typo.
 *
 * @example
 * ```ts
 * parseTopicAlerts('Chargeback, fraud ,wrong address'); // ['chargeback', 'fraud', 'wrong address']
 * parseTopicAlerts(''); // []
 * ```
 */
export function parseTopicAlerts(text: string): readonly string[] {
  if (typeof text !== 'string') {
    throw new ValidationError('topic alerts', [{ path: '(root)', message: `Expected comma-separated keywords as a string, received ${typeof text}` }]);
  }
  if (text.trim() === '') return [];
  return normalizeTopicAlerts(text.split(','));
}
