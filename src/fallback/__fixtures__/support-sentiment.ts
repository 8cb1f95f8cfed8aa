/**
 * Support messages with the sentiment a help desk agent would give them: threats to leave or
 * charge back, waiting, being ignored, sarcasm, emoji, and plain requests that carry no mood.
 * Written for crmkit's tests; `npm run eval` also scores the `sentiment` package on them.
 */
export const supportSentiment: readonly { readonly text: string; readonly label: 'negative' | 'positive' | 'neutral' }[] = [
  ...[
    "I've been charged twice for the same order and nobody answers my emails. Refund me today or I'll file a chargeback.",
    'Still waiting for my parcel.',
    'I called three times and nobody answers.',
    'No response to my emails for a week.',
    "If this isn't fixed I'm switching to another provider.",
    "I'll dispute the charge with my bank.",
    'The app keeps crashing.',
    'It stopped working after two days.',
    'Oh great, another delay 🙄',
    'Thanks for nothing.',
    'Yeah right, "arriving tomorrow" again.',
    'Five days late 😡',
    'what a rip off',
    'Love that I have to call every day to get an answer.',
    'Cancel my subscription, I am done with this.',
    'Third time asking: where is my refund?',
    'I was double charged and the chat bot keeps ignoring me.',
    'My order never arrived and you closed my ticket.',
  ].map((text) => ({ text, label: 'negative' as const })),
  ...['Works perfectly now, thank you so much!', 'Problem solved, great support 👍', 'I like it a lot', 'Five stars, fast shipping :)', 'Thanks! 😍', 'Maria went above and beyond, kudos to her.', 'Arrived early and works great.'].map((text) => ({ text, label: 'positive' as const })),
  ...["I'd like a refund for order 54321.", 'Please help me change my address.', 'It looks like the parcel is in Leeds.', 'What are your opening hours?', 'Can I change the delivery date?', 'My order number is 54321.'].map((text) => ({ text, label: 'neutral' as const })),
];
