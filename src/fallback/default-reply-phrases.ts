/**
 * What a reply says for one intent: the acknowledgement, the next step, and a compact version of
 * both for SMS (plain ASCII, so the message stays a single GSM-7 segment).
 *
 * @example
 * ```ts
 * const warranty: ReplyPhrases = {
 *   acknowledgement: 'Thanks for reaching out about your warranty.',
 *   nextStep: 'I have opened a warranty claim and will email you the next steps today.',
 *   short: 'we opened a warranty claim and will email next steps today.',
 * };
 * ```
 */
export interface ReplyPhrases {
  readonly acknowledgement: string;
  readonly nextStep: string;
  /** Follows "Hi Jane," in an SMS, so it starts in lower case. */
  readonly short: string;
}

/**
 * Default reply phrases per intent (the intents of `defaultIntents` plus `general_inquiry`, used
 * for anything unknown). They promise only what any support team can keep: a follow-up, an
 * escalation, a label — never money the host did not decide to give.
 *
 * @example
 * ```ts
 * const phrases = { ...defaultReplyPhrases, warranty_claim: { acknowledgement: '…', nextStep: '…', short: '…' } };
 * draftReply({ channel: 'chat', intent: 'warranty_claim', phrases });
 * ```
 */
export const defaultReplyPhrases: Readonly<Record<string, ReplyPhrases>> = {
  order_status: {
    acknowledgement: 'Thanks for checking in on your order.',
    nextStep: "I'll keep an eye on it and let you know as soon as anything changes.",
    short: "here's the latest on your order. We'll text you if anything changes.",
  },
  shipping_delay: {
    acknowledgement: "I'm sorry your order hasn't arrived yet.",
    nextStep: "I've asked our shipping team to chase the carrier, and I'll update you within 24 hours with a firm delivery date.",
    short: "sorry your order is late. We're chasing the carrier and will update you within 24h.",
  },
  damaged_item: {
    acknowledgement: "I'm so sorry your item arrived damaged.",
    nextStep: "I can send a free replacement or a full refund, whichever you prefer. Just reply and let me know; there's no need to send the damaged item back.",
    short: 'so sorry it arrived damaged. Reply REPLACE or REFUND and we will sort it free of charge.',
  },
  refund: {
    acknowledgement: "I understand you'd like a refund.",
    nextStep: "I've passed your request to our billing team. You'll get an email as soon as it's processed, usually within 3 to 5 business days.",
    short: 'we got your refund request and will confirm by email within 3-5 business days.',
  },
  return: {
    acknowledgement: "I'm happy to help you return or exchange your item.",
    nextStep: "I'll email you a prepaid return label. Once the item is on its way back, your refund or exchange will follow.",
    short: "we'll email you a prepaid return label for your return or exchange.",
  },
  cancellation: {
    acknowledgement: "I've received your cancellation request.",
    nextStep: "I'm processing it now and will confirm by email. If anything has already shipped, I'll explain how to return it at no cost.",
    short: "we got your cancellation request and will confirm by email shortly.",
  },
  billing: {
    acknowledgement: 'Thanks for flagging this charge.',
    nextStep: "I'm reviewing your billing history now. If anything was charged in error, we'll refund it in full and confirm by email.",
    short: "we're checking the charge. Anything billed in error will be refunded in full.",
  },
  account_access: {
    acknowledgement: "I'm sorry you're having trouble getting into your account.",
    nextStep: "Please try the 'Forgot password' link on the sign-in page. If the email doesn't arrive within a few minutes, reply here and I'll restore access for you.",
    short: "sorry about the login trouble. Try 'Forgot password'; if no email arrives, reply here.",
  },
  technical_problem: {
    acknowledgement: "Sorry you're running into a technical problem.",
    nextStep: "I've passed the details to our technical team. A screenshot and the device or browser you're using would help us fix it faster.",
    short: 'sorry for the technical trouble. Our tech team is on it; a screenshot would help.',
  },
  sales_question: {
    acknowledgement: 'Thanks for your interest!',
    nextStep: "I'll get you the details you asked for shortly. In the meantime, our product pages show current prices and availability.",
    short: "thanks for your interest! We'll send the details you asked for shortly.",
  },
  complaint: {
    acknowledgement: "I'm sorry we let you down, and thank you for telling us.",
    nextStep: "I've escalated this to a senior member of the team, who will follow up with you personally within one business day.",
    short: "we're sorry we let you down. A senior team member will contact you within 1 business day.",
  },
  praise: {
    acknowledgement: 'Thank you so much for your kind words!',
    nextStep: "I'll share them with the team. It really makes their day.",
    short: 'thank you for the kind words! We will share them with the team.',
  },
  general_inquiry: {
    acknowledgement: 'Thanks for getting in touch.',
    nextStep: 'A member of our team will look into this and get back to you shortly.',
    short: 'thanks for your message. Our team will get back to you shortly.',
  },
};
