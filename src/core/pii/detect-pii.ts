import { findPhones, type PhoneRegion } from './find-phones.js';

/**
 * Kinds of personal data and secrets {@link detectPii} finds.
 *
 * @example
 * ```ts
 * const kinds = new Set<PiiType>(detectPii(message).map((match) => match.type));
 * if (kinds.has('secret')) console.warn('a customer pasted something that looks like an API key');
 * ```
 */
export type PiiType = 'email' | 'phone' | 'card' | 'iban' | 'secret' | 'ssn' | 'ip';

/**
 * All PII types.
 *
 * @example
 * ```ts
 * const everythingButPhones = piiTypes.filter((type) => type !== 'phone');
 * redactPii(message, { types: everythingButPhones });
 * ```
 */
export const piiTypes: readonly PiiType[] = ['secret', 'email', 'iban', 'card', 'ssn', 'ip', 'phone'];

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
  readonly defaultRegion?: PhoneRegion;
}

const secretPattern =
  /\b(?:sk-ant-[A-Za-z0-9_-]{16,}|sk-(?:proj-|svcacct-|admin-|live-|test-)?[A-Za-z0-9_-]{20,}|sk_(?:live|test)_[A-Za-z0-9]{16,}|rk_(?:live|test)_[A-Za-z0-9]{16,}|hf_[A-Za-z0-9]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}|xox[abpr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35})/g;
// Unicode local parts and IDN domains (jürgen@exämple.de, почта@пример.рф), punycode TLDs too.
// The lookbehind keeps the whole local part: "José.Núñez@…" is one address, not "ez@…".
/** @internal */
export const emailPattern = /(?<![\p{L}\p{M}\p{N}._%+'’-])[\p{L}\p{M}\p{N}_%+-]+(?:['’.][\p{L}\p{M}\p{N}_%+-]+)*@[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?(?:\.[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?)*\.(?:\p{L}[\p{L}\p{M}]+|xn--[a-z0-9-]+)(?![\p{L}\p{M}\p{N}])/giu;
// Two letters and two check digits, then 11–30 letters or digits in any case with single
// spaces or hyphens anywhere between them; the country's IBAN length and mod 97 decide.
const ibanStart = /(?<![\p{L}\p{N}])[A-Za-z]{2}[ -]?\d{2}(?=[ -]?[A-Za-z0-9])/gu;
const cardPattern = /(?<![\w#-])\d(?:[ -]?\d){12,18}(?![\w-])/g;
// US Social Security numbers: 3-2-4 with dashes or spaces, never area 000, 666 or 900–999,
// group 00 or serial 0000; nine bare digits only right after "SSN" / "social security".
const ssnPattern = /(?<![\w-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-])/g;
const bareSsnPattern = /\b(?:ssn|social security(?: number| no\.?)?)[\s:#]*((?!000|666|9\d\d)\d{3}(?!00)\d{2}(?!0000)\d{4})\b/gi;
const ipv4Pattern = /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w]|\.\d)/g;
const ipv6Candidate = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![\w:]|\.\d)/g;
/** An image or code file name (`logo@2x.png`), not an address. @internal */
export const fileExtensions = /\.(?:png|jpe?g|gif|svg|webp|avif|ico|bmp|tiff?|pdf|css|js|mjs|ts|json|html?)$/i;
// JSON Web Tokens: base64url of '{"' starts header and payload with "eyJ".
const jwtPattern = /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?![\w-])/g;
const authorizationPattern = /\b(Bearer|Basic|Token)[ \t]+([A-Za-z0-9._~+/-]{8,}=*)(?![\w/+=-])/gi;
// "Order 4111…", "#4111…": an identifier that happens to pass Luhn is not a card.
const identifierBefore = /(?:#|\b(?:order|invoice|ref|reference|ticket|tracking|sku|po|confirmation|member|id|version|build)\b[\s.:#-]*(?:no\.?|number|#|id)?[\s.:#-]*)$/i;
/** IBAN length by country (ISO 13616 registry). */
const ibanLengths: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28,
  EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27,
  JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/**
 * Finds personal data and secrets: e-mails (Unicode and IDN addresses, whole), phone numbers
 * (libphonenumber-js when installed, the built-in matcher otherwise), payment card numbers
 * (13–19 digits, a known card prefix and a valid Luhn checksum), IBANs (any case and spacing,
 * the country's length and the ISO 13616 mod-97 checksum), US Social Security numbers, IPv4 and
 * IPv6 addresses, and secrets (OpenAI `sk-…`, Anthropic `sk-ant-…`, Hugging Face `hf_…`, Stripe,
 * GitHub, Slack, AWS and Google keys, JSON Web Tokens, `Bearer`/`Token`/`Basic` credentials).
 * Checksums and one identifier rule keep order numbers, member ids, ticket ids, dates, versions
 * and tracking numbers from being flagged. Matches never overlap and come back in text order.
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
  if (wanted.has('secret')) {
    for (const match of text.matchAll(secretPattern)) add('secret', match.index, match[0]);
    for (const match of text.matchAll(jwtPattern)) add('secret', match.index, match[0]);
    for (const match of text.matchAll(authorizationPattern)) {
      const credential = match[2] as string;
      if (!isCredential((match[1] as string).toLowerCase(), credential)) continue;
      add('secret', match.index + match[0].length - credential.length, credential);
    }
  }
  if (wanted.has('email')) {
    for (const match of text.matchAll(emailPattern)) {
      // "logo@2x.png": an image name, not an address.
      if (!fileExtensions.test(match[0])) add('email', match.index, match[0]);
    }
  }
  if (wanted.has('iban')) {
    for (const match of text.matchAll(ibanStart)) {
      const value = ibanAt(text, match.index);
      if (value) add('iban', match.index, value);
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
  if (wanted.has('ssn')) {
    for (const match of text.matchAll(ssnPattern)) {
      if (!identifierBefore.test(text.slice(Math.max(0, match.index - 24), match.index))) add('ssn', match.index, match[0]);
    }
    for (const match of text.matchAll(bareSsnPattern)) add('ssn', match.index + match[0].length - (match[1] as string).length, match[1] as string);
  }
  if (wanted.has('ip')) {
    for (const match of text.matchAll(ipv6Candidate)) if (isIpv6(match[0])) add('ip', match.index, match[0]);
    for (const match of text.matchAll(ipv4Pattern)) {
      // "version 10.2.0.1", "v1.2.3.4": a version, not an address.
      if (/(?:\bv|\b(?:version|ver|build|release|firmware|update)\b[\s.:#-]*)$/i.test(text.slice(Math.max(0, match.index - 16), match.index))) continue;
      add('ip', match.index, match[0]);
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

/**
 * The IBAN starting at `start`: exactly its country's length in letters and digits (any case,
 * single spaces or hyphens between), with a valid mod-97 checksum; undefined otherwise.
 */
function ibanAt(text: string, start: number): string | undefined {
  const length = ibanLengths[text.slice(start, start + 2).toUpperCase()];
  if (length === undefined) return undefined;
  let count = 0;
  let end = start;
  while (end < text.length && count < length) {
    const char = text[end] as string;
    if (/[A-Za-z0-9]/.test(char)) count += 1;
    else if (!((char === ' ' || char === '-') && /[A-Za-z0-9]/.test(text[end + 1] ?? '') && /[A-Za-z0-9]/.test(text[end - 1] ?? ''))) break;
    end += 1;
  }
  // The IBAN must end there: no letter or digit glued to its last character.
  if (count !== length || /[\p{L}\p{N}]/u.test(text[end] ?? '')) return undefined;
  const value = text.slice(start, end);
  return isValidIban(value.replace(/-/g, ' ')) ? value : undefined;
}

function isCredential(scheme: string, credential: string): boolean {
  if (scheme === 'basic') {
    // base64("user:password")
    if (!/^[A-Za-z0-9+/]+=*$/.test(credential) || credential.length % 4 !== 0) return false;
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    return /^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded);
  }
  // A token has digits or symbols in it; "Bearer instrument" and "token holders" do not.
  return credential.length >= 12 && /\d/.test(credential) && /[A-Za-z]/.test(credential);
}

function isIpv6(value: string): boolean {
  let address = value;
  let groupsNeeded = 8;
  const lastColon = address.lastIndexOf(':');
  if (address.slice(lastColon + 1).includes('.')) {
    // IPv4 tail (::ffff:192.0.2.1) counts as two groups.
    if (!/^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(address.slice(lastColon + 1))) return false;
    address = `${address.slice(0, lastColon + 1)}0`;
    groupsNeeded = 7;
  }
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!groups.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
  if (halves.length === 1) return groups.length === groupsNeeded;
  // Compressed: fewer groups, and at least two of them (or a letter), so "10::30" in a timetable is not an address.
  return groups.length < groupsNeeded && (groups.length >= 2 || /[a-f]/i.test(address)) && /[0-9A-Fa-f]/.test(address);
}
