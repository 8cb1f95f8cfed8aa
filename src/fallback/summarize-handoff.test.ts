import { describe, expect, it } from 'vitest';
import { summarizeHandoff } from './summarize-handoff.js';

describe('summarizeHandoff', () => {
  it('handles a session with no customer message yet', () => {
    const summary = summarizeHandoff({ turns: [], reason: 'Customer asked for a human on the phone' });
    expect(summary).toMatchObject({ tried: [], openQuestion: null, sentimentTrend: 'unknown', references: { orders: [], tickets: [] }, source: 'rules' });
    expect(summary.problem).toContain('Customer asked for a human on the phone');
  });

  it('finds order references in every common spelling, once each, and keeps the last 5 distinct attempts', () => {
    const summary = summarizeHandoff({
      reason: 'Order number 77123 too',
      turns: [
        { role: 'user', content: 'Order #54321 and order no. 60077 are both wrong, see ticket t-0412.' },
        ...Array.from({ length: 7 }, (_, index) => ({ role: 'assistant' as const, content: `Step ${index + 1} done. More detail here.` })),
        { role: 'assistant', content: 'Step 7 done. Again.' },
        { role: 'user', content: 'Thanks, that is much better now, great help!' },
      ],
    });
    expect(summary.references).toEqual({ orders: ['#54321', '#60077', '#77123'], tickets: ['T-0412'] });
    expect(summary.tried).toEqual(['Step 3 done.', 'Step 4 done.', 'Step 5 done.', 'Step 6 done.', 'Step 7 done.']);
    expect(summary.sentimentTrend).toBe('improving');
    expect(summary.openQuestion).toBeNull();
  });

  it('takes what a model wrote and keeps the computed references and trend', () => {
    const summary = summarizeHandoff({
      reason: 'Billing',
      turns: [{ role: 'user', content: 'Charged twice for #54321?' }],
      written: { problem: 'Double charge on #54321.', tried: [], openQuestion: 'When is the refund?' },
    });
    expect(summary).toMatchObject({ source: 'model', problem: 'Double charge on #54321.', openQuestion: 'When is the refund?', references: { orders: ['#54321'], tickets: [] } });
  });
});
