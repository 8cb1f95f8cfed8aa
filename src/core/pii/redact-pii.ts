import { detectPii, type DetectPiiOptions, type PiiType } from './detect-pii.js';

/**
 * Placeholder → original value, for {@link restorePii}. Keep it server-side: it holds the very
 * data that was redacted.
 *
 * @example
 * ```ts
 * const restore: PiiRestoreMap = new Map([['[EMAIL_1]', 'jane@example.com']]);
 * ```
 */
export type PiiRestoreMap = ReadonlyMap<string, string>;

/**
 * Options for {@link redactPii}.
 *
 * @example
 * ```ts
 * const options: RedactPiiOptions = { state: createPiiRedactionState(), types: ['email', 'phone', 'card'] };
 * redactPii('Mail jane@example.com or call 415-555-0100', options).text; // 'Mail [EMAIL_1] or call [PHONE_1]'
 * ```
 */
export interface RedactPiiOptions extends DetectPiiOptions {
  /**
   * Placeholders already assigned (from an earlier message of the same conversation), so the
   * same value keeps the same placeholder across calls. Updated in place.
   */
  readonly state?: PiiRedactionState;
}

/**
 * Placeholder bookkeeping shared across several {@link redactPii} calls.
 *
 * @example
 * ```ts
 * const state = createPiiRedactionState();
 * redactPii('jane@example.com', { state });
 * redactPii('again: jane@example.com', { state }).text; // 'again: [EMAIL_1]'
 * ```
 */
export interface PiiRedactionState {
  readonly byValue: Map<string, string>;
  readonly restore: Map<string, string>;
  readonly counters: Map<PiiType, number>;
}

/**
 * A text with its PII replaced by placeholders.
 *
 * @example
 * ```ts
 * const redacted: RedactedText = { text: 'Mail [EMAIL_1]', restore: new Map([['[EMAIL_1]', 'jane@example.com']]), found: [{ type: 'email', placeholder: '[EMAIL_1]' }] };
 * ```
 */
export interface RedactedText {
  readonly text: string;
  readonly restore: PiiRestoreMap;
  /** What was replaced, without the values. */
  readonly found: readonly { readonly type: PiiType; readonly placeholder: string }[];
}

const labels: Readonly<Record<PiiType, string>> = { email: 'EMAIL', phone: 'PHONE', card: 'CARD', iban: 'IBAN', secret: 'SECRET', ssn: 'SSN', ip: 'IP' };

/**
 * Fresh placeholder bookkeeping for a conversation.
 *
 * @example
 * ```ts
 * const state = createPiiRedactionState();
 * ```
 */
export function createPiiRedactionState(): PiiRedactionState {
  return { byValue: new Map(), restore: new Map(), counters: new Map() };
}

/**
 * Replaces emails, phone numbers, card numbers, IBANs and secrets with stable placeholders
 * (`[EMAIL_1]`, `[PHONE_2]`…): the same value always gets the same placeholder, so a model can
 * still tell two customers apart. Returns the map to put the values back.
 *
 * @example
 * ```ts
 * const { text, restore } = redactPii('Call +1 415 555 2671 or mail jane@example.com');
 * // text === 'Call [PHONE_1] or mail [EMAIL_1]'
 * restorePii(text, restore); // the original
 * ```
 */
export function redactPii(text: string, options: RedactPiiOptions = {}): RedactedText {
  const state = options.state ?? createPiiRedactionState();
  const matches = detectPii(text, options);
  if (matches.length === 0) return { text, restore: state.restore, found: [] };
  const found: { type: PiiType; placeholder: string }[] = [];
  let out = '';
  let cursor = 0;
  for (const match of matches) {
    const key = `${match.type}\u0000${normalise(match.type, match.value)}`;
    let placeholder = state.byValue.get(key);
    if (placeholder === undefined) {
      let counter = state.counters.get(match.type) ?? 0;
      // Skip numbers whose placeholder already appears literally in the text.
      do {
        counter += 1;
        placeholder = `[${labels[match.type]}_${counter}]`;
      } while (text.includes(placeholder) && !state.restore.has(placeholder));
      state.counters.set(match.type, counter);
      state.byValue.set(key, placeholder);
      state.restore.set(placeholder, match.value);
    }
    found.push({ type: match.type, placeholder });
    out += text.slice(cursor, match.start) + placeholder;
    cursor = match.end;
  }
  out += text.slice(cursor);
  return { text: out, restore: state.restore, found };
}

/**
 * Puts redacted values back into `text` (a model's reply, say). Placeholders not in the map are
 * left as they are.
 *
 * @example
 * ```ts
 * restorePii('We emailed [EMAIL_1].', new Map([['[EMAIL_1]', 'jane@example.com']])); // 'We emailed jane@example.com.'
 * ```
 */
export function restorePii(text: string, restore: PiiRestoreMap): string {
  if (restore.size === 0 || !text.includes('[')) return text;
  return text.replace(/\[(?:EMAIL|PHONE|CARD|IBAN|SECRET|SSN|IP)_\d+\]/g, (placeholder) => restore.get(placeholder) ?? placeholder);
}

function normalise(type: PiiType, value: string): string {
  if (type === 'email') return value.toLowerCase();
  if (type === 'secret') return value;
  if (type === 'ip') return value.toLowerCase();
  return value.replace(/[^0-9A-Za-z+]/g, '').toUpperCase();
}
