import type { Channel } from '../core/domain.js';

/**
 * How long a reply may be on one channel (seed 004): SMS 160 characters, email 200 words,
 * chat 100 words, phone 75 words.
 *
 * @example
 * ```ts
 * const limit: ChannelLimit = { unit: 'characters', max: 160 };
 * ```
 */
export interface ChannelLimit {
  readonly unit: 'characters' | 'words';
  readonly max: number;
}

/**
 * The channel limits every draft honours, AI or rule-based.
 *
 * @example
 * ```ts
 * channelLimits.sms; // { unit: 'characters', max: 160 }
 * ```
 */
export const channelLimits: Readonly<Record<Channel, ChannelLimit>> = {
  sms: { unit: 'characters', max: 160 },
  email: { unit: 'words', max: 200 },
  chat: { unit: 'words', max: 100 },
  phone: { unit: 'words', max: 75 },
};

/**
 * The length of `text` in its channel's unit: Unicode code points for SMS, whitespace-separated
 * words otherwise.
 *
 * @example
 * ```ts
 * measureForChannel('Hi Jane, your order shipped.', 'chat'); // 5
 * measureForChannel('Hi Jane, your order shipped.', 'sms'); // 28
 * ```
 */
export function measureForChannel(text: string, channel: Channel): number {
  if (channelLimits[channel].unit === 'characters') return [...text].length;
  let words = 0;
  for (const word of text.split(/\s+/)) if (word.length > 0) words += 1;
  return words;
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
