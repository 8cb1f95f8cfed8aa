import { describe, expect, it } from 'vitest';
import { messageAnalysisSchema } from '../core/analysis.js';
import { ValidationError } from '../core/errors.js';
import { customerMessages } from './__fixtures__/customer-messages.js';
import { analyzeMessage } from './analyze-message.js';
import { analyzeSentiment } from './analyze-sentiment.js';
import { assessPriority } from './assess-priority.js';
import { classifyIntent } from './classify-intent.js';
import { defaultIntents } from './default-intents.js';
import { extractEntities } from './extract-entities.js';

const today = '2025-11-21';

describe('analyzeMessage (table of customer messages)', () => {
  it('has at least 100 messages covering every default intent', () => {
    expect(customerMessages.length).toBeGreaterThanOrEqual(100);
    const intents = new Set(customerMessages.map((message) => message.intent));
    for (const rule of defaultIntents) expect(intents).toContain(rule.intent);
  });

  it.each(customerMessages)('$text → $intent / $priority', (message) => {
    const analysis = analyzeMessage(message.text, { today, ...(message.customer ? { customer: message.customer } : {}) });
    expect(messageAnalysisSchema.parse(analysis)).toEqual(analysis);
    expect(analysis.source).toBe('rules');
    expect(analysis.intent?.intent).toBe(message.intent);
    expect(analysis.priority?.level).toBe(message.priority);
    const entities = (analysis.entities ?? []).map((entity) => [entity.type, entity.normalized ?? entity.value]);
    expect(entities).toEqual(expect.arrayContaining((message.entities ?? []).map((entity) => [...entity])));
    expect(entities).toHaveLength(message.entities?.length ?? 0);
  });

  it('runs only the analyses asked for', () => {
    const analysis = analyzeMessage('Refund me now', { types: ['intent'] });
    expect(Object.keys(analysis).sort()).toEqual(['intent', 'source']);
  });

  it('rejects unknown analysis types by name', () => {
    expect(() => analyzeMessage('hi', { types: ['mood' as never] })).toThrow(/Unknown analysis type\(s\) "mood"/);
    expect(() => analyzeMessage(undefined as unknown as string)).toThrow(ValidationError);
  });
});

describe('analyzeSentiment', () => {
  it('maps onto the 0–1 scale with 0.5 neutral', () => {
    expect(analyzeSentiment('The parcel is in the hallway')).toEqual({ label: 'neutral', score: 0.5, confidence: 0.5 });
    expect(analyzeSentiment('I love it, great job').label).toBe('positive');
    expect(analyzeSentiment('This is terrible and I am angry').score).toBeLessThan(0.3);
  });

  it('flips negated words and weighs intensified ones more', () => {
    expect(analyzeSentiment('good').label).toBe('positive');
    expect(analyzeSentiment('not good').label).toBe('negative');
    expect(analyzeSentiment('not bad at all').label).toBe('positive');
    expect(analyzeSentiment('very bad').score).toBeLessThan(analyzeSentiment('bad').score);
    expect(analyzeSentiment('slightly bad').score).toBeGreaterThan(analyzeSentiment('bad').score);
  });

  it('weighs what follows "but" more than what precedes it', () => {
    expect(analyzeSentiment('The box was nice but the product is broken and useless').label).toBe('negative');
  });

  it('reads shouting and exclamation marks as stronger', () => {
    expect(analyzeSentiment('this is BAD').score).toBeLessThan(analyzeSentiment('this is bad').score);
    expect(analyzeSentiment('this is bad!!!').score).toBeLessThan(analyzeSentiment('this is bad').score);
  });

  it("treats support phrasing as neutral and accepts the host's lexicon", () => {
    expect(analyzeSentiment("I'd like some help please").label).toBe('neutral');
    expect(analyzeSentiment('the refund', { lexicon: { refund: -2 } }).label).toBe('negative');
  });
});

describe('classifyIntent', () => {
  it('reports runners-up as alternatives', () => {
    const intent = classifyIntent('I was charged twice for order #54321, I want a refund');
    expect(intent.intent).toBe('refund');
    expect(intent.alternatives.map((alternative) => alternative.intent)).toContain('billing');
    expect(intent.confidence).toBeGreaterThan(intent.alternatives[0]?.confidence ?? 1);
  });

  it('falls back to general_inquiry with low confidence', () => {
    expect(classifyIntent('Hello there')).toEqual({ intent: 'general_inquiry', confidence: 0.3, alternatives: [] });
  });

  it('takes a custom intent table', () => {
    const intents = [...defaultIntents, { intent: 'warranty_claim', cues: ['warranty', 'guarantee'], weight: 2 }];
    expect(classifyIntent('Is this covered by the warranty?', { intents }).intent).toBe('warranty_claim');
  });

  it('rejects a broken table naming the row', () => {
    expect(() => classifyIntent('x', { intents: [{ intent: '', cues: ['('] }] })).toThrow(/intents\[0\]\.intent[\s\S]*intents\[0\]\.cues/);
  });
});

describe('extractEntities', () => {
  it('normalises phones to E.164, money to minor units and dates to ISO', () => {
    expect(extractEntities('Call (415) 555-2671 about $1,299.50 on Nov 3rd, 2025')).toEqual([
      { type: 'phone', value: '(415) 555-2671', normalized: '+14155552671' },
      { type: 'money', value: '$1,299.50', normalized: '129950 USD' },
      { type: 'date', value: 'Nov 3rd, 2025', normalized: '2025-11-03' },
    ]);
  });

  it('reads numeric dates day-first outside the US', () => {
    expect(extractEntities('on 03/04/2025', { defaultRegion: 'GB' })).toEqual([{ type: 'date', value: '03/04/2025', normalized: '2025-04-03' }]);
    expect(extractEntities('on 03/04/2025')).toEqual([{ type: 'date', value: '03/04/2025', normalized: '2025-03-04' }]);
  });

  it('never reads a member id as a date or an order number as a phone', () => {
    expect(extractEntities('MID-2025-11-03-11592 asked about order 2125551234')).toEqual([
      { type: 'member_id', value: 'MID-2025-11-03-11592', normalized: 'MID-2025-11-03-11592' },
      { type: 'order_number', value: '2125551234', normalized: '2125551234' },
    ]);
  });

  it('rejects impossible dates', () => {
    expect(extractEntities('on 2025-02-30 or 31 June')).toEqual([]);
  });
});

describe('assessPriority', () => {
  it('explains every point it adds', () => {
    const priority = assessPriority({ text: 'Third time asking. I will file a chargeback today.', sentiment: { score: 0.15 }, customer: { ltv: 3500, churnRisk: 0.8, vip: true } });
    expect(priority.level).toBe('urgent');
    expect(priority.score).toBe(1);
    expect(priority.reasons).toEqual([
      'threatens a chargeback',
      'time-bound',
      'repeat contact or recurring problem',
      'frustrated customer (sentiment 0.15)',
      'VIP customer',
      'lifetime value 3,500',
      'churn risk 80%',
    ]);
  });

  it('does not let frustration alone lift a message out of normal', () => {
    expect(assessPriority({ text: 'This is bad', sentiment: { score: 0.1 } }).level).toBe('normal');
  });
});
