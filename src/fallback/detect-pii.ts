import type { CountryCode } from 'libphonenumber-js';
import { findPhones } from './find-phones.js';

/**
 * Kinds of personal data and secrets {@link detectPii} finds.
 *
 * @example
 * ```ts
 * const kinds = new Set<PiiType>(detectPii(message).map((match) => match.type));
 * if (kinds.has('secret')) console.warn('a customer pasted something that looks like an API key');
 * ```
 */
export type PiiType = 'email' | 'phone' | 'card' | 'iban' | 'secret';

/**
 * All PII types.
 *
 * @example
 * ```ts
 * const everythingButPhones = piiTypes.filter((type) => type !== 'phone');
 * redactPii(message, { types: everythingButPhones });
 * ```
 */
export const piiTypes: readonly PiiType[] = ['secret', 'email', 'iban', 'card', 'phone'];

/**
 * One detected span.
 *
 * @example
 * ```ts
 * const match: PiiMatch = { type: 'email', value: 'jane@example.com', start: 9, end: 25 };
 * ```
 */
export interface PiiMatch {
  readonly type: PiiType;
  readonly value: string;
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

/**
 * Options for {@link detectPii}.
 *
 * @example
 * ```ts
 * const options: DetectPiiOptions = { types: ['email', 'phone'], defaultRegion: 'DE' };
 * detectPii('Ruf mich an: 030 12345678 oder jane@example.de', options);
 * // [{ type: 'phone', value: '030 12345678', … }, { type: 'email', value: 'jane@example.de', … }]
 * ```
 */
export interface DetectPiiOptions {
  /**
   * Which kinds to find.
   * @default every kind
   */
  readonly types?: readonly PiiType[];
  /**
   * Region for phone numbers written without a country code.
   * @default 'US'
   */
  readonly defaultRegion?: CountryCode;
}

const secretPattern =
  /\b(?:sk-ant-[A-Za-z0-9_-]{16,}|sk-(?:proj-|svcacct-|admin-|live-|test-)?[A-Za-z0-9_-]{20,}|sk_(?:live|test)_[A-Za-z0-9]{16,}|rk_(?:live|test)_[A-Za-z0-9]{16,}|hf_[A-Za-z0-9]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}|xox[abpr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35})/g;
const emailPattern = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
const ibanPattern = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const cardPattern = /(?<![\w#-])\d(?:[ -]?\d){12,18}(?![\w-])/g;
// "Order 4111…", "#4111…": an identifier that happens to pass Luhn is not a card.
const identifierBefore = /(?:#|\b(?:order|invoice|ref|reference|ticket|tracking|sku|po|confirmation)\b[\s.:#-]*(?:no\.?|number|#|id)?[\s.:#-]*)$/i;

/**
 * Finds personal data and secrets: emails, phone numbers (libphonenumber-js), payment card
 * numbers (13–19 digits, a known card prefix and a valid Luhn checksum), IBANs (ISO 13616
 * mod-97 checksum) and API-key-like secrets (OpenAI `sk-…`, Anthropic `sk-ant-…`, Hugging Face
 * `hf_…`, Stripe, GitHub, Slack, AWS, Google). Checksums keep order numbers, member ids, dates
 * and amounts from being flagged. Matches never overlap and come back in text order.
 *
 * @example
 * ```ts
 * detectPii('Card 4111 1111 1111 1111, mail jane@example.com');
 * // [{ type: 'card', value: '4111 1111 1111 1111', … }, { type: 'email', value: 'jane@example.com', … }]
 * ```
 */
export function detectPii(text: string, options: DetectPiiOptions = {}): PiiMatch[] {
  const wanted = new Set(options.types ?? piiTypes);
  const found: PiiMatch[] = [];
  const add = (type: PiiType, start: number, value: string): void => {
    const end = start + value.length;
    for (const other of found) if (start < other.end && other.start < end) return;
    found.push({ type, value, start, end });
  };
  if (wanted.has('secret')) for (const match of text.matchAll(secretPattern)) add('secret', match.index, match[0]);
  if (wanted.has('email')) for (const match of text.matchAll(emailPattern)) add('email', match.index, match[0]);
  if (wanted.has('iban')) {
    for (const match of text.matchAll(ibanPattern)) {
      const value = match[0].trimEnd();
      if (isValidIban(value)) add('iban', match.index, value);
    }
  }
  if (wanted.has('card')) {
    for (const match of text.matchAll(cardPattern)) {
      const digits = match[0].replace(/[ -]/g, '');
      if (!isCardNumber(digits)) continue;
      if (identifierBefore.test(text.slice(Math.max(0, match.index - 24), match.index))) continue;
      add('card', match.index, match[0]);
    }
  }
  if (wanted.has('phone')) for (const phone of findPhones(text, options.defaultRegion ?? 'US')) add('phone', phone.start, phone.value);
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Whether `digits` is a plausible payment card number: a length and prefix of a major network
 * (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro) and a valid Luhn checksum.
 *
 * @example
 * ```ts
 * isCardNumber('4111111111111111'); // true
 * isCardNumber('4111111111111112'); // false (Luhn)
 * ```
 */
export function isCardNumber(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  const knownPrefix = /^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|6(?:011|5|4[4-9]|22)|35(?:2[89]|[3-8])|3(?:0[0-5]|[689])|62|5[06-9]|6\d)/;
  if (!knownPrefix.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Whether `value` (spaces allowed) is an IBAN with a valid ISO 13616 mod-97 checksum.
 *
 * @example
 * ```ts
 * isValidIban('GB82 WEST 1234 5698 7654 32'); // true
 * ```
 */
export function isValidIban(value: string): boolean {
  const compact = value.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const chunk = code >= 65 ? String(code - 55) : char;
    for (const digit of chunk) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}
