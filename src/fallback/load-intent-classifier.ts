import type { Intent } from '../core/analysis.js';
import { ValidationError, type ValidationIssue } from '../core/errors.js';
import { createIntentScorer } from './create-intent-scorer.js';
import type { FeatureSettings } from './intent-features.js';
import { lexiconVersion } from './intent-lexicon.js';

/**
 * A trained intent classifier as plain JSON, for a host to store in its own database and load
 * with {@link loadIntentClassifier}. Weights are quantised integers on one `weightScale`, listed
 * per term as `[intentIndex, weight, intentIndex, weight, …]`.
 *
 * @example
 * ```ts
 * const model: IntentClassifierModel = JSON.parse(JSON.stringify(classifier));
 * console.log(model.intents.length, model.temperature, model.trainedOn.examples);
 * ```
 */
export interface IntentClassifierModel {
  readonly format: 'crmkit.intent-classifier';
  /** 2 since the lexicon features; version 1 models (no lexicon) still load. */
  readonly version: 1 | 2;
  readonly intents: readonly string[];
  /**
   * How text becomes features; `wordWeight` (absent in older models) defaults to 1; `lexicon`
   * is the version of the built-in lexicon whose concepts are features (0 or absent: none), and
   * `lexiconWeight` the weight of that block.
   */
  readonly settings: {
    readonly wordNgrams: number;
    readonly charNgrams: readonly [number, number];
    readonly wordWeight?: number;
    readonly lexicon?: number;
    readonly lexiconWeight?: number;
  };
  readonly terms: readonly string[];
  readonly idf: readonly number[];
  readonly weightScale: number;
  readonly weights: readonly (readonly number[])[];
  readonly bias: readonly number[];
  /** Softmax temperature fitted on held-out examples (1 when not calibrated). */
  readonly temperature: number;
  readonly outOfScopeThreshold: number;
  readonly outOfScopeIntent: string;
  readonly trainedOn: { readonly examples: number; readonly intents: number; readonly fewestPerIntent: number };
}

/**
 * What {@link IntentClassifier.classify} returns: the {@link Intent} shape every analysis path
 * shares, plus `outOfScope`. `confidence` is the calibrated probability of the best known
 * intent; when it is under the model's threshold, `intent` is the out-of-scope intent and the
 * best known intents are the `alternatives`.
 *
 * @example
 * ```ts
 * const result: ClassifiedIntent = classifier.classify('What is the meaning of life?');
 * if (result.outOfScope) console.log('route to a person; best guesses:', result.alternatives);
 * ```
 */
export type ClassifiedIntent = Intent & { readonly outOfScope: boolean };

/**
 * Options for {@link IntentClassifier.classify}.
 *
 * @example
 * ```ts
 * const options: ClassifyOptions = { maxAlternatives: 5, outOfScopeThreshold: 0.5 };
 * classifier.classify('card not working', options);
 * ```
 */
export interface ClassifyOptions {
  /** @default 3 */
  readonly maxAlternatives?: number;
  /** @default the model's `outOfScopeThreshold` */
  readonly outOfScopeThreshold?: number;
}

/**
 * A trained intent classifier. `JSON.stringify(classifier)` gives its {@link IntentClassifierModel}.
 *
 * @example
 * ```ts
 * const classifier: IntentClassifier = loadIntentClassifier(JSON.parse(storedJson));
 * const { intent, confidence, outOfScope } = classifier.classify('I was charged twice');
 * ```
 */
export interface IntentClassifier {
  /** The intents it knows, sorted. */
  readonly intents: readonly string[];
  /** The best intent, its calibrated confidence and the runners-up. */
  classify(text: string, options?: ClassifyOptions): ClassifiedIntent;
  /** Calibrated probabilities of every known intent, in `intents` order. */
  probabilities(text: string): Float64Array;
  /** The model as JSON data. */
  toJSON(): IntentClassifierModel;
}

/**
 * Loads a model produced by {@link trainIntentClassifier} (parsed from JSON, from the host's
 * database), checking its shape first.
 *
 * @example
 * ```ts
 * const classifier = loadIntentClassifier(JSON.parse(await readModelFromDatabase()));
 * classifier.classify('I still have not received my card').intent;
 * ```
 */
export function loadIntentClassifier(model: unknown): IntentClassifier {
  const checked = checkModel(model);
  const settings: FeatureSettings = { wordNgrams: checked.settings.wordNgrams, charNgrams: [checked.settings.charNgrams[0], checked.settings.charNgrams[1]], wordWeight: checked.settings.wordWeight ?? 1,
    lexicon: checked.settings.lexicon ?? 0,
    lexiconWeight: checked.settings.lexiconWeight ?? 1,
  };
  const score = createIntentScorer({ ...checked, settings });
  const bias = Float64Array.from(checked.bias);
  const intentCount = checked.intents.length;
  const inverseTemperature = 1 / checked.temperature;

  // Calibrated probabilities into `into`: the softmax of the scores over the temperature.
  const probabilitiesInto = (text: string, into: Float64Array): Float64Array => {
    if (typeof text === 'string') score(text, into);
    else into.set(bias);
    let max = -Infinity;
    for (let index = 0; index < intentCount; index += 1) max = Math.max(max, (into[index] as number) * inverseTemperature);
    let sum = 0;
    for (let index = 0; index < intentCount; index += 1) {
      const exp = Math.exp((into[index] as number) * inverseTemperature - max);
      into[index] = exp;
      sum += exp;
    }
    for (let index = 0; index < intentCount; index += 1) into[index] = (into[index] as number) / sum;
    return into;
  };
  const probabilities = (text: string): Float64Array => probabilitiesInto(text, new Float64Array(intentCount));
  const scratch = new Float64Array(intentCount); // classify keeps no reference to it

  return {
    intents: checked.intents,
    probabilities,
    classify(text, options = {}) {
      if (typeof text !== 'string') throw new ValidationError('classify input', [{ path: 'text', message: 'Expected the message to be a string' }]);
      const maxAlternatives = options.maxAlternatives ?? 3;
      const threshold = options.outOfScopeThreshold ?? checked.outOfScopeThreshold;
      const probability = probabilitiesInto(text, scratch);
      // Top k by partial selection: k is small, the intent list may be long.
      const take = Math.min(intentCount, maxAlternatives + 1);
      const top: number[] = [];
      for (let index = 0; index < intentCount; index += 1) {
        const value = probability[index] as number;
        if (top.length === take && value <= (probability[top[take - 1] as number] as number)) continue;
        let at = top.length < take ? top.length : take - 1;
        while (at > 0 && (probability[top[at - 1] as number] as number) < value) {
          top[at] = top[at - 1] as number;
          at -= 1;
        }
        top[at] = index;
      }
      const best = top[0] as number;
      const confidence = round(probability[best] as number);
      const outOfScope = confidence < threshold;
      // Out of scope, the best intent is an alternative too. A loop, not a closure per call: this is the hot path.
      const alternatives: { intent: string; confidence: number }[] = [];
      for (const index of outOfScope ? top.slice(0, maxAlternatives) : top.slice(1, 1 + maxAlternatives)) {
        alternatives.push({ intent: checked.intents[index] as string, confidence: round(probability[index] as number) });
      }
      return { intent: outOfScope ? checked.outOfScopeIntent : (checked.intents[best] as string), confidence, alternatives, outOfScope };
    },
    toJSON: () => checked,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function checkModel(model: unknown): IntentClassifierModel {
  const fail = (issues: ValidationIssue[]): never => {
    throw new ValidationError('intent classifier model', issues);
  };
  if (typeof model !== 'object' || model === null) return fail([{ path: '(root)', message: 'Expected the object trainIntentClassifier produced (JSON.parse the stored model first)' }]);
  const candidate = model as Partial<Record<keyof IntentClassifierModel, unknown>>;
  if (candidate.format !== 'crmkit.intent-classifier') return fail([{ path: 'format', message: "Expected format 'crmkit.intent-classifier' (what trainIntentClassifier produces); retrain the model with this version of crmkit" }]);
  if (candidate.version !== 1 && candidate.version !== 2) {
    return fail([{ path: 'version', message: 'Expected model version 1 or 2 (a newer crmkit made this model); retrain the model with this version of crmkit' }]);
  }
  const issues: ValidationIssue[] = [];
  const intents = candidate.intents;
  const terms = candidate.terms;
  if (!Array.isArray(intents) || intents.length < 2 || !intents.every((intent) => typeof intent === 'string' && intent.length > 0)) issues.push({ path: 'intents', message: 'Expected at least two intent names' });
  if (!Array.isArray(terms) || !terms.every((term) => typeof term === 'string')) issues.push({ path: 'terms', message: 'Expected an array of terms' });
  const count = Array.isArray(terms) ? terms.length : -1;
  if (!Array.isArray(candidate.idf) || candidate.idf.length !== count) issues.push({ path: 'idf', message: 'Expected one idf per term' });
  if (!Array.isArray(candidate.weights) || candidate.weights.length !== count) issues.push({ path: 'weights', message: 'Expected one weight list per term' });
  else if (Array.isArray(intents)) {
    const bad = candidate.weights.findIndex((list) => !Array.isArray(list) || list.length % 2 !== 0 || list.some((value, index) => !Number.isFinite(value) || (index % 2 === 0 && !(Number.isInteger(value) && value >= 0 && value < intents.length))));
    if (bad >= 0) issues.push({ path: `weights[${bad}]`, message: 'Expected [intentIndex, weight, …] pairs with known intent indices' });
  }
  if (!Array.isArray(candidate.bias) || candidate.bias.length !== (Array.isArray(intents) ? intents.length : -1)) issues.push({ path: 'bias', message: 'Expected one bias per intent' });
  const settings = candidate.settings as IntentClassifierModel['settings'] | undefined;
  if (typeof settings !== 'object' || settings === null || !Number.isInteger(settings.wordNgrams) || !Array.isArray(settings.charNgrams) || settings.charNgrams.length !== 2) issues.push({ path: 'settings', message: 'Expected { wordNgrams, charNgrams: [low, high] }' });
  else {
    for (const name of ['wordWeight', 'lexiconWeight'] as const) {
      const value = settings[name];
      if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) issues.push({ path: `settings.${name}`, message: `Expected \`settings.${name}\` to be a positive number` });
    }
    const lexicon = settings.lexicon ?? 0;
    // Version 1 models predate the lexicon; a lexicon this crmkit does not implement would silently change the features.
    if (lexicon !== 0 && (candidate.version === 1 || lexicon !== lexiconVersion)) {
      issues.push({ path: 'settings.lexicon', message: `Expected lexicon version 0 or ${lexiconVersion} (another crmkit made this model); retrain the model with this version of crmkit` });
    }
  }
  for (const name of ['weightScale', 'temperature'] as const) {
    const value = candidate[name];
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) issues.push({ path: name, message: `Expected \`${name}\` to be a positive number` });
  }
  const threshold = candidate.outOfScopeThreshold;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold < 1)) issues.push({ path: 'outOfScopeThreshold', message: 'Expected a number from 0 up to 1' });
  if (typeof candidate.outOfScopeIntent !== 'string' || candidate.outOfScopeIntent.length === 0) issues.push({ path: 'outOfScopeIntent', message: 'Expected a non-empty string' });
  if (issues.length > 0) fail(issues);
  return model as IntentClassifierModel;
}
