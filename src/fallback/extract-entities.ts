import type { Entity, EntityType } from '../core/analysis.js';
import { fromEpochDay, toEpochDay } from '../core/calendar.js';
import { emailPattern, fileExtensions } from '../core/pii/detect-pii.js';
import { findPhones, type PhoneRegion } from '../core/pii/find-phones.js';

/**
 * Options for {@link extractEntities}.
 *
 * @example
 * ```ts
 * const options: ExtractEntitiesOptions = { defaultRegion: 'GB', dateOrder: 'dmy', today: '2025-11-21', types: ['phone', 'date', 'order_number'] };
 * extractEntities('Call me on 020 7946 0958 about order #54321 tomorrow', options);
 * // [{ type: 'phone', normalized: '+442079460958', … }, { type: 'order_number', normalized: '54321', … }, { type: 'date', normalized: '2025-11-22', … }]
 * ```
 */
export interface ExtractEntitiesOptions {
  /**
   * Region for phone numbers written without a country code (ISO 3166-1 alpha-2).
   * @default 'US'
   */
  readonly defaultRegion?: PhoneRegion;
  /**
   * How to read `03/04/2025`: month first (`mdy`) or day first (`dmy`).
   * @default 'mdy' when `defaultRegion` is US, CA or PH, otherwise 'dmy'
   */
  readonly dateOrder?: 'mdy' | 'dmy';
  /**
   * Today as `YYYY-MM-DD`; when given, "today", "tomorrow" and "yesterday" become dates too.
   */
  readonly today?: string;
  /**
   * Which kinds to extract.
   * @default every kind
   */
  readonly types?: readonly EntityType[];
}

interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly entity: Entity;
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthName = '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?';
const currencySymbols: Readonly<Record<string, string>> = { $: 'USD', US$: 'USD', CA$: 'CAD', A$: 'AUD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' };
const currencyWords: Readonly<Record<string, string>> = {
  usd: 'USD', dollar: 'USD', dollars: 'USD', bucks: 'USD', eur: 'EUR', euro: 'EUR', euros: 'EUR', gbp: 'GBP', pound: 'GBP', pounds: 'GBP', cad: 'CAD', aud: 'AUD', jpy: 'JPY', chf: 'CHF',
};
const zeroDecimalCurrencies = new Set(['JPY']);

const patterns = {
  url: /\b(?:https?:\/\/|www\.)[^\s<>"'()]+/gi,
  memberId: /\bMID-\d{4}-\d{2}-\d{2}-\d{1,6}\b/gi,
  upsTracking: /\b1Z[0-9A-Z]{16}\b/g,
  labelledTracking: /\btracking\s*(?:number|no\.?|#|code|id)?\s*(?:is|:)?\s*#?([A-Z0-9]{8,30})\b/gi,
  labelledOrder: /\b(?:order|ord|purchase order|po)\b(?:\s*(?:number|no\.?|num|id))?\s*(?:is|:)?\s*(#?[A-Z]{0,4}-?\d[A-Z0-9-]{2,24})\b/gi,
  hashOrder: /(?<![\w&#])#([A-Z]{0,4}-?\d{3,12})\b/gi,
  isoDate: /\b(\d{4})-(\d{2})-(\d{2})\b/g,
  numericDate: /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b/g,
  dayMonth: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${monthName}(?:,?\\s+(\\d{4}))?\\b`, 'gi'),
  monthDay: new RegExp(`\\b${monthName}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'gi'),
  relativeDate: /\b(today|tomorrow|yesterday)\b/gi,
  symbolMoney: /(US\$|CA\$|A\$|[$€£¥])\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?![\d,])/g,
  wordMoney: /\b(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s?(USD|EUR|GBP|CAD|AUD|JPY|CHF|dollars?|bucks|euros?|pounds?)\b/gi,
  person: /\b[Mm]y name is ([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})/g,
} as const;

/**
 * Extracts emails, phone numbers (libphonenumber-js when installed, the built-in matcher
 * otherwise; E.164 in `normalized`), order
 * numbers, money amounts (minor units and currency in `normalized`), dates (ISO in
 * `normalized`), member ids (`MID-2025-11-03-11592`), URLs, tracking numbers and a self-declared
 * name ("my name is …"). Spans never overlap: a member id is not also a date, an order number
 * is not also a phone number. Entities come back in text order.
 *
 * @example
 * ```ts
 * extractEntities('Order #54321 ($156.99) has not arrived, call me on (415) 555-2671');
 * // [{ type: 'order_number', value: '#54321', normalized: '54321' },
 * //  { type: 'money', value: '$156.99', normalized: '15699 USD' },
 * //  { type: 'phone', value: '(415) 555-2671', normalized: '+14155552671' }]
 * ```
 */
export function extractEntities(text: string, options: ExtractEntitiesOptions = {}): Entity[] {
  const region = options.defaultRegion ?? 'US';
  const dateOrder = options.dateOrder ?? (region === 'US' || region === 'CA' || region === 'PH' ? 'mdy' : 'dmy');
  const wanted = options.types ? new Set(options.types) : undefined;
  const want = (type: EntityType): boolean => wanted === undefined || wanted.has(type);
  const accepted: Candidate[] = [];
  const add = (start: number, end: number, entity: Entity): void => {
    for (const other of accepted) if (start < other.end && other.start < end) return;
    accepted.push({ start, end, entity });
  };
  // Spans are claimed in precedence order even for unwanted types, so a URL's digits never
  // become an order number just because URLs were not asked for.
  const claim = (type: EntityType, start: number, end: number, entity: Omit<Entity, 'type'>): void => add(start, end, { type, ...entity } as Entity);

  for (const match of text.matchAll(patterns.url)) {
    const value = match[0].replace(/[.,;:!?]+$/, '');
    claim('url', match.index, match.index + value.length, { value });
  }
  for (const match of text.matchAll(emailPattern)) if (!fileExtensions.test(match[0])) claim('email', match.index, match.index + match[0].length, { value: match[0], normalized: match[0].toLowerCase() });
  for (const match of text.matchAll(patterns.memberId)) claim('member_id', match.index, match.index + match[0].length, { value: match[0], normalized: match[0].toUpperCase() });
  for (const match of text.matchAll(patterns.upsTracking)) claim('tracking_number', match.index, match.index + match[0].length, { value: match[0], normalized: match[0] });
  for (const match of text.matchAll(patterns.labelledTracking)) {
    const value = match[1] as string;
    if (!/\d/.test(value)) continue;
    const start = match.index + match[0].lastIndexOf(value);
    claim('tracking_number', start, start + value.length, { value, normalized: value.toUpperCase() });
  }
  for (const match of text.matchAll(patterns.isoDate)) {
    const iso = `${match[1]}-${match[2]}-${match[3]}`;
    if (toEpochDay(iso) !== undefined) claim('date', match.index, match.index + match[0].length, { value: match[0], normalized: iso });
  }
  for (const match of text.matchAll(patterns.numericDate)) {
    const [first, second] = [Number(match[1]), Number(match[2])];
    const [month, day] = dateOrder === 'mdy' ? [first, second] : [second, first];
    const year = (match[3] as string).length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
    const iso = isoOf(year, month, day);
    if (iso) claim('date', match.index, match.index + match[0].length, { value: match[0], normalized: iso });
  }
  for (const match of text.matchAll(patterns.dayMonth)) {
    const normalized = namedDate(match[2] as string, Number(match[1]), match[3]);
    if (normalized) claim('date', match.index, match.index + match[0].length, { value: match[0], normalized });
  }
  for (const match of text.matchAll(patterns.monthDay)) {
    // "may 5" in lower case is usually the verb.
    if ((match[1] as string) === 'may') continue;
    const normalized = namedDate(match[1] as string, Number(match[2]), match[3]);
    if (normalized) claim('date', match.index, match.index + match[0].length, { value: match[0], normalized });
  }
  const today = toEpochDay(options.today);
  if (today !== undefined) {
    for (const match of text.matchAll(patterns.relativeDate)) {
      const offset = { today: 0, tomorrow: 1, yesterday: -1 }[(match[1] as string).toLowerCase() as 'today'];
      claim('date', match.index, match.index + match[0].length, { value: match[0], normalized: fromEpochDay(today + offset) });
    }
  }
  for (const match of text.matchAll(patterns.symbolMoney)) {
    const currency = currencySymbols[match[1] as string] ?? 'USD';
    claim('money', match.index, match.index + match[0].length, { value: match[0], normalized: minorUnits(match[2] as string, match[3], currency) });
  }
  for (const match of text.matchAll(patterns.wordMoney)) {
    const currency = currencyWords[(match[3] as string).toLowerCase()] ?? 'USD';
    claim('money', match.index, match.index + match[0].length, { value: match[0], normalized: minorUnits(match[1] as string, match[2], currency) });
  }
  for (const match of text.matchAll(patterns.labelledOrder)) {
    const value = match[1] as string;
    if ((value.match(/\d/g)?.length ?? 0) < 3) continue;
    const start = match.index + match[0].lastIndexOf(value);
    claim('order_number', start, start + value.length, { value, normalized: value.replace(/^#/, '').toUpperCase() });
  }
  for (const match of text.matchAll(patterns.hashOrder)) claim('order_number', match.index, match.index + match[0].length, { value: match[0], normalized: (match[1] as string).toUpperCase() });
  for (const phone of findPhones(text, region)) claim('phone', phone.start, phone.end, { value: phone.value, normalized: phone.e164 });
  for (const match of text.matchAll(patterns.person)) {
    const name = match[1] as string;
    const start = match.index + match[0].length - name.length;
    claim('person', start, start + name.length, { value: name });
  }

  return accepted
    .filter((candidate) => want(candidate.entity.type))
    .sort((a, b) => a.start - b.start)
    .map((candidate) => candidate.entity);
}

function isoOf(year: number, month: number, day: number): string | undefined {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return toEpochDay(iso) === undefined ? undefined : iso;
}

function namedDate(month: string, day: number, year: string | undefined): string | undefined {
  const index = months.indexOf(month.toLowerCase().slice(0, 3));
  if (index < 0 || day < 1 || day > 31) return undefined;
  if (year !== undefined) return isoOf(Number(year), index + 1, day);
  // ISO 8601 allows a date without a year: --MM-DD. Check it against a leap year.
  return isoOf(2024, index + 1, day) === undefined ? undefined : `--${String(index + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function minorUnits(whole: string, fraction: string | undefined, currency: string): string {
  const units = Number(whole.replace(/,/g, ''));
  if (zeroDecimalCurrencies.has(currency)) return `${units} ${currency}`;
  const cents = fraction === undefined ? 0 : Number(fraction.padEnd(2, '0'));
  return `${units * 100 + cents} ${currency}`;
}
