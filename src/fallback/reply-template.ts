import type { Channel } from '../core/domain.js';

/**
 * Slots a reply template can use. Each is text or empty when unknown.
 *
 * | slot | filled with |
 * |---|---|
 * | `greetingName` | the customer's first name, or "there" |
 * | `name` / `firstName` | the customer's name |
 * | `acknowledgement` / `nextStep` / `short` | the intent's {@link ReplyPhrases} |
 * | `empathy` | an empathy statement when the customer is upset |
 * | `orderNumber` / `orderStatus` / `orderTotal` | the order |
 * | `tracking` | the tracking description or status; `carrier`, `trackingNumber` |
 * | `pastIssue` | the subject of the latest past ticket |
 * | `vip` | a sentence of VIP treatment for valuable or at-risk customers |
 * | `agentName` / `companyName` | the signature |
 *
 * @example
 * ```ts
 * const slot: ReplySlot = 'orderNumber';
 * ```
 */
export type ReplySlot =
  | 'greetingName'
  | 'name'
  | 'firstName'
  | 'acknowledgement'
  | 'nextStep'
  | 'short'
  | 'empathy'
  | 'orderNumber'
  | 'orderStatus'
  | 'orderTotal'
  | 'tracking'
  | 'carrier'
  | 'trackingNumber'
  | 'pastIssue'
  | 'vip'
  | 'agentName'
  | 'companyName';

/**
 * One section of a reply template. `{{slot}}` requires the slot (the section is skipped when it
 * is empty); `{{slot?}}` may be empty. With several alternatives, the first whose required slots
 * are all known is used.
 *
 * @example
 * ```ts
 * const orderLine: ReplySection = { text: 'Your order #{{orderNumber}} is {{orderStatus}}.', drop: 2 };
 * ```
 */
export interface ReplySection {
  readonly text: string | readonly string[];
  /**
   * Sections with a `drop` rank may be left out, lowest rank first, when the reply would not
   * otherwise fit its channel. Sections without one are always kept.
   */
  readonly drop?: number;
}

/**
 * A reply template for one channel: sections joined by `separator`.
 *
 * @example
 * ```ts
 * const sms: ReplyTemplate = { separator: ' ', sections: [{ text: 'Hi {{greetingName}},' }, { text: '{{short}}' }] };
 * ```
 */
export interface ReplyTemplate {
  readonly sections: readonly ReplySection[];
  /** @default ' ' */
  readonly separator?: string;
}

/**
 * The default templates, one per channel, in seed 004's tones: professional email with greeting
 * and signature, casual SMS, friendly chat in short paragraphs, conversational phone script
 * with an empathy statement.
 *
 * @example
 * ```ts
 * const templates = { ...defaultReplyTemplates, sms: { separator: ' ', sections: [{ text: 'Hey {{greetingName}}! {{short}}' }] } };
 * draftReply({ channel: 'sms', customer: { name: 'Jane Doe' }, templates });
 * ```
 */
export const defaultReplyTemplates: Readonly<Record<Channel, ReplyTemplate>> = {
  email: {
    separator: '\n\n',
    sections: [
      { text: 'Hi {{greetingName}},' },
      { text: 'Thank you for contacting us. {{empathy?}} {{acknowledgement}}' },
      {
        text: [
          'Your order #{{orderNumber}} ({{orderTotal}}) is currently {{orderStatus}}. The latest tracking update from {{carrier}}: {{tracking}}.',
          'Your order #{{orderNumber}} ({{orderTotal}}) is currently {{orderStatus}}. The latest tracking update: {{tracking}}.',
          'Your order #{{orderNumber}} is currently {{orderStatus}}. The latest tracking update: {{tracking}}.',
          'Your order #{{orderNumber}} is currently {{orderStatus}}.',
          'I have looked up your order #{{orderNumber}}.',
        ],
        drop: 3,
      },
      { text: 'I can see you contacted us before about "{{pastIssue}}", so I will make sure this is fully resolved this time.', drop: 1 },
      { text: '{{nextStep}} {{vip?}}' },
      { text: 'If you have any other questions, just reply to this email.', drop: 2 },
      { text: ['Best regards,\n{{agentName}}\n{{companyName}}', 'Best regards,\n{{agentName}}'] },
    ],
  },
  sms: {
    separator: ' ',
    sections: [
      { text: 'Hi {{greetingName}},' },
      { text: '{{short}}' },
      { text: ['Order #{{orderNumber}}: {{tracking}}.', 'Order #{{orderNumber}}: {{orderStatus}}.'], drop: 2 },
      { text: '- {{companyName}}', drop: 1 },
    ],
  },
  chat: {
    separator: '\n\n',
    sections: [
      { text: 'Hi {{greetingName}}! {{empathy?}}' },
      { text: '{{acknowledgement}}' },
      {
        text: [
          'Your order #{{orderNumber}} is {{orderStatus}}. Latest update from {{carrier}}: {{tracking}}.',
          'Your order #{{orderNumber}} is {{orderStatus}}. Latest update: {{tracking}}.',
          'Your order #{{orderNumber}} is {{orderStatus}}.',
        ],
        drop: 3,
      },
      { text: 'I see you asked us about "{{pastIssue}}" before, so I will make sure it is sorted this time.', drop: 1 },
      { text: '{{nextStep}} {{vip?}}' },
      { text: 'Anything else I can help with?', drop: 2 },
    ],
  },
  phone: {
    separator: ' ',
    sections: [
      { text: ['Hi {{greetingName}}, this is {{agentName}} from {{companyName}}.', 'Hi {{greetingName}}, this is {{agentName}}.', 'Hi {{greetingName}}, thanks for calling.'] },
      { text: '{{empathy}}', drop: 4 },
      { text: '{{acknowledgement}}' },
      { text: ['I can see order {{orderNumber}} is {{orderStatus}}, and the latest tracking update says {{tracking}}.', 'I can see order {{orderNumber}} is {{orderStatus}}.'], drop: 3 },
      { text: '{{nextStep}}' },
      { text: '{{vip}}', drop: 1 },
      { text: 'Is there anything else I can help you with today?', drop: 2 },
    ],
  },
};
