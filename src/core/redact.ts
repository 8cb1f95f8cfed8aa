/**
 * Patterns for credentials that must never reach an error message, a log line or an event:
 * OpenAI (`sk-…`, `sk-proj-…`), Anthropic (`sk-ant-…`), Hugging Face (`hf_…`), bearer tokens,
 * and key/value pairs such as `api_key=…` or `"authorization": "…"`.
 */
const secretPatterns: readonly RegExp[] = [
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
  /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g,
  /\bhf_[A-Za-z0-9]{16,}/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
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
 * secret in `secrets` (for keys that match no known pattern).
 *
 * @example
 * ```ts
 * redactSecrets('Incorrect API key provided: sk-proj-abcdefghijklmnop1234');
 * // 'Incorrect API key provided: [REDACTED]'
 * ```
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join(REDACTED);
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
