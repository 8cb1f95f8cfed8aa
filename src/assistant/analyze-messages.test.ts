import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { trainIntentClassifier } from '../fallback/train-intent-classifier.js';
import { createOpenAIProvider } from '../providers/openai/index.js';
import { createFakeProviderServer, fake, type FakeProviderServer } from '../testing/fake-provider-server/index.js';
import { createCrmAssistant } from './create-crm-assistant.js';

const tenantId = 'acme';
const examples = [
  ...['my card has not arrived', 'when will my new card come', 'card still not delivered', 'waiting for my card to arrive', 'where is the card you sent'].map((text) => ({ text, intent: 'card_arrival' })),
  ...['i was charged twice', 'there is a duplicate payment', 'the same charge appears two times', 'double charge on my statement', 'you took the payment twice'].map((text) => ({ text, intent: 'duplicate_charge' })),
  ...['i forgot my pin', 'how do i reset my pin', 'my pin is blocked', 'change my card pin', 'pin not working at the atm'].map((text) => ({ text, intent: 'pin_help' })),
];
const classifier = trainIntentClassifier(examples, { calibration: 'none' });

let server: FakeProviderServer;
beforeAll(async () => {
  server = await createFakeProviderServer();
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

const withModel = (modelBelowConfidence?: number) =>
  createCrmAssistant({
    provider: createOpenAIProvider({ apiKey: 'sk-test-analysis', baseURL: server.openaiBaseURL }),
    analysis: { intentClassifier: classifier, ...(modelBelowConfidence === undefined ? {} : { modelBelowConfidence }) },
  });

describe('analyze and classify with a host-trained intent classifier', () => {
  it('answers from the trained classifier, with no provider at all', async () => {
    const assistant = createCrmAssistant({ analysis: { intentClassifier: classifier } });
    const result = await assistant.classify({ tenantId, message: 'I was charged twice this month' });
    expect(result).toMatchObject({ intent: 'duplicate_charge', source: 'rules', provider: 'rules' });
    expect(result.confidence).toBeGreaterThan(0);
  });

  it('takes the cheap path first: a confident local answer makes no model call', async () => {
    const result = await withModel(0.2).classify({ tenantId, message: 'my new card has still not arrived' });
    expect(result).toMatchObject({ intent: 'card_arrival', source: 'rules', degraded: false });
    expect(server.requests).toHaveLength(0);
  });

  it('asks the model when the local confidence is low, and keeps the local answer if the model fails', async () => {
    server.enqueue(fake.json({ intent: 'card_arrival', confidence: 0.9, alternatives: [] }));
    const asked = await withModel(0.99).classify({ tenantId, message: 'hello there' });
    expect(asked).toMatchObject({ intent: 'card_arrival', source: 'model', degraded: false });
    expect(server.requests).toHaveLength(1);

    server.script(() => fake.fault('server'));
    const failed = await withModel(0.99).classify({ tenantId, message: 'my pin is blocked' });
    expect(failed).toMatchObject({ intent: 'pin_help', source: 'rules', degraded: true });
  });

  it('uses a per-request classifier (one model per tenant) over the assistant’s', async () => {
    const other = trainIntentClassifier(
      [
        { text: 'where is my parcel', intent: 'parcel' },
        { text: 'parcel late', intent: 'parcel' },
        { text: 'invoice copy please', intent: 'invoice' },
        { text: 'send the invoice', intent: 'invoice' },
      ],
      { calibration: 'none' },
    );
    const assistant = createCrmAssistant({ analysis: { intentClassifier: classifier } });
    expect((await assistant.classify({ tenantId, message: 'send me the invoice', intentClassifier: other })).intent).toBe('invoice');
  });

  it('detects the language in every analysis, model or not', async () => {
    const assistant = createCrmAssistant({});
    const analysis = await assistant.analyze({ tenantId, message: '¿Dónde está mi pedido? Lo pedí hace dos semanas.' });
    expect(analysis.language?.language).toBe('es');
  });

  it('rejects a classifier that is not one, naming the field', () => {
    expect(() => createCrmAssistant({ analysis: { intentClassifier: {} as never } })).toThrow(ValidationError);
    expect(() => createCrmAssistant({ analysis: { modelBelowConfidence: 2 } })).toThrow(/modelBelowConfidence/);
  });
});
