import { countWords } from '../core/count-words.js';
import { channelLimits, type Channel } from '../core/domain.js';

// The limits live in core, next to `channels`, so prompts and fallback share one table.
export { channelLimits } from '../core/domain.js';
export type { ChannelLimit } from '../core/domain.js';

/**
 * The length of `text` in its channel's unit: Unicode code points for SMS, words
 * (`countWords`, the count `checkDraft` applies to AI drafts) otherwise.
 *
 * @example
 * ```ts
 * measureForChannel('Hi Jane, your order shipped.', 'chat'); // 5
 * measureForChannel('Hi Jane, your order shipped.', 'sms'); // 28
 * ```
 */
export function measureForChannel(text: string, channel: Channel): number {
  return channelLimits[channel].unit === 'characters' ? [...text].length : countWords(text);
}

/**
 * Whether `text` fits its channel's limit.
 *
 * @example
 * ```ts
 * fitsChannel('x'.repeat(161), 'sms'); // false
 * ```
 */
export function fitsChannel(text: string, channel: Channel): boolean {
  return measureForChannel(text, channel) <= channelLimits[channel].max;
}
