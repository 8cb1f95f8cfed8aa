import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';

/** A phone number found in text. @internal */
export interface PhoneSpan {
  readonly start: number;
  readonly end: number;
  readonly value: string;
  /** E.164, e.g. `+14155552671`. */
  readonly e164: string;
}

// A number right after "order", "invoice", "#"… is an identifier that happens to have a valid
// phone shape (order 2125551234), not a phone number.
const identifierBefore = /(?:#|\b(?:order|orders|ord|invoice|inv|ref|reference|ticket|case|tracking|account|acct|sku|item|po|confirmation)\b[\s.:#-]*(?:no\.?|number|#|id)?[\s.:#-]*)$/i;

/**
 * Phone numbers in `text` that libphonenumber-js considers valid for their region, skipping
 * identifiers that merely look like phones. @internal
 */
export function findPhones(text: string, defaultRegion: CountryCode): PhoneSpan[] {
  const found: PhoneSpan[] = [];
  for (const match of findPhoneNumbersInText(text, { defaultCountry: defaultRegion })) {
    const before = text.slice(Math.max(0, match.startsAt - 24), match.startsAt);
    if (identifierBefore.test(before)) continue;
    found.push({ start: match.startsAt, end: match.endsAt, value: text.slice(match.startsAt, match.endsAt), e164: match.number.number });
  }
  return found;
}
