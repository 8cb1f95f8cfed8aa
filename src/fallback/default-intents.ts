/**
 * One row of an intent table: the intent and the cues that signal it.
 *
 * @example
 * ```ts
 * const warranty: IntentRule = { intent: 'warranty_claim', cues: ['warranty', 'guarantee'], weight: 1.2 };
 * ```
 */
export interface IntentRule {
  /** The intent's name, e.g. `refund`. */
  readonly intent: string;
  /**
   * Cues, matched case-insensitively on word boundaries. Each is a phrase or a regular
   * expression source (`'(?:hasn.t|has not) arrived'`); every distinct cue that matches adds
   * `weight` to the intent's score.
   */
  readonly cues: readonly string[];
  /**
   * How much one matching cue counts. Lower it for intents that co-occur with everything (a
   * complaint usually is about something more specific).
   * @default 1
   */
  readonly weight?: number;
}

/**
 * The intent reported when no rule matches.
 *
 * @example
 * ```ts
 * classifyIntent('Hello?').intent === generalIntent; // true
 * ```
 */
export const generalIntent = 'general_inquiry';

/**
 * The default e-commerce and support intent table. Order breaks ties: a message that scores the
 * same for two intents gets the one listed first, so the specific ones come before the broad.
 * Extend it (`[...defaultIntents, myRule]`) or replace it through `classifyIntent`'s `intents`.
 *
 * @example
 * ```ts
 * const intents = [...defaultIntents, { intent: 'warranty_claim', cues: ['warranty'] }];
 * classifyIntent('Is this covered by warranty?', { intents }).intent; // 'warranty_claim'
 * ```
 */
export const defaultIntents: readonly IntentRule[] = [
  {
    intent: 'damaged_item',
    cues: [
      'damaged', 'broken', 'broke', 'cracked', 'smashed', 'shattered', 'dented', 'defective', 'faulty', 'torn', 'ripped',
      'scratched', 'leaking', 'leaked', 'crushed', 'missing (?:a )?(?:part|parts|piece|pieces)', 'stopped working', 'dead on arrival',
      'arrived (?:in pieces|damaged|broken)', 'stained', 'moldy', 'mouldy', 'expired', 'overheat\\w*', 'smoking', 'caught fire', 'sparks', 'burn(?:ed|t) (?:my|the)',
    ],
    weight: 1.3,
  },
  {
    intent: 'shipping_delay',
    cues: [
      "(?:hasn.t|has not|haven.t|have not|still not|not yet|never|didn.t|did not) (?:been )?(?:arrived|arrive|delivered|received|come|shown up|shipped)",
      'not (?:arrived|received|delivered)(?: yet)?', 'still waiting', 'still no', 'late', 'delay', 'delayed', 'delays', 'taking (?:so|too|forever) long',
      'no (?:tracking )?updates?', 'stuck (?:in transit|at)', 'overdue', 'lost in (?:the )?(?:post|mail|transit)', 'where is it',
      'supposed to (?:arrive|be delivered)', 'expected delivery', 'was due',
    ],
    weight: 1.2,
  },
  {
    intent: 'refund',
    cues: ['refund', 'refunds', 'refunded', 'refunding', 'money back', 'reimburse', 'reimbursement', 'credit (?:it )?back', 'get my money', 'pay me back', 'store credit'],
    weight: 1.4,
  },
  {
    intent: 'return',
    cues: [
      'return', 'returns', 'returning', 'send (?:it|this|them) back', 'ship (?:it|this|them) back', 'exchange', 'exchanged', 'return label', 'rma',
      'wrong size', "doesn.t fit", 'does not fit', "don.t fit", 'too (?:small|big|large|tight)', 'swap', 'wrong (?:item|colou?r|product|order)',
    ],
    weight: 1.2,
  },
  {
    intent: 'cancellation',
    cues: [
      'cancel', 'cancels', 'cancelled', 'canceled', 'cancelling', 'canceling', 'cancellation', 'unsubscribe', 'stop (?:my )?(?:subscription|membership|order)',
      'terminate', 'close my account', 'delete my account', "don.t want (?:it|this|the order) anymore", 'end my (?:subscription|membership|contract)',
    ],
    weight: 1.3,
  },
  {
    intent: 'account_access',
    cues: [
      'log ?in', 'logged out', 'sign ?in', 'password', 'locked out', 'locked', 'reset link', '2fa', 'two.factor', 'verification code',
      'authenticat\\w*', 'hacked', 'username', "can.t access (?:my )?account", 'cannot access (?:my )?account', 'account (?:is )?(?:locked|disabled|suspended|blocked)',
      'one.time (?:code|password)', 'otp',
    ],
    weight: 1.3,
  },
  {
    intent: 'technical_problem',
    cues: [
      'error', 'errors', 'bug', 'bugs', 'crash', 'crashes', 'crashed', 'crashing', 'not working', "doesn.t work", "does not work", "won.t (?:load|open|start|work|sync|connect)",
      'glitch', 'freez\\w*', 'frozen', 'not loading', 'blank (?:page|screen)', '404', '500', 'timed out', 'app', 'website', 'checkout (?:page )?(?:fails|failed|is broken)',
      'keeps (?:failing|crashing|logging)', 'not syncing', 'firmware', 'update broke',
    ],
  },
  {
    intent: 'billing',
    cues: [
      'charged twice', 'double.charged', 'overcharged', 'charged', 'charge', 'charges', 'invoice', 'invoices', 'bill', 'billed', 'billing',
      'payment', 'payments', 'receipt', 'credit card', 'debit card', 'card was', 'subscription fee', 'fee', 'fees', 'vat', 'tax', 'promo code',
      'coupon', 'discount (?:code|was not applied|didn.t apply)', 'chargeback', 'unauthori[sz]ed', 'paypal', 'statement',
    ],
  },
  {
    intent: 'order_status',
    cues: [
      "where(?:.s| is) my (?:order|package|parcel|delivery|stuff)", 'order status', 'status of (?:my|the) order', 'track(?:ing)? (?:my )?(?:order|package|parcel|shipment)',
      'tracking (?:number|info|information|link)', 'when will (?:it|my order|my package|my parcel|they|this) (?:arrive|ship|be (?:delivered|shipped)|get here)', 'has (?:it|my order) shipped',
      'shipped yet', 'eta', 'delivery date', 'when (?:does|do|is) (?:it|my order|the order) (?:ship|arrive|due)', 'dispatched', 'out for delivery', 'any update on (?:my )?order',
      'order (?:update|confirmation)', 'estimated (?:delivery|arrival)',
    ],
    weight: 0.9,
  },
  {
    intent: 'sales_question',
    cues: [
      'do you (?:sell|have|offer|ship to|carry|stock|make)', 'price', 'prices', 'pricing', 'how much (?:is|does|are|do|would)', 'quote', 'bulk', 'wholesale',
      'in stock', 'back in stock', 'available in', 'availability', 'recommend', 'interested in (?:buying|your|the)', 'demo', 'plans', 'upgrade', 'enterprise',
      'gift card', 'pre.?order', 'catalog(?:ue)?', 'compatible with', 'which (?:model|size|plan)', 'difference between', 'sizing', 'volume discount',
    ],
  },
  {
    intent: 'complaint',
    cues: [
      'unacceptable', 'terrible', 'worst', 'ridiculous', 'disappointed', 'disappointing', 'frustrat\\w*', 'angry', 'furious', 'complain\\w*', 'awful', 'horrible',
      'rude', 'never (?:again|buying|ordering|shopping)', 'waste of', 'speak (?:to|with) (?:a |your )?(?:manager|supervisor)', 'scam', 'disgust\\w*', 'appalling',
      'pathetic', 'useless', 'fed up', 'sick of', 'poor service', 'bad service', 'joke', 'shocking', 'lawyer', 'legal action',
    ],
    weight: 0.7,
  },
  {
    intent: 'praise',
    cues: [
      'thank you so much', 'thanks so much', 'thanks', 'thank you', 'thx', 'great (?:service|job|experience|support|product|work)', 'love (?:it|this|the|my|your)', 'amazing', 'excellent', 'awesome',
      'fantastic', 'wonderful', 'appreciate', 'well done', 'kudos', 'happy with', 'impressed', 'perfect', 'brilliant', 'outstanding', 'superb', 'five stars', '5 stars',
      'above and beyond', 'best (?:service|support|store|shop)', 'keep it up', 'delighted',
    ],
    weight: 0.8,
  },
];
