import { createRequire } from 'node:module';
import type * as LibPhoneNumber from 'libphonenumber-js';
import { CrmKitError } from '../errors.js';

/**
 * A region for numbers written without a country code: an ISO 3166-1 alpha-2 code such as
 * `'US'`, `'GB'` or `'DE'`.
 *
 * @example
 * ```ts
 * const region: PhoneRegion = 'GB';
 * extractEntities('Call 020 7946 0958', { defaultRegion: region });
 * ```
 */
export type PhoneRegion = string;

/** A phone number found in text. @internal */
export interface PhoneSpan {
  readonly start: number;
  readonly end: number;
  readonly value: string;
  /** E.164, e.g. `+14155552671`. */
  readonly e164: string;
}

type PhoneLibrary = typeof LibPhoneNumber;

// undefined: not tried yet; null: not installed.
let library: PhoneLibrary | null | undefined;
let forced: 'heuristic' | undefined;

/**
 * libphonenumber-js (an optional peer dependency, 13 MB installed), loaded on the first phone
 * lookup. A synchronous `require` keeps every caller synchronous; when the package is not
 * installed the built-in heuristic takes over for good. Any other load failure is a real
 * error and surfaces.
 */
function phoneLibrary(): PhoneLibrary | null {
  if (forced === 'heuristic') return null;
  if (library !== undefined) return library;
  try {
    // The build shims import.meta.url for CommonJS, so one line serves both module formats.
    library = createRequire(import.meta.url)('libphonenumber-js') as PhoneLibrary;
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') {
      throw new CrmKitError('libphonenumber-js is installed but failed to load: reinstall it (`npm install libphonenumber-js`), or uninstall it to use the built-in phone matcher', { code: 'dependency_failed', cause: error });
    }
    library = null;
  }
  return library;
}

/**
 * Which phone matcher `detectPii`, `redactPii` and `extractEntities` use: `libphonenumber-js`
 * when that optional peer dependency is installed (`npm install libphonenumber-js`), otherwise
 * crmkit's built-in `heuristic` (international numbers, North American numbers and national
 * numbers of about forty regions; see docs/security.md for what it misses).
 *
 * @example
 * ```ts
 * if (phoneMatcher() === 'heuristic') console.info('phone matching without libphonenumber-js');
 * ```
 */
export function phoneMatcher(): 'libphonenumber-js' | 'heuristic' {
  return phoneLibrary() ? 'libphonenumber-js' : 'heuristic';
}

/** Forces the heuristic matcher (tests of the no-libphonenumber path); `undefined` restores auto. @internal */
export function forcePhoneMatcher(matcher: 'heuristic' | undefined): void {
  forced = matcher;
}

// A number right after "order", "invoice", "#", "member"… is an identifier that happens to have a
// valid phone shape (order 2125551234), not a phone number.
const identifierBefore =
  /(?:#|\b(?:order|orders|ord|invoice|inv|ref|reference|ticket|case|tracking|shipment|parcel|account|acct|sku|item|po|confirmation|booking|reservation|member|customer|client|policy|claim|serial|id|version|build|release|model|part|batch|lot|transaction|txn)\b[\s.:#-]*(?:no\.?|number|#|id)?[\s.:#-]*)$/i;

/**
 * Whether the span `[start, end)` is one piece of a longer identifier: glued to letters or
 * digits, or joined to them by `-`, `_`, `/`, `.` or `#` (`MID-2024-01-15-22`, `ORD-2125551234`,
 * `build 4.15.5552671`, `v2-4155552671`). One general rule instead of a list of id prefixes.
 *
 * @internal
 */
export function isPartOfIdentifier(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start);
  const after = text.slice(end, end + 2);
  if (/[\p{L}\p{N}_]$/u.test(before) || /^[\p{L}\p{N}_]/u.test(after)) return true;
  if (/[\p{L}\p{N}][-_/.#]$/u.test(before)) return true;
  // A trailing "." or "-" followed by a letter or digit continues the identifier; before a space it ends a sentence.
  return /^[-_/.#][\p{L}\p{N}]/u.test(after);
}

/** Dates in any of the usual numeric shapes, and dotted quads (IPv4 addresses, versions). @internal */
export function looksLikeDateOrVersion(value: string): boolean {
  const groups = value.split(/[-./\s]+/).filter((group) => group.length > 0);
  const separators = value.replace(/[\d\s]/g, '');
  if (groups.length >= 3 && /^[-./]+$/.test(separators)) {
    const lengths = groups.map((group) => group.length);
    const [first = 0, second = 0, third = 0] = lengths;
    // 2024-01-15, 2024-01-15-22, 15.01.2024, 1/15/24, 15-01-2024
    if (first === 4 && second <= 2 && third <= 2) return true;
    if (first <= 2 && second <= 2 && (third === 4 || third === 2) && lengths.length === 3) return true;
    if (/^\.+$/.test(separators) && lengths.every((length) => length <= 3)) return true;
  }
  return false;
}

/**
 * Phone numbers in `text`: libphonenumber-js's valid numbers when it is installed, otherwise the
 * built-in heuristic; either way, identifiers, dates and versions that merely look like phones
 * are skipped. @internal
 */
export function findPhones(text: string, defaultRegion: PhoneRegion): PhoneSpan[] {
  const phones = phoneLibrary();
  const raw = phones ? findWithLibrary(phones, text, defaultRegion) : findPhonesHeuristically(text, defaultRegion);
  return raw.filter((phone) => {
    if (identifierBefore.test(text.slice(Math.max(0, phone.start - 24), phone.start))) return false;
    if (isPartOfIdentifier(text, phone.start, phone.end)) return false;
    return !looksLikeDateOrVersion(phone.value);
  });
}

function findWithLibrary(phones: PhoneLibrary, text: string, region: PhoneRegion): PhoneSpan[] {
  type Country = Parameters<PhoneLibrary['findPhoneNumbersInText']>[1] & { defaultCountry?: unknown };
  const options = (phones.isSupportedCountry(region) ? { defaultCountry: region } : {}) as Country;
  return phones.findPhoneNumbersInText(text, options).map((match) => ({
    start: match.startsAt,
    end: match.endsAt,
    value: text.slice(match.startsAt, match.endsAt),
    e164: match.number.number,
  }));
}

/**
 * Calling code, whether national numbers start with a trunk `0` that E.164 drops, and how many
 * digits a national number has (trunk digit included).
 */
interface RegionPlan {
  readonly code: string;
  readonly trunk: boolean;
  readonly digits: readonly [number, number];
}

const nanp = new Set(['US', 'CA', 'PR', 'GU', 'VI', 'AS', 'MP', 'BS', 'BB', 'JM', 'TT', 'DO', 'BM', 'KY', 'AG', 'DM', 'GD', 'KN', 'LC', 'VC', 'SX', 'TC', 'VG', 'AI', 'MS']);
const regions: Readonly<Record<string, RegionPlan>> = {
  GB: { code: '44', trunk: true, digits: [10, 11] }, IE: { code: '353', trunk: true, digits: [9, 10] },
  DE: { code: '49', trunk: true, digits: [6, 13] }, AT: { code: '43', trunk: true, digits: [7, 13] }, CH: { code: '41', trunk: true, digits: [10, 10] },
  FR: { code: '33', trunk: true, digits: [10, 10] }, BE: { code: '32', trunk: true, digits: [9, 10] }, NL: { code: '31', trunk: true, digits: [10, 10] },
  LU: { code: '352', trunk: false, digits: [6, 11] }, IT: { code: '39', trunk: false, digits: [6, 11] }, ES: { code: '34', trunk: false, digits: [9, 9] },
  PT: { code: '351', trunk: false, digits: [9, 9] }, DK: { code: '45', trunk: false, digits: [8, 8] }, NO: { code: '47', trunk: false, digits: [8, 8] },
  SE: { code: '46', trunk: true, digits: [8, 10] }, FI: { code: '358', trunk: true, digits: [6, 11] }, PL: { code: '48', trunk: false, digits: [9, 9] },
  CZ: { code: '420', trunk: false, digits: [9, 9] }, SK: { code: '421', trunk: true, digits: [10, 10] }, HU: { code: '36', trunk: false, digits: [8, 9] },
  GR: { code: '30', trunk: false, digits: [10, 10] }, RO: { code: '40', trunk: true, digits: [10, 10] }, TR: { code: '90', trunk: true, digits: [11, 11] },
  RU: { code: '7', trunk: false, digits: [10, 10] }, UA: { code: '380', trunk: true, digits: [10, 10] }, IL: { code: '972', trunk: true, digits: [9, 10] },
  AE: { code: '971', trunk: true, digits: [9, 10] }, SA: { code: '966', trunk: true, digits: [9, 10] }, IN: { code: '91', trunk: false, digits: [10, 10] },
  PK: { code: '92', trunk: true, digits: [10, 11] }, CN: { code: '86', trunk: false, digits: [11, 11] }, JP: { code: '81', trunk: true, digits: [10, 11] },
  KR: { code: '82', trunk: true, digits: [9, 11] }, SG: { code: '65', trunk: false, digits: [8, 8] }, HK: { code: '852', trunk: false, digits: [8, 8] },
  AU: { code: '61', trunk: true, digits: [10, 10] }, NZ: { code: '64', trunk: true, digits: [9, 11] }, ZA: { code: '27', trunk: true, digits: [10, 10] },
  NG: { code: '234', trunk: true, digits: [11, 11] }, KE: { code: '254', trunk: true, digits: [10, 10] }, BR: { code: '55', trunk: false, digits: [10, 11] },
  MX: { code: '52', trunk: false, digits: [10, 10] }, AR: { code: '54', trunk: true, digits: [10, 11] }, CL: { code: '56', trunk: false, digits: [9, 9] },
  CO: { code: '57', trunk: false, digits: [10, 10] }, PH: { code: '63', trunk: true, digits: [11, 11] },
};

// Digits with at most two separator characters between them ("(415) 555-2671", "+44 20 7946 0958").
const candidates = /(?:\+|\b00)?\(?\d(?:[ \u00a0.()-]{0,2}\d){5,16}/g;

/**
 * The phone matcher used without libphonenumber-js: the number's shape (7–15 digits, at most
 * two separator characters between digits, balanced parentheses) plus the numbering plan of
 * `region`: `+` or `00` numbers need 8–15 digits; North American numbers 10 digits with area
 * code and exchange starting 2–9; other regions' national numbers their plan's length and
 * trunk prefix. It does not know which ranges are allocated, so it accepts some numbers
 * libphonenumber-js rejects; identifiers, dates and versions are filtered by the caller.
 *
 * @internal
 */
export function findPhonesHeuristically(text: string, region: PhoneRegion): PhoneSpan[] {
  const found: PhoneSpan[] = [];
  for (const match of text.matchAll(candidates)) {
    let value = match[0].replace(/[ \u00a0.(-]+$/, '');
    let start = match.index;
    // "(415) 555-2671": keep the opening parenthesis; an unmatched closing one at the end goes.
    if ((value.match(/\(/g)?.length ?? 0) < (value.match(/\)/g)?.length ?? 0) && value.endsWith(')')) value = value.slice(0, -1);
    if (value.startsWith('(') && !value.includes(')')) {
      value = value.slice(1);
      start += 1;
    }
    const end = start + value.length;
    // Part of a longer run of digits (a tracking or account number): not a phone.
    if (/\d[ \u00a0.-]?$/.test(text.slice(Math.max(0, start - 2), start)) || /^[ \u00a0.-]?\d/.test(text.slice(end, end + 2))) continue;
    if (!balanced(value)) continue;
    const e164 = toE164(value, region);
    if (e164) found.push({ start, end, value, e164 });
  }
  return found;
}

function balanced(value: string): boolean {
  const open = value.indexOf('(');
  const close = value.indexOf(')');
  if (open < 0 && close < 0) return true;
  return open >= 0 && close > open && value.indexOf('(', open + 1) < 0 && value.indexOf(')', close + 1) < 0;
}

function toE164(value: string, region: PhoneRegion): string | undefined {
  const digits = value.replace(/\D/g, '');
  const international = value.startsWith('+') ? digits : value.startsWith('00') ? digits.slice(2) : undefined;
  if (international !== undefined) {
    if (international.length < 8 || international.length > 15 || international.startsWith('0')) return undefined;
    if (international.startsWith('1') && !isNanpNational(international.slice(1))) return undefined;
    return `+${international}`;
  }
  const upper = region.toUpperCase();
  if (nanp.has(upper)) {
    const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
    return isNanpNational(national) ? `+1${national}` : undefined;
  }
  const plan = regions[upper];
  if (!plan) return undefined;
  if (digits.length < plan.digits[0] || digits.length > plan.digits[1]) return undefined;
  if (plan.trunk) return digits.startsWith('0') && digits[1] !== '0' ? `+${plan.code}${digits.slice(1)}` : undefined;
  return digits.startsWith('0') && plan.code !== '39' ? undefined : `+${plan.code}${digits}`;
}

function isNanpNational(digits: string): boolean {
  // Area code and exchange start with 2–9; N11 codes (411, 911) are services, not area codes.
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(digits) && digits.slice(1, 3) !== '11';
}
