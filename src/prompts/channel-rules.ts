import { channelLimits, type Channel } from '../core/domain.js';

/**
 * How a reply must be shaped for one channel (seed 004's channel table).
 *
 * @example
 * ```ts
 * channelRules.sms.maxCharacters; // 160
 * ```
 */
export interface ChannelRule {
  readonly channel: Channel;
  readonly tone: 'casual' | 'professional' | 'friendly' | 'conversational';
  /** Hard limit in characters (Unicode code points); SMS only. From `channelLimits`. */
  readonly maxCharacters?: number;
  /** Hard limit in words (`countWords`). From `channelLimits`. */
  readonly maxWords?: number;
  /** Email: opens with a greeting line ("Hi Jane,"). */
  readonly requiresGreeting: boolean;
  /** Email: closes with a sign-off ("Best regards,") and a name. */
  readonly requiresSignature: boolean;
  /** The lines the draft prompt gives the model for this channel. */
  readonly guidance: readonly string[];
}

function lengthLimit(channel: Channel): Pick<ChannelRule, 'maxCharacters' | 'maxWords'> {
  const { unit, max } = channelLimits[channel];
  return unit === 'characters' ? { maxCharacters: max } : { maxWords: max };
}

/**
 * The channel table of seed 004: SMS at most 160 characters, casual; email at most 200 words,
 * professional, greeting and signature; chat at most 100 words, friendly; phone at most 75 words,
 * conversational. The limits come from {@link channelLimits}, which the rule-based drafts honour
 * too. The reply-draft prompt states these rules and {@link checkDraft} enforces them.
 *
 * @example
 * ```ts
 * import { channelRules } from 'crmkit/prompts';
 *
 * channelRules.email.guidance; // ['Professional but warm tone', …]
 * ```
 */
export const channelRules: Readonly<Record<Channel, ChannelRule>> = {
  sms: {
    channel: 'sms',
    tone: 'casual',
    ...lengthLimit('sms'),
    requiresGreeting: false,
    requiresSignature: false,
    guidance: ['Casual tone', `At most ${channelLimits.sms.max} characters in total, including spaces`, 'Use abbreviations, get straight to the point'],
  },
  email: {
    channel: 'email',
    tone: 'professional',
    ...lengthLimit('email'),
    requiresGreeting: true,
    requiresSignature: true,
    guidance: ['Professional but warm tone', `Can be detailed (up to ${channelLimits.email.max} words)`, 'Proper formatting: open with a greeting, close with a sign-off and signature'],
  },
  chat: {
    channel: 'chat',
    tone: 'friendly',
    ...lengthLimit('chat'),
    requiresGreeting: false,
    requiresSignature: false,
    guidance: ['Friendly tone', `At most ${channelLimits.chat.max} words`, 'Short paragraphs, conversational'],
  },
  phone: {
    channel: 'phone',
    tone: 'conversational',
    ...lengthLimit('phone'),
    requiresGreeting: false,
    requiresSignature: false,
    guidance: ['Conversational tone: this is a script the agent reads aloud', `At most ${channelLimits.phone.max} words`, 'Natural speech with empathy statements; no lists, links or formatting'],
  },
};
