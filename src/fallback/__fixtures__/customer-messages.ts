import type { EntityType } from '../../core/analysis.js';
import type { Customer } from '../../core/domain.js';

/**
 * A customer message with what a support lead would say about it: the intent, every entity
 * (type and normalised value) and the priority level. Messages are analysed with
 * `today: '2025-11-21'` and the US as default phone region.
 */
export interface CustomerMessageCase {
  readonly text: string;
  readonly intent: string;
  readonly priority: 'urgent' | 'high' | 'normal' | 'low';
  readonly entities?: readonly (readonly [EntityType, string])[];
  readonly customer?: Pick<Customer, 'ltv' | 'churnRisk' | 'vip'>;
}

const vip = { ltv: 3500, churnRisk: 0.8, vip: true } as const;
const regular = { ltv: 120, churnRisk: 0.1 } as const;

export const customerMessages: readonly CustomerMessageCase[] = [
  // order status
  { text: 'Where is my order #54321?', intent: 'order_status', priority: 'normal', entities: [['order_number', '54321']] },
  { text: "Hi, could you tell me the status of my order 88231? Thanks!", intent: 'order_status', priority: 'normal', entities: [['order_number', '88231']] },
  { text: 'Has my order shipped yet? Order number A-10293.', intent: 'order_status', priority: 'normal', entities: [['order_number', 'A-10293']] },
  { text: 'Can I get the tracking number for order #77120?', intent: 'order_status', priority: 'normal', entities: [['order_number', '77120']] },
  { text: 'When will my package arrive? I ordered on 11/14/2025.', intent: 'order_status', priority: 'normal', entities: [['date', '2025-11-14']] },
  { text: "What's the ETA on order 55012? Need it by Friday.", intent: 'order_status', priority: 'normal', entities: [['order_number', '55012']] },
  { text: 'Is my order out for delivery today?', intent: 'order_status', priority: 'normal', entities: [['date', '2025-11-21']] },
  { text: 'Any update on my order? Tracking 1Z999AA10123456784', intent: 'order_status', priority: 'normal', entities: [['tracking_number', '1Z999AA10123456784']] },
  { text: "Where's my parcel? My email is sam.lee@example.org", intent: 'order_status', priority: 'normal', entities: [['email', 'sam.lee@example.org']] },
  // shipping delay
  { text: "My order #54321 hasn't arrived yet and tracking shows no updates for 5 days.", intent: 'shipping_delay', priority: 'high', entities: [['order_number', '54321']] },
  { text: "It's been two weeks and my package still hasn't been delivered. This is ridiculous.", intent: 'shipping_delay', priority: 'urgent' },
  { text: 'The delivery is late again. Expected delivery was November 18.', intent: 'shipping_delay', priority: 'high', entities: [['date', '--11-18']] },
  { text: 'My parcel is stuck in transit since 2025-11-10.', intent: 'shipping_delay', priority: 'normal', entities: [['date', '2025-11-10']] },
  { text: 'Order 99812 was supposed to arrive on Monday. Still waiting.', intent: 'shipping_delay', priority: 'high', entities: [['order_number', '99812']] },
  { text: 'Why is my shipment delayed? I paid $25.00 for express shipping!', intent: 'shipping_delay', priority: 'normal', entities: [['money', '2500 USD']] },
  { text: 'I think my package got lost in the mail. Order #41007.', intent: 'shipping_delay', priority: 'normal', entities: [['order_number', '41007']] },
  { text: 'Still no sign of my delivery, it was due last week.', intent: 'shipping_delay', priority: 'high' },
  { text: "Package hasn't shown up. I need it for a trip tomorrow, please help urgently!", intent: 'shipping_delay', priority: 'urgent', entities: [['date', '2025-11-22']] },
  // damaged item
  { text: 'The vase arrived broken. Order #30211.', intent: 'damaged_item', priority: 'normal', entities: [['order_number', '30211']] },
  { text: 'My blender arrived damaged and the glass jar is cracked.', intent: 'damaged_item', priority: 'normal' },
  { text: 'The TV screen is shattered, this is unacceptable. I paid $899.99 for it.', intent: 'damaged_item', priority: 'high', entities: [['money', '89999 USD']] },
  { text: 'Box was crushed and two pieces are missing parts.', intent: 'damaged_item', priority: 'normal' },
  { text: 'The headphones are defective, the left side makes no sound.', intent: 'damaged_item', priority: 'normal' },
  { text: 'The charger started smoking and burned my desk! This is dangerous.', intent: 'damaged_item', priority: 'urgent' },
  { text: 'Received order 62114 with a torn seam on the jacket.', intent: 'damaged_item', priority: 'normal', entities: [['order_number', '62114']] },
  { text: 'The food I received had expired on 10/30/2025.', intent: 'damaged_item', priority: 'normal', entities: [['date', '2025-10-30']] },
  // refund
  { text: 'I want a refund for order #54321.', intent: 'refund', priority: 'normal', entities: [['order_number', '54321']] },
  { text: 'Please refund the $49.99 you charged me.', intent: 'refund', priority: 'normal', entities: [['money', '4999 USD']] },
  { text: 'When will I get my money back? I returned the shoes 3 weeks ago.', intent: 'refund', priority: 'normal' },
  { text: "My refund still hasn't shown up on my card. It's been 10 days.", intent: 'refund', priority: 'high' },
  { text: 'Refund me immediately or I will file a chargeback with my bank.', intent: 'refund', priority: 'urgent' },
  { text: 'Can I get reimbursement for the shipping fee of 12.50 EUR?', intent: 'refund', priority: 'normal', entities: [['money', '1250 EUR']] },
  { text: 'I was promised a refund of £30 on 5 November 2025 and never got it.', intent: 'refund', priority: 'normal', entities: [['money', '3000 GBP'], ['date', '2025-11-05']] },
  { text: 'Give me my money back. Worst purchase ever.', intent: 'refund', priority: 'normal' },
  // return
  { text: 'How do I return an item?', intent: 'return', priority: 'normal' },
  { text: 'The shoes are the wrong size, can I exchange them for a 42?', intent: 'return', priority: 'normal' },
  { text: 'I need a return label for order #88410.', intent: 'return', priority: 'normal', entities: [['order_number', '88410']] },
  { text: "The dress doesn't fit. I'd like to send it back.", intent: 'return', priority: 'normal' },
  { text: 'You sent me the wrong item, I ordered blue not red.', intent: 'return', priority: 'normal' },
  { text: 'Can I return a gift without a receipt?', intent: 'return', priority: 'normal' },
  { text: 'What is your returns policy? See https://shop.example.com/returns', intent: 'return', priority: 'normal', entities: [['url', 'https://shop.example.com/returns']] },
  { text: "I'd like to swap the jacket for a larger one, it's too small.", intent: 'return', priority: 'normal' },
  // cancellation
  { text: 'Please cancel my order #73001.', intent: 'cancellation', priority: 'normal', entities: [['order_number', '73001']] },
  { text: 'I want to cancel my subscription.', intent: 'cancellation', priority: 'normal' },
  { text: "Cancel order 45521 immediately, I don't want it anymore.", intent: 'cancellation', priority: 'high', entities: [['order_number', '45521']] },
  { text: 'How do I unsubscribe from the monthly box?', intent: 'cancellation', priority: 'normal' },
  { text: 'Please close my account and delete my data.', intent: 'cancellation', priority: 'normal' },
  { text: "I'm cancelling my membership, your service has been terrible.", intent: 'cancellation', priority: 'high' },
  { text: 'Can I still cancel if it was placed today?', intent: 'cancellation', priority: 'normal', entities: [['date', '2025-11-21']] },
  { text: 'Stop my subscription before the next renewal on Dec 1.', intent: 'cancellation', priority: 'normal', entities: [['date', '--12-01']] },
  // billing
  { text: 'I was charged twice for the same order.', intent: 'billing', priority: 'high' },
  { text: 'Can you send me an invoice for order #66120?', intent: 'billing', priority: 'normal', entities: [['order_number', '66120']] },
  { text: 'There is a charge of $129.00 on my statement that I do not recognise.', intent: 'billing', priority: 'normal', entities: [['money', '12900 USD']] },
  { text: 'My promo code did not apply at checkout.', intent: 'billing', priority: 'normal' },
  { text: 'Why was I billed 59 dollars this month?', intent: 'billing', priority: 'normal', entities: [['money', '5900 USD']] },
  { text: 'Unauthorized charge on my credit card! Fix this now.', intent: 'billing', priority: 'urgent' },
  { text: 'Please update the VAT number on my invoices.', intent: 'billing', priority: 'normal' },
  { text: 'The payment failed but money left my account. Call me at (415) 555-2671.', intent: 'billing', priority: 'high', entities: [['phone', '+14155552671']] },
  { text: 'I was overcharged by €15.', intent: 'billing', priority: 'high', entities: [['money', '1500 EUR']] },
  // technical problem
  { text: 'The app keeps crashing when I open my cart.', intent: 'technical_problem', priority: 'normal' },
  { text: 'I get an error 500 at checkout.', intent: 'technical_problem', priority: 'normal' },
  { text: "The website won't load on my phone.", intent: 'technical_problem', priority: 'normal' },
  { text: 'Your page shows a blank screen after I click pay. Screenshot: https://imgur.com/a/xyz123', intent: 'technical_problem', priority: 'normal', entities: [['url', 'https://imgur.com/a/xyz123']] },
  { text: 'The smart plug is not syncing with the app since the firmware update.', intent: 'technical_problem', priority: 'normal' },
  { text: 'There is a bug in the size guide, it shows the wrong chart.', intent: 'technical_problem', priority: 'normal' },
  { text: 'The app freezes every time I try to upload a photo. So frustrating.', intent: 'technical_problem', priority: 'high' },
  { text: "Checkout failed three times, I can't pay!", intent: 'technical_problem', priority: 'high' },
  // account access
  { text: "I can't log in to my account.", intent: 'account_access', priority: 'high' },
  { text: 'I forgot my password and the reset link never arrives.', intent: 'account_access', priority: 'normal' },
  { text: 'My account is locked after too many attempts.', intent: 'account_access', priority: 'normal' },
  { text: 'I think my account was hacked, someone changed my email to x99@mailinator.com!', intent: 'account_access', priority: 'urgent', entities: [['email', 'x99@mailinator.com']] },
  { text: "I'm not receiving the verification code on +44 7911 123456.", intent: 'account_access', priority: 'normal', entities: [['phone', '+447911123456']] },
  { text: 'How do I change my username?', intent: 'account_access', priority: 'normal' },
  { text: 'Two-factor authentication is not working, I am locked out.', intent: 'account_access', priority: 'high' },
  { text: 'Sign in keeps saying invalid password.', intent: 'account_access', priority: 'normal' },
  // sales questions
  { text: 'Do you ship to Canada?', intent: 'sales_question', priority: 'normal' },
  { text: 'How much is the premium plan?', intent: 'sales_question', priority: 'normal' },
  { text: 'Is the XL size back in stock?', intent: 'sales_question', priority: 'normal' },
  { text: 'Do you offer bulk discounts for orders over 100 units?', intent: 'sales_question', priority: 'normal' },
  { text: 'Can you send me a quote for 50 chairs? Reach me at buyer@acme-corp.com', intent: 'sales_question', priority: 'normal', entities: [['email', 'buyer@acme-corp.com']] },
  { text: 'Which model would you recommend for a small kitchen?', intent: 'sales_question', priority: 'normal' },
  { text: 'Is this lens compatible with a Canon R6?', intent: 'sales_question', priority: 'normal' },
  { text: 'Do you have gift cards?', intent: 'sales_question', priority: 'normal' },
  // complaints
  { text: 'Your customer service is terrible. Nobody answers the phone.', intent: 'complaint', priority: 'high' },
  { text: 'I am extremely disappointed with the quality.', intent: 'complaint', priority: 'high' },
  { text: 'This is the third time I contact you. I want to speak to a manager.', intent: 'complaint', priority: 'high' },
  { text: 'The delivery driver was rude and threw the box.', intent: 'complaint', priority: 'high' },
  { text: 'Absolutely appalling experience, never ordering again.', intent: 'complaint', priority: 'high' },
  { text: 'I will contact my lawyer if this is not resolved.', intent: 'complaint', priority: 'urgent' },
  { text: 'Total waste of money.', intent: 'complaint', priority: 'high' },
  { text: 'I am fed up with waiting for answers.', intent: 'complaint', priority: 'high' },
  // praise
  { text: 'Thank you so much, the support was excellent!', intent: 'praise', priority: 'low' },
  { text: 'Great service, the package arrived a day early.', intent: 'praise', priority: 'low' },
  { text: 'I love the new sofa, it looks amazing!', intent: 'praise', priority: 'low' },
  { text: 'Kudos to Maria who helped me on the phone.', intent: 'praise', priority: 'low' },
  { text: 'Just wanted to say I am really happy with my purchase.', intent: 'praise', priority: 'low' },
  { text: 'Five stars, would buy again. Awesome quality.', intent: 'praise', priority: 'low' },
  { text: 'Your team went above and beyond, I appreciate it.', intent: 'praise', priority: 'low' },
  // general / mixed
  { text: 'Hello?', intent: 'general_inquiry', priority: 'normal' },
  { text: 'What are your opening hours?', intent: 'general_inquiry', priority: 'normal' },
  { text: 'My name is Jane Doe, member MID-2025-11-03-11592, please call me back.', intent: 'general_inquiry', priority: 'normal', entities: [['person', 'Jane Doe'], ['member_id', 'MID-2025-11-03-11592']] },
  { text: 'Can I change the delivery address for order 50013 to 12 Baker Street?', intent: 'general_inquiry', priority: 'normal', entities: [['order_number', '50013']] },
  // customer value
  { text: 'Where is my order #54321?', intent: 'order_status', priority: 'high', entities: [['order_number', '54321']], customer: vip },
  { text: 'My order #54321 hasn\'t arrived yet...', intent: 'shipping_delay', priority: 'high', entities: [['order_number', '54321']], customer: vip },
  { text: 'The blender arrived damaged and I am really upset.', intent: 'damaged_item', priority: 'urgent', customer: vip },
  { text: 'Do you ship to Canada?', intent: 'sales_question', priority: 'normal', customer: regular },
  { text: 'Thanks, all sorted!', intent: 'praise', priority: 'low', customer: vip },
];
