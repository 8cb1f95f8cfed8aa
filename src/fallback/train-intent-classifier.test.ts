import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { banking77Directory, examplesPerIntent, readExamples, stratifiedSplit } from '../../scripts/eval/banking77.js';
import { loadIntentClassifier } from './load-intent-classifier.js';
import { trainIntentClassifier, type IntentExample } from './train-intent-classifier.js';

const phrasings: Record<string, string[]> = {
  order_status: ['where is my order', 'has my parcel shipped yet', 'when will my package arrive', 'track my order please', 'my delivery status', 'is my order on its way'],
  refund: ['i want my money back', 'please refund my payment', 'how do i get a refund', 'refund the charge', 'return the money to my card', 'i need a refund for this'],
  password_reset: ['i forgot my password', 'reset my password please', 'cannot log in, password wrong', 'how do i change my password', 'password reset link not working', 'locked out, need new password'],
};
const examples: IntentExample[] = Object.entries(phrasings).flatMap(([intent, texts]) => texts.map((text) => ({ text, intent })));

describe('trainIntentClassifier', () => {
  const classifier = trainIntentClassifier(examples, { calibration: 'none' });

  it('learns the host’s own intents from labelled examples, typos included', () => {
    expect(classifier.intents).toEqual(['order_status', 'password_reset', 'refund']);
    expect(classifier.classify('where is my parcel').intent).toBe('order_status');
    expect(classifier.classify('I would like a refund of my payment').intent).toBe('refund');
    expect(classifier.classify('forgot my pasword, reset it').intent).toBe('password_reset');
  });

  it('returns probabilities that sum to 1 and alternatives in falling order', () => {
    const probabilities = classifier.probabilities('refund my order');
    expect([...probabilities].reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 6);
    const result = classifier.classify('refund my order', { maxAlternatives: 2, outOfScopeThreshold: 0 });
    expect(result.alternatives).toHaveLength(2);
    const confidences = [result.confidence, ...result.alternatives.map((entry) => entry.confidence)];
    expect([...confidences].sort((a, b) => b - a)).toEqual(confidences);
    expect(result.alternatives.map((entry) => entry.intent)).not.toContain(result.intent);
  });

  it('answers out of scope under the threshold, with the best known intents as alternatives', () => {
    const result = classifier.classify('zebra quantum violin', { outOfScopeThreshold: 0.9 });
    expect(result).toMatchObject({ intent: 'out_of_scope', outOfScope: true });
    expect(result.alternatives).toHaveLength(3);
    expect(result.confidence).toBe(result.alternatives[0]?.confidence);
    const named = trainIntentClassifier(examples, { calibration: 'none', outOfScopeThreshold: 0.99, outOfScopeIntent: 'human_needed' });
    expect(named.classify('zebra').intent).toBe('human_needed');
  });

  it('survives a JSON round trip with identical answers', () => {
    const stored = JSON.stringify(classifier);
    const loaded = loadIntentClassifier(JSON.parse(stored));
    for (const text of ['where is my parcel', 'refund please', 'password', '', '🙂']) expect(loaded.classify(text)).toEqual(classifier.classify(text));
  });

  it('is reproducible for a seed', () => {
    const again = trainIntentClassifier(examples, { calibration: 'none' });
    expect(JSON.stringify(again)).toBe(JSON.stringify(classifier));
  });

  it('fits a softmax temperature on held-out examples when asked', () => {
    const calibrated = trainIntentClassifier(examples, { calibration: 'holdout', calibrationShare: 0.34 });
    expect(calibrated.toJSON().temperature).not.toBe(1);
    expect(classifier.toJSON().temperature).toBe(1);
    expect(calibrated.classify('where is my order').intent).toBe('order_status');
  });

  it('weighs the word block as told, stores the weight, and classifies the same after loading', () => {
    const light = trainIntentClassifier(examples, { calibration: 'none', wordWeight: 0.5 });
    expect(light.toJSON().settings.wordWeight).toBe(0.5);
    expect(classifier.toJSON().settings.wordWeight).toBe(1);
    expect(light.probabilities('refund my order')).not.toEqual(classifier.probabilities('refund my order'));
    const loaded = loadIntentClassifier(JSON.parse(JSON.stringify(light)));
    for (const text of ['where is my parcel', 'refund please', 'pasword']) expect(loaded.classify(text)).toEqual(light.classify(text));
  });

  it('picks the word weight on the calibration holdout unless one is given', () => {
    const calibrated = trainIntentClassifier(examples, { calibration: 'holdout', calibrationShare: 0.34 });
    expect([1, 0.5]).toContain(calibrated.toJSON().settings.wordWeight);
    const given = trainIntentClassifier(examples, { calibration: 'holdout', calibrationShare: 0.34, wordWeight: 2 });
    expect(given.toJSON().settings.wordWeight).toBe(2);
    expect(given.classify('where is my order').intent).toBe('order_status');
  });

  it('hears a synonym no example used through the lexicon, and not without it', () => {
    const topUps: IntentExample[] = [
      ...['how do i top up', 'top up my account', 'i want to top up', 'can i top up by card'].map((text) => ({ text, intent: 'top_up' })),
      ...['how do i change my address', 'update my address', 'i moved house, new address', 'change the address on file'].map((text) => ({ text, intent: 'edit_address' })),
    ];
    const withLexicon = trainIntentClassifier(topUps, { calibration: 'none' });
    expect(withLexicon.toJSON().settings).toMatchObject({ lexicon: 1, lexiconWeight: 0.7 });
    expect(withLexicon.classify('how can I load funds', { outOfScopeThreshold: 0 }).intent).toBe('top_up');
    const without = trainIntentClassifier(topUps, { calibration: 'none', lexicon: false });
    expect(without.toJSON().settings.lexicon).toBe(0);
    expect(without.toJSON().terms.some((term) => term.startsWith('w='))).toBe(false);
    expect(without.probabilities('how can I load funds')[1]).toBeLessThan(withLexicon.probabilities('how can I load funds')[1] as number);
  });

  it('rejects bad examples and options, naming each field', () => {
    expect(() => trainIntentClassifier([{ text: 'a', intent: 'x' }])).toThrow(/at least two different intents/);
    expect(() => trainIntentClassifier('nope' as never)).toThrow(ValidationError);
    try {
      trainIntentClassifier([{ text: 1, intent: '' }] as never, { regularization: -1, wordWeight: 0, charNgrams: [4, 2], calibration: 'cv' as never, outOfScopeThreshold: 1, lexicon: 'yes' as never, lexiconWeight: Number.NaN });
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(
        expect.arrayContaining(['examples[0].text', 'examples[0].intent', 'regularization', 'wordWeight', 'charNgrams', 'calibration', 'outOfScopeThreshold', 'lexicon', 'lexiconWeight']),
      );
    }
  });

  it('classify rejects a non-string message', () => {
    expect(() => classifier.classify(42 as never)).toThrow(ValidationError);
  });
});

describe('loadIntentClassifier', () => {
  it('rejects anything that is not a model of this format', () => {
    expect(() => loadIntentClassifier('{}')).toThrow(/JSON.parse the stored model/);
    expect(() => loadIntentClassifier({ format: 'other', version: 1 })).toThrow(/retrain/);
    const model = JSON.parse(JSON.stringify(trainIntentClassifier(examples, { calibration: 'none' })));
    expect(() => loadIntentClassifier({ ...model, weights: model.weights.slice(1) })).toThrow(/one weight list per term/);
    expect(() => loadIntentClassifier({ ...model, weights: model.weights.map(() => [99, 1]) })).toThrow(/known intent indices/);
    expect(() => loadIntentClassifier({ ...model, temperature: 0 })).toThrow(/temperature/);
    expect(() => loadIntentClassifier({ ...model, settings: { ...model.settings, wordWeight: -1 } })).toThrow(/settings.wordWeight/);
    expect(() => loadIntentClassifier({ ...model, settings: { ...model.settings, lexiconWeight: 0 } })).toThrow(/settings.lexiconWeight/);
  });

  it('refuses a model from a newer crmkit or with a lexicon it does not implement, with a typed error naming the field', () => {
    const model = JSON.parse(JSON.stringify(trainIntentClassifier(examples, { calibration: 'none' })));
    expect(model.version).toBe(2);
    const refused = (candidate: unknown): ValidationError => {
      try {
        loadIntentClassifier(candidate);
      } catch (error) {
        expect(ValidationError.isInstance(error)).toBe(true);
        return error as ValidationError;
      }
      return expect.unreachable();
    };
    expect(refused({ ...model, version: 3 }).issues).toEqual([expect.objectContaining({ path: 'version', message: expect.stringMatching(/retrain/) })]);
    expect(refused({ ...model, settings: { ...model.settings, lexicon: 2 } }).issues).toEqual([expect.objectContaining({ path: 'settings.lexicon' })]);
    // A version 1 model predates the lexicon: one that claims it is not what version 1 wrote.
    expect(refused({ ...model, version: 1 }).issues).toEqual([expect.objectContaining({ path: 'settings.lexicon' })]);
  });

  it('loads a version 1 model (before the lexicon) and classifies as it did', () => {
    const plain = trainIntentClassifier(examples, { calibration: 'none', lexicon: false });
    const { lexicon, ...settings } = JSON.parse(JSON.stringify(plain)).settings;
    expect(lexicon).toBe(0);
    const older = loadIntentClassifier({ ...JSON.parse(JSON.stringify(plain)), version: 1, settings });
    for (const text of ['where is my parcel', 'refund please', 'pasword', '']) expect(older.classify(text)).toEqual(plain.classify(text));
    expect(older.toJSON().version).toBe(1);
  });

  it('loads a model stored before the word weight existed, as weight 1', () => {
    const model = JSON.parse(JSON.stringify(trainIntentClassifier(examples, { calibration: 'none' })));
    const { wordWeight, ...older } = model.settings;
    expect(wordWeight).toBe(1);
    const loaded = loadIntentClassifier({ ...model, settings: older });
    expect([...loaded.probabilities('refund my order')]).toEqual([...loadIntentClassifier(model).probabilities('refund my order')]);
  });
});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataset = banking77Directory(root);

// The full-data figures (accuracy, speed, size, calibration) are measured by `npm run eval`;
// this keeps a fast few-shot check in the test suite.
describe.skipIf(!dataset)('on BANKING77 (skipped when ../shared/datasets/banking77 is absent)', () => {
  it('reaches its few-shot accuracy with 10 examples per intent, leaning on the char block and the lexicon', () => {
    const { train, test } = stratifiedSplit(readExamples(path.join(dataset as string, 'train.csv')), 0.2, 22);
    const classifier = trainIntentClassifier(examplesPerIntent(train, 10, 1));
    const correct = test.filter((example) => classifier.classify(example.text, { outOfScopeThreshold: 0 }).intent === example.intent).length;
    // 76.3% measured (73.2% before the lexicon, 71.0% before the square-root idf and the word
    // weight chosen on the holdout).
    expect(correct / test.length).toBeGreaterThan(0.755);
    expect(classifier.toJSON().settings.wordWeight).toBe(0.5);
  }, 60_000);
});
