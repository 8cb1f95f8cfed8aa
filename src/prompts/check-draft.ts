import { countWords } from '../core/count-words.js';
import type { Channel } from '../core/domain.js';
import { ValidationError } from '../core/errors.js';
import { channelRules } from './channel-rules.js';

/**
 * One way a draft breaks its channel's rules.
 * - `empty`: nothing but whitespace;
 * - `too_long`: over the channel's character (SMS) or word limit;
 * - `missing_greeting` / `missing_signature`: an email without "Hi Jane," or "Best regards, …";
 * - `unfilled_placeholder`: a left-over `[Your Name]`, `{{name}}` or `<customer name>`.
 *
 * @example
 * ```ts
 * const blocking: readonly DraftViolationCode[] = ['empty', 'too_long', 'unfilled_placeholder'];
 * const { violations } = checkDraft(draft, 'sms');
 * if (violations.some((violation) => blocking.includes(violation.code))) regenerate();
 * ```
 */
export type DraftViolationCode = 'empty' | 'too_long' | 'missing_greeting' | 'missing_signature' | 'unfilled_placeholder';

/**
 * A broken rule, with the numbers behind it.
 *
 * @example
 * ```ts
 * const violation: DraftViolation = { code: 'too_long', message: 'SMS drafts may have at most 160 characters; this one has 171', limit: 160, actual: 171 };
 * ```
 */
export interface DraftViolation {
  readonly code: DraftViolationCode;
  readonly message: string;
  readonly limit?: number;
  readonly actual?: number;
}

/**
 * The verdict on a draft.
 *
 * @example
 * ```ts
 * const { ok, violations, words } = checkDraft(draft, 'chat');
 * ```
 */
export interface DraftCheck {
  readonly ok: boolean;
  readonly channel: Channel;
  /** Unicode code points, the unit an SMS limit counts. */
  readonly characters: number;
  /** Words as `countWords` counts them (Unicode word segments; works for scripts without spaces), the same count the rule-based drafts are fitted to. */
  readonly words: number;
  readonly violations: readonly DraftViolation[];
}

const greeting = /^\s*(hi|hello|hey|dear|good (morning|afternoon|evening)|greetings|thank you for|thanks for)\b/i;
const signOff = /^\s*(best|kind|warm|warmest)?\s*(regards|wishes)|^\s*(sincerely|cheers|thanks|thank you|many thanks|best|all the best|talk soon|take care)\b/i;
const placeholder = /\[(your|customer|agent|company|insert|name|order)[^\]]{0,40}\]|\{\{[^}]{1,40}\}\}|<(your|customer|agent|insert)[^>]{0,40}>/i;

/**
 * Checks a generated draft against its channel's rules ({@link channelRules}): the SMS
 * character limit, the email/chat/phone word limits, an email's greeting and sign-off, and
 * placeholders the model left unfilled. Pure and fast; run it on every draft before showing it.
 *
 * @example
 * ```ts
 * import { checkDraft } from 'crmkit/prompts';
 *
 * const check = checkDraft('Hi Jane! Your order #54321 ships today. Reply STOP to opt out.', 'sms');
 * check.ok; // true
 * check.characters; // 62
 * ```
 */
export function checkDraft(text: string, channel: Channel): DraftCheck {
  const rule = channelRules[channel];
  if (!rule) {
    throw new ValidationError('checkDraft input', [{ path: 'channel', message: `Expected \`channel\` to be one of ${Object.keys(channelRules).join(', ')}` }]);
  }
  const characters = [...text].length;
  const words = countWords(text);

  const violations: DraftViolation[] = [];
  if (text.trim().length === 0) {
    violations.push({ code: 'empty', message: 'The draft is empty' });
    return { ok: false, channel, characters, words, violations };
  }
  if (rule.maxCharacters !== undefined && characters > rule.maxCharacters) {
    violations.push({ code: 'too_long', message: `${label(channel)} drafts may have at most ${rule.maxCharacters} characters; this one has ${characters}`, limit: rule.maxCharacters, actual: characters });
  }
  if (rule.maxWords !== undefined && words > rule.maxWords) {
    violations.push({ code: 'too_long', message: `${label(channel)} drafts may have at most ${rule.maxWords} words; this one has ${words}`, limit: rule.maxWords, actual: words });
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  if (rule.requiresGreeting && !greeting.test(lines[0] ?? '')) {
    violations.push({ code: 'missing_greeting', message: 'An email draft should open with a greeting such as "Hi Jane,"' });
  }
  if (rule.requiresSignature && !lines.slice(-3).some((line) => signOff.test(line))) {
    violations.push({ code: 'missing_signature', message: 'An email draft should close with a sign-off such as "Best regards," and a name' });
  }
  if (placeholder.test(text)) {
    violations.push({ code: 'unfilled_placeholder', message: 'The draft contains a placeholder the model did not fill in, such as "[Your Name]"' });
  }
  return { ok: violations.length === 0, channel, characters, words, violations };
}

function label(channel: Channel): string {
  return channel === 'sms' ? 'SMS' : channel[0]!.toUpperCase() + channel.slice(1);
}
