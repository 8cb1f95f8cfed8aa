import type { KnowledgeDocument } from '../core/knowledge/knowledge-source.js';

/**
 * A question a customer might ask and the article that answers it (`null` when no article does).
 *
 * @example
 * ```ts
 * const question: LabelledQuestion = { question: 'How long until my money is back?', expected: 'refund-timing' };
 * ```
 */
export interface LabelledQuestion {
  readonly question: string;
  /** The id of the article that answers it, or `null` when the help center does not cover it. */
  readonly expected: string | null;
}

/**
 * A small help center for tests, demos and the retrieval benchmark: 20 articles of an online
 * shop with an internet plan (orders, shipping, returns, billing, accounts, connectivity), and
 * questions labelled with the article that answers them, worded the way customers write rather
 * than like the titles. `unanswerable` questions are not covered by any article.
 *
 * @example
 * ```ts
 * import { createMemoryKnowledgeSource } from 'crmkit';
 * import { createSampleHelpCenter } from 'crmkit/testing';
 *
 * const help = createSampleHelpCenter();
 * const knowledge = createMemoryKnowledgeSource();
 * await knowledge.index('demo', help.articles);
 * const [best] = await knowledge.search('demo', help.questions[0]!.question);
 * console.log(best?.documentId === help.questions[0]!.expected);
 * ```
 */
export interface SampleHelpCenter {
  readonly articles: readonly KnowledgeDocument[];
  /** Answerable questions, each labelled with its article. */
  readonly questions: readonly LabelledQuestion[];
  /** Questions no article answers (`expected: null`): a grounded assistant must decline them. */
  readonly unanswerable: readonly LabelledQuestion[];
}

const base = 'https://help.example.com/articles';

const article = (id: string, title: string, tags: string[], body: string): KnowledgeDocument => ({ id, title, url: `${base}/${id}`, tags, updated: '2025-11-01', body: body.trim() });

const articles: readonly KnowledgeDocument[] = [
  article('returns-policy', 'Returns and exchanges', ['orders', 'returns'], `
## Who can return an item
You can return most items within 30 days of delivery, unused and in their original packaging. Final-sale items, gift cards and opened software cannot be returned.

## How to start a return
Open Orders in your account, choose the order and select Return items. Print the prepaid label we email you and drop the parcel at any post office. Returns are free for customers in the US and the EU.

## Exchanges
To swap an item for another size or colour, start a return and choose Exchange. We ship the replacement as soon as the original is scanned by the carrier.`),
  article('refund-timing', 'When will I get my refund?', ['billing', 'returns'], `
## Refund times
Once your return arrives at our warehouse we inspect it within 2 business days. Refunds go back to the original payment method and usually appear within 5 to 7 business days, depending on your bank.

## Partial refunds
Items returned damaged or without their original packaging may receive a partial refund. We email you the amount before we process it.`),
  article('shipping-times', 'Shipping times and costs', ['shipping'], `
## Delivery times
Standard delivery takes 3 to 5 business days. Express delivery takes 1 to 2 business days when you order before 2 pm. Orders placed on weekends leave our warehouse on Monday.

## Delivery costs
Standard delivery is free on orders over $50; below that it costs $4.99. Express delivery costs $12.99 for any order size.`),
  article('international-shipping', 'International shipping and customs', ['shipping'], `
## Countries we ship to
We deliver to the US, Canada, the UK, the EU and Australia. International parcels take 7 to 14 business days.

## Customs duties and import taxes
For Canada and Australia, customs duties and import taxes are charged by the carrier on delivery and are paid by the recipient. UK and EU prices already include VAT.`),
  article('track-order', 'Track your order', ['orders', 'shipping'], `
## Finding your tracking number
When your order ships we email a tracking number and a link to the carrier's tracking page. You can also find it under Orders in your account.

## Tracking status meanings
"Label created" means the carrier has not scanned the parcel yet; it usually updates within 24 hours. "In transit" means the parcel is moving between carrier facilities.`),
  article('missing-package', 'My package is late or missing', ['orders', 'shipping'], `
## Parcel not arrived
If tracking shows no update for 5 business days, or the parcel is marked delivered but you cannot find it, check with neighbours and your building's mailroom first.

## What we do next
Contact us within 30 days of the expected delivery date. We open an investigation with the carrier and, if the parcel is lost, send a free replacement or a full refund.`),
  article('cancel-order', 'Cancel or change an order', ['orders'], `
## Cancelling an order
You can cancel an order from Orders in your account until it is packed, usually within 1 hour of purchase. After that, wait for delivery and return it for free.

## Changing the delivery address
Address changes are possible until the order ships. Contact support with your order number and the new address.`),
  article('reset-password', 'Reset your password', ['account'], `
## Forgot your password
On the sign-in page choose Forgot password and enter your email. We send a reset link that is valid for 1 hour. Check your spam folder if it does not arrive within a few minutes.

## Changing your password
When signed in, open Settings, then Security, and choose Change password. Changing it signs you out of every other device.`),
  article('two-factor', 'Two-factor authentication', ['account', 'security'], `
## Turning on two-factor authentication
Open Settings, then Security, and choose Two-factor authentication. Scan the QR code with an authenticator app such as Google Authenticator or 1Password and enter the 6-digit code.

## Lost phone or authenticator
Use one of the backup codes you saved when you turned on two-factor authentication. Without a backup code, contact support with a photo ID to verify your identity.`),
  article('delete-account', 'Close or delete your account', ['account', 'privacy'], `
## Deleting your account
Open Settings, then Privacy, and choose Delete account. We erase your personal data within 30 days, except invoices we must keep for 7 years by law.

## Before you delete
Cancel any active subscription first and download invoices you may need. A deleted account cannot be restored.`),
  article('payment-methods', 'Payment methods we accept', ['billing'], `
## Accepted payment methods
We accept Visa, Mastercard, American Express, PayPal, Apple Pay and Google Pay. Business customers can pay by bank transfer on invoice with 30-day terms.

## Failed payments
A card payment can fail when the billing address does not match your bank's records or 3-D Secure verification times out. Try again or use another method.`),
  article('double-charge', 'I was charged twice', ['billing'], `
## Duplicate charges
A second charge is often a temporary authorisation hold that your bank releases within 3 to 5 business days. Check whether both charges are still pending.

## Getting a duplicate charge refunded
If both charges have settled, send us the last four digits of the card and the dates of both charges. We refund the duplicate within 2 business days.`),
  article('invoices', 'Download invoices and receipts', ['billing'], `
## Finding your invoices
Every order and subscription payment has a PDF invoice under Billing, then Invoices, in your account.

## Company details on invoices
To add a company name or VAT number, update Billing details before you order. Invoices already issued cannot be changed, but we can issue a corrected copy on request.`),
  article('subscription-plans', 'Plans and pricing', ['billing', 'internet'], `
## Internet plans
Basic gives 100 Mbps for $35 a month, Plus gives 500 Mbps for $55 a month and Gigabit gives 1 Gbps for $75 a month. Every plan has unlimited data and no contract.

## Changing plans
Upgrades take effect immediately and are charged pro rata. Downgrades apply from your next billing date.`),
  article('cancel-subscription', 'Cancel your subscription', ['billing', 'internet'], `
## Cancelling your internet plan
Cancel any time from Billing, then Subscription, or by calling support. Service continues until the end of the current billing period, and there is no cancellation fee.

## Returning equipment
Return the router within 30 days of cancelling with the prepaid box we send you, or a $120 equipment fee is charged.`),
  article('wifi-troubleshooting', 'Fix a slow or dropped internet connection', ['internet', 'troubleshooting'], `
## Slow speeds
Restart the router by unplugging it for 30 seconds. Move it to a central, raised spot away from microwaves and thick walls, and use the 5 GHz network for devices near it.

## Connection keeps dropping
Check that the cable from the wall socket is firmly connected and that the router's status light is solid white. A blinking red light means an outage in your area: check the status page before calling us.`),
  article('router-setup', 'Set up your router', ['internet'], `
## First-time setup
Connect the router's WAN port to the wall socket with the grey cable, plug in the power and wait until the light turns solid white, about 5 minutes.

## Wi-Fi name and password
The default network name and password are printed on the sticker under the router. Change them in the app under Network, then Wi-Fi settings.`),
  article('contact-support', 'Contact support and opening hours', ['support'], `
## Opening hours
Our support team answers chat and phone from 8 am to 8 pm, Monday to Saturday, Eastern Time. Email replies arrive within one business day.

## Reaching a person
Call 1-800-555-0199, use the chat in the app, or write to support@example.com. Have your account email or order number ready.`),
  article('warranty', 'Product warranty and repairs', ['orders', 'warranty'], `
## Warranty cover
Every product has a 2-year warranty against manufacturing defects. Accidental damage, water damage and normal wear are not covered.

## Making a warranty claim
Start a claim under Orders, then Warranty, with photos of the defect. We repair or replace the item, or refund it if neither is possible.`),
  article('loyalty-points', 'Reward points', ['loyalty'], `
## Earning points
You earn 1 point for every dollar you spend. Points appear in your account 14 days after delivery, once the return window has closed.

## Redeeming points
100 points are worth $5 off your next order. Points expire after 12 months without a purchase.`),
];

const questions: readonly LabelledQuestion[] = [
  { question: 'Can I send back shoes I bought three weeks ago?', expected: 'returns-policy' },
  { question: 'How do I return an item?', expected: 'returns-policy' },
  { question: 'I want a different size, can I exchange it?', expected: 'returns-policy' },
  { question: 'How long until my money is back after a return?', expected: 'refund-timing' },
  { question: 'My refund has not shown up on my card yet', expected: 'refund-timing' },
  { question: 'How many days does standard delivery take?', expected: 'shipping-times' },
  { question: 'Is shipping free?', expected: 'shipping-times' },
  { question: 'Do you ship to Canada and will I pay import taxes?', expected: 'international-shipping' },
  { question: 'Which countries do you deliver to?', expected: 'international-shipping' },
  { question: 'Where can I find my tracking number?', expected: 'track-order' },
  { question: 'What does label created mean on the tracking page?', expected: 'track-order' },
  { question: 'Tracking says delivered but the parcel is not here', expected: 'missing-package' },
  { question: 'My package is lost, will you send a replacement?', expected: 'missing-package' },
  { question: 'I ordered by mistake, can I cancel it?', expected: 'cancel-order' },
  { question: 'Can I change the shipping address on my order?', expected: 'cancel-order' },
  { question: "I forgot my password and can't sign in", expected: 'reset-password' },
  { question: 'The password reset link never arrived', expected: 'reset-password' },
  { question: 'How do I set up an authenticator app for my login?', expected: 'two-factor' },
  { question: 'I lost my phone with the 2FA codes', expected: 'two-factor' },
  { question: 'Please erase all my personal data and remove my account', expected: 'delete-account' },
  { question: 'Can I restore a deleted account?', expected: 'delete-account' },
  { question: 'Do you take PayPal or Apple Pay?', expected: 'payment-methods' },
  { question: 'Why was my card declined at checkout?', expected: 'payment-methods' },
  { question: 'I see two identical charges on my statement', expected: 'double-charge' },
  { question: 'You billed me twice for one order', expected: 'double-charge' },
  { question: 'Where do I download a PDF invoice?', expected: 'invoices' },
  { question: 'I need my VAT number on the receipt', expected: 'invoices' },
  { question: 'How much is the gigabit internet plan?', expected: 'subscription-plans' },
  { question: 'If I upgrade my plan when does it start?', expected: 'subscription-plans' },
  { question: 'Is there a fee to cancel my internet service?', expected: 'cancel-subscription' },
  { question: 'What happens to the router when I cancel?', expected: 'cancel-subscription' },
  { question: 'My wifi is really slow in the evening', expected: 'wifi-troubleshooting' },
  { question: 'The router light is blinking red and the connection keeps dropping', expected: 'wifi-troubleshooting' },
  { question: 'How do I connect a new router to the wall socket?', expected: 'router-setup' },
  { question: 'Where is the default wifi password?', expected: 'router-setup' },
  { question: 'What time does customer service open?', expected: 'contact-support' },
  { question: 'What is your support phone number?', expected: 'contact-support' },
  { question: 'My headphones stopped working after a year, is that covered?', expected: 'warranty' },
  { question: 'Does the warranty cover water damage?', expected: 'warranty' },
  { question: 'How many points do I earn per dollar?', expected: 'loyalty-points' },
  { question: 'Do reward points expire?', expected: 'loyalty-points' },
];

const unanswerable: readonly LabelledQuestion[] = [
  { question: 'Do you have a physical store in Paris?', expected: null },
  { question: 'Who is the CEO of the company?', expected: null },
  { question: 'Can I pay with bitcoin?', expected: null },
  { question: 'Do you offer student discounts?', expected: null },
  { question: 'Is there a mobile hotspot add-on for travel?', expected: null },
];

/**
 * The sample help center (see {@link SampleHelpCenter}): the same articles and questions on every
 * call.
 *
 * @example
 * ```ts
 * import { createSampleHelpCenter } from 'crmkit/testing';
 *
 * const { articles, questions, unanswerable } = createSampleHelpCenter();
 * console.log(articles.length, questions.length, unanswerable.length); // 20 41 5
 * ```
 */
export function createSampleHelpCenter(): SampleHelpCenter {
  return { articles, questions, unanswerable };
}
