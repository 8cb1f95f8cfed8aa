import { describe, expect, it } from 'vitest';
import { forEachTerm, storedTerm } from './intent-features.js';
import { loadIntentClassifier, type IntentClassifierModel } from './load-intent-classifier.js';
import { trainIntentClassifier, type IntentExample, type TrainIntentClassifierOptions } from './train-intent-classifier.js';

const phrasings: Record<string, string[]> = {
  order_status: ['where is my order', 'has my parcel shipped yet', 'when will my package arrive', 'track my order please', 'my delivery status', 'is my order on its way'],
  refund: ['i want my money back', 'please refund my payment', 'how do i get a refund', 'refund the charge', 'return the money to my card', 'i need a refund for this'],
  top_up: ['how do i top up', 'top up my account', 'add money to my card', 'my top up was declined', 'load funds please', 'topping up by card'],
};
const examples: IntentExample[] = Object.entries(phrasings).flatMap(([intent, texts]) => texts.map((text) => ({ text, intent })));

/** The model's probabilities computed from their definition: every term as a string, tf-idf per block, the dot product, the softmax. */
function byDefinition(model: IntentClassifierModel, text: string): number[] {
  const indexOf = new Map(model.terms.map((term, index) => [term, index]));
  const counts = new Map<number, number>();
  forEachTerm(text, model.settings, (term, block) => {
    const index = indexOf.get(storedTerm(term, block));
    if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
  });
  const blockOf = (index: number): 'word' | 'char' | 'concept' => ((model.terms[index] as string).startsWith('c') ? 'char' : (model.terms[index] as string).startsWith('w=') ? 'concept' : 'word');
  const values = new Map([...counts].map(([index, times]) => [index, (1 + Math.log(times)) * (model.idf[index] as number)]));
  const norms = { word: 0, char: 0, concept: 0 };
  for (const [index, value] of values) norms[blockOf(index)] += value * value;
  const weightOf = { word: model.settings.wordWeight ?? 1, char: 1, concept: model.settings.lexiconWeight ?? 1 };
  const scores = [...model.bias];
  for (const [index, value] of values) {
    const scaled = (value * weightOf[blockOf(index)]) / Math.sqrt(norms[blockOf(index)]);
    const list = model.weights[index] as readonly number[];
    for (let at = 0; at < list.length; at += 2) scores[list[at] as number] = (scores[list[at] as number] as number) + scaled * (list[at + 1] as number) * model.weightScale;
  }
  const logits = scores.map((score) => score / model.temperature);
  const max = Math.max(...logits);
  const sum = logits.reduce((total, logit) => total + Math.exp(logit - max), 0);
  return logits.map((logit) => Math.exp(logit - max) / sum);
}

const messages = [
  'where is my order',
  'refund refund my order, order, ORDER', // the same words again: n-grams met several times
  'banana ananas nana', // n-grams repeated inside one word
  'my topup was declined twice, can I add money?',
  'pasword resett plz, wher iz my parsel', // words the model does not know
  'Café crème, naïve résumé — £20 refund',
  '',
  '🙂',
  'a'.repeat(300),
  Array.from({ length: 120 }, (_, index) => (index % 3 === 0 ? 'order' : index % 3 === 1 ? 'refund' : `word${index}`)).join(' '),
];

describe('intent classification computes the model’s features and weights exactly', () => {
  const variants: [string, TrainIntentClassifierOptions][] = [
    ['default features', { calibration: 'none' }],
    ['word unigrams, no lexicon', { calibration: 'none', wordNgrams: 1, lexicon: false }],
    ['no char n-grams', { calibration: 'none', charNgrams: [0, 0] }],
    ['char 3–4-grams, word weight 0.5', { calibration: 'none', charNgrams: [3, 4], wordWeight: 0.5 }],
  ];
  for (const [name, options] of variants) {
    it(`matches the definition with ${name}`, () => {
      const classifier = trainIntentClassifier(examples, options);
      const model = classifier.toJSON();
      for (const text of messages) {
        const expected = byDefinition(model, text);
        const probabilities = [...classifier.probabilities(text)];
        probabilities.forEach((probability, index) => expect(probability).toBeCloseTo(expected[index] as number, 12));
      }
    });
  }

  it('answers the same for a message seen before, after others, and in another loaded copy of the model', () => {
    const classifier = trainIntentClassifier(examples, { calibration: 'none' });
    const first = messages.map((text) => classifier.classify(text, { outOfScopeThreshold: 0 }));
    const other = loadIntentClassifier(JSON.parse(JSON.stringify(trainIntentClassifier(examples, { calibration: 'none', wordWeight: 0.5 }))));
    for (const text of [...messages].reverse()) other.classify(text);
    expect(messages.map((text) => classifier.classify(text, { outOfScopeThreshold: 0 }))).toEqual(first);
    const copy = loadIntentClassifier(JSON.parse(JSON.stringify(classifier)));
    expect(messages.map((text) => copy.classify(text, { outOfScopeThreshold: 0 }))).toEqual(first);
  });

  it('loads a model whose weights are not whole numbers and scores it the same', () => {
    const model = JSON.parse(JSON.stringify(trainIntentClassifier(examples, { calibration: 'none' }))) as IntentClassifierModel;
    const fractional = { ...model, weightScale: model.weightScale * 3, weights: model.weights.map((list) => list.map((value, index) => (index % 2 === 0 ? value : value / 3))) };
    expect(fractional.weights.flat().some((value) => !Number.isInteger(value))).toBe(true);
    const original = loadIntentClassifier(model);
    const loaded = loadIntentClassifier(fractional);
    for (const text of messages) {
      const expected = original.probabilities(text);
      loaded.probabilities(text).forEach((probability, index) => expect(probability).toBeCloseTo(expected[index] as number, 12));
    }
  });
});
