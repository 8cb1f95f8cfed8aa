import type { Channel } from '../core/domain.js';

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
  /** Hard limit in characters (Unicode code points); SMS only. */
  readonly maxCharacters?: number;
  /** Hard limit in words. */
  readonly maxWords?: number;
  /** Email: opens with a greeting line ("Hi Jane,"). */
  readonly requiresGreeting: boolean;
  /** Email: closes with a sign-off ("Best regards,") and a name. */
  readonly requiresSignature: boolean;
  /** The lines the draft prompt gives the model for this channel. */
  readonly guidance: readonly string[];
}

/**
 * The channel table of seed 004: SMS at most 160 characters, casual; email at most 200 words,
 * professional, greeting and signature; chat at most 100 words, friendly; phone at most 75 words,
 * conversational. The reply-draft prompt states these rules and {@link checkDraft} enforces them.
 *
 * @example
 * ```ts
 * import { channelRules } from 'crmkit';
 *
 * channelRules.email.guidance; // ['Professional but warm tone', …]
 * ```
 */
export const channelRules: Readonly<Record<Channel, ChannelRule>> = {
  sms: {
    channel: 'sms',
    tone: 'casual',
    maxCharacters: 160,
    requiresGreeting: false,
    requiresSignature: false,
    guidance: ['Casual tone', 'At most 160 characters in total, including spaces', 'Use abbreviations, get straight to the point'],
  },
  email: {
    channel: 'email',
    tone: 'professional',
    maxWords: 200,
    requiresGreeting: true,
    requiresSignature: true,
    guidance: ['Professional but warm tone', 'Can be detailed (up to 200 words)', 'Proper formatting: open with a greeting, close with a sign-off and signature'],
  },
  chat: {
    channel: 'chat',
    tone: 'friendly',
    maxWords: 100,
    requiresGreeting: false,
    requiresSignature: false,
    guidance: ['Friendly tone', 'At most 100 words', 'Short paragraphs, conversational'],
  },
  phone: {
    channel: 'phone',
    tone: 'conversational',
    maxWords: 75,
    requiresGreeting: false,
    requiresSignature: false,
    guidance: ['Conversational tone: this is a script the agent reads aloud', 'At most 75 words', 'Natural speech with empathy statements; no lists, links or formatting'],
  },
};
