/**
 * Patterns for credentials that must never reach an error message, a log line or an event:
 * OpenAI (`sk-…`, `sk-proj-…`), Anthropic (`sk-ant-…`), Hugging Face (`hf_…`), bearer tokens,
 * and key/value pairs such as `api_key=…` or `"authorization": "…"`.
 */
const secretPatterns: readonly RegExp[] = [
  // Long keys, and short or unusual ones too (`sk-test-SECRET123`): in a short one, a digit or
  // capital letter after the prefix tells a key from prose such as "sk-learn" or "hf_hub".
  /\bsk-ant-[A-Za-z0-9_-]{6,}/g,
  /\bsk-(?:[A-Za-z0-9_-]{16,}|(?=[A-Za-z0-9_-]*[A-Z0-9])[A-Za-z0-9_-]{6,})/g,
  /\bhf_(?:[A-Za-z0-9]{16,}|(?=[A-Za-z0-9]*[A-Z0-9])[A-Za-z0-9]{6,})/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi,
  /\b((?:x-)?api[-_]?key|authorization|access[-_]?token|token)(["']?\s*[:=]\s*["']?)[^\s"',}]{8,}/gi,
];

/**
 * The text that replaces a redacted secret.
 *
 * @example
 * ```ts
 * redactSecrets('key sk-proj-abcdefghijklmnop1234') === `key ${REDACTED}`; // true
 * ```
 */
export const REDACTED = '[REDACTED]';

/**
 * Removes anything that looks like an API key or bearer token from `text`, plus every exact
 * secret in `secrets` (for keys that match no known pattern) and its obvious fragments: the key
 * URL-encoded or JSON-escaped, and any slice of at least half of it (and at least 6 characters)
 * that starts where the key starts or ends where it ends, as vendors echo a key cut short or
 * with its middle masked (`sk-test-SEC…`, `…CRET123`). A secret shorter than 4 characters is
 * ignored: hiding every "abc" would garble messages and protect nothing.
 *
 * @example
 * ```ts
 * redactSecrets('Incorrect API key provided: sk-proj-abcdefghijklmnop1234');
 * // 'Incorrect API key provided: [REDACTED]'
 * redactSecrets('bad key "k-7Qx9z" (k-7Qx…)', ['k-7Qx9z']);
 * // 'bad key "[REDACTED]" ([REDACTED]…)'
 * ```
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = redactExactSecret(result, secret);
  }
  for (const pattern of secretPatterns) {
    result = result.replace(pattern, (match, ...groups: unknown[]) => {
      const [first, second] = groups as [string | undefined, string | undefined];
      if (typeof first === 'string' && typeof second === 'string' && /^[a-z-_]/i.test(first) && !/^(Bearer|Basic)$/i.test(first)) {
        return `${first}${second}${REDACTED}`;
      }
      if (typeof first === 'string' && /^(Bearer|Basic)$/i.test(first)) return `${first} ${REDACTED}`;
      return match.length > 0 ? REDACTED : match;
    });
  }
  return result;
}

/** The forms of one key a vendor may echo: as given, URL-encoded, JSON-escaped. */
function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  return [...forms].sort((a, b) => b.length - a.length);
}

function redactExactSecret(text: string, secret: string): string {
  let result = text;
  for (const form of secretForms(secret)) {
    if (result.includes(form)) result = result.split(form).join(REDACTED);
  }
  // Fragments: a prefix or suffix slice long enough to matter (half the key, 6 characters at least).
  const minimum = Math.max(6, Math.ceil(secret.length / 2));
  if (secret.length <= minimum) return result;
  return redactSlices(redactSlices(result, secret, minimum, 'prefix'), secret, minimum, 'suffix');
}

/** Replaces every run of text that matches the key's start (or end) for `minimum`+ characters. */
function redactSlices(text: string, secret: string, minimum: number, side: 'prefix' | 'suffix'): string {
  const anchor = side === 'prefix' ? secret.slice(0, minimum) : secret.slice(secret.length - minimum);
  let from = text.indexOf(anchor);
  if (from < 0) return text;
  let out = '';
  let cursor = 0;
  while (from >= 0) {
    let start = from;
    let end = from + anchor.length;
    if (side === 'prefix') {
      while (end < text.length && end - from < secret.length && text[end] === secret[end - from]) end++;
    } else {
      let keyIndex = secret.length - minimum - 1;
      while (start > cursor && keyIndex >= 0 && text[start - 1] === secret[keyIndex]) {
        start--;
        keyIndex--;
      }
    }
    out += text.slice(cursor, start) + REDACTED;
    cursor = end;
    from = text.indexOf(anchor, cursor);
  }
  return out + text.slice(cursor);
}
