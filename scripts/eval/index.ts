/**
 * `npm run eval`: every quality figure of crmkit's local analysis, each beside its anchor (a
 * target, a published reference or a well-known package measured in the same run), on public
 * data that nobody here wrote. Offline; a few minutes at most on 2 cores. docs/evaluation.md
 * explains what each number means for a help desk.
 *
 *   npm run eval              everything
 *   npm run eval -- intent    one section (intent, sentiment, language, pii, injection)
 */
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Sentiment from 'sentiment';
import { analyzeSentiment } from '../../src/fallback/analyze-sentiment.js';
import { detectLanguage } from '../../src/fallback/detect-language.js';
import { detectPii, type PiiType } from '../../src/core/pii/detect-pii.js';
import { forcePhoneMatcher, phoneMatcher } from '../../src/core/pii/find-phones.js';
import { trainIntentClassifier, type IntentExample } from '../../src/fallback/train-intent-classifier.js';
import type { IntentClassifier } from '../../src/fallback/load-intent-classifier.js';
import { languageSamples } from '../../src/fallback/__fixtures__/language-samples.js';
import { piiCategoryPositives, piiLookAlikes } from '../../src/core/pii/__fixtures__/pii-categories.js';
import { piiNegatives, piiPositives } from '../../src/core/pii/__fixtures__/pii-corpus.js';
import { supportSentiment } from '../../src/fallback/__fixtures__/support-sentiment.js';
import { injectionCorpus } from '../../src/prompts/__fixtures__/injection-corpus.js';
import { skeletonOf, skeletonWord } from '../../src/prompts/confusable-skeleton.js';
import { neutralizeUntrusted } from '../../src/prompts/neutralize-untrusted.js';
import { banking77Directory, examplesPerIntent, readExamples, stratifiedSplit } from './banking77.js';
import { readSentimentCorpus } from './sentiment-corpus.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const only = process.argv.slice(2);
const wanted = (section: string): boolean => only.length === 0 || only.includes(section);

type Row = readonly [figure: string, measured: string, anchor: string, verdict: string];

function table(title: string, rows: readonly Row[]): void {
  console.log(`\n### ${title}\n`);
  console.log('| Figure | Measured | Anchor | |');
  console.log('|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

const percent = (value: number, digits = 1): string => `${(value * 100).toFixed(digits)}%`;
const pass = (ok: boolean): string => (ok ? 'meets' : 'MISSES');

function cpuSeconds<T>(run: () => T): { result: T; wall: number; cpu: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(cpu);
  return { result, wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/** Expected calibration error over 15 equal-width confidence bins. */
function expectedCalibrationError(predictions: readonly { confidence: number; correct: boolean }[]): number {
  const bins = Array.from({ length: 15 }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const { confidence, correct } of predictions) {
    const bin = bins[Math.min(14, Math.floor(confidence * 15))] as (typeof bins)[number];
    bin.count += 1;
    bin.confidence += confidence;
    bin.correct += correct ? 1 : 0;
  }
  return bins.reduce((sum, bin) => sum + Math.abs(bin.correct - bin.confidence), 0) / Math.max(1, predictions.length);
}

function accuracy(classifier: IntentClassifier, examples: readonly IntentExample[]): number {
  return examples.filter((example) => classifier.classify(example.text, { outOfScopeThreshold: 0 }).intent === example.intent).length / examples.length;
}

function evaluateIntent(): void {
  const directory = banking77Directory(root);
  if (!directory) {
    console.log('\n### Intent classifier (BANKING77)\n\nSkipped: ../shared/datasets/banking77/train.csv not found beside the project.');
    return;
  }
  const all = readExamples(path.join(directory, 'train.csv'));
  const { train, test } = stratifiedSplit(all, 0.2, 22);
  const trained = cpuSeconds(() => trainIntentClassifier(train));
  const classifier = trained.result;
  const predictions = test.map((example) => {
    const result = classifier.classify(example.text, { outOfScopeThreshold: 0 });
    return { confidence: result.confidence, correct: result.intent === example.intent };
  });
  const correct = predictions.filter((prediction) => prediction.correct).length / test.length;
  const ece = expectedCalibrationError(predictions);
  // Out of scope at the default threshold: how much is answered, and how right those answers are.
  const answered = test.map((example) => ({ example, result: classifier.classify(example.text) })).filter(({ result }) => !result.outOfScope);
  const answeredRight = answered.filter(({ example, result }) => result.intent === example.intent).length / Math.max(1, answered.length);

  // Ten examples per intent: the mean over three random draws, all scored on the same held-out part.
  const fewShotDraws = [1, 2, 3].map((draw) => trainIntentClassifier(examplesPerIntent(train, 10, draw)));
  const fewShotAccuracies = fewShotDraws.map((fewShot) => accuracy(fewShot, test));
  const fewShotAccuracy = fewShotAccuracies.reduce((sum, value) => sum + value, 0) / fewShotAccuracies.length;
  const fewShotRange = `${percent(Math.min(...fewShotAccuracies))}–${percent(Math.max(...fewShotAccuracies))}`;

  const full = cpuSeconds(() => trainIntentClassifier(all));
  const modelBytes = Buffer.byteLength(JSON.stringify(full.result));

  // Classification speed: the median of five passes over the held-out messages.
  const passes: { wall: number; cpu: number }[] = [];
  for (let pass = 0; pass < 5; pass += 1) {
    const timed = cpuSeconds(() => {
      for (const example of test) classifier.classify(example.text);
    });
    passes.push({ wall: (timed.wall * 1e6) / test.length, cpu: (timed.cpu * 1e6) / test.length });
  }
  const median = (values: number[]): number => values.sort((a, b) => a - b)[2] as number;
  const perMessage = median(passes.map((timed) => timed.wall));
  const perMessageCpu = median(passes.map((timed) => timed.cpu));

  table(`Intent classifier on BANKING77 (Casanueva et al. 2020, CC BY 4.0): stratified 80/20 split of the training data, seed 22 — ${train.length} train, ${test.length} held out, 77 intents`, [
    [`Accuracy, trained on 80%, held-out 20% (word weight ${classifier.toJSON().settings.wordWeight})`, percent(correct), '≥ 91% on the held-back test (TF-IDF + linear SVM reference: 91.3%)', correct >= 0.9 ? 'on track' : pass(false)],
    ['Accuracy, 10 examples per intent (770), mean of 3 draws', `${percent(fewShotAccuracy)} (draws ${fewShotRange}; word weight ${fewShotDraws[0]?.toJSON().settings.wordWeight})`, '≥ 75%', pass(fewShotAccuracy >= 0.75)],
    ['Expected calibration error (15 bins)', percent(ece, 2), 'lower is better; < 5% is well calibrated', pass(ece < 0.05)],
    [`Answered at the default out-of-scope threshold (${classifier.toJSON().outOfScopeThreshold})`, `${percent(answered.length / test.length)} answered, ${percent(answeredRight)} of them right`, 'the rest goes to a person or a model', ''],
    [`Training time, ${all.length} examples (calibrated)`, `${full.wall.toFixed(1)} s wall, ${full.cpu.toFixed(1)} s CPU`, '≤ 15 s on 2 cores (training uses one)', full.wall <= 15 ? 'meets' : full.cpu <= 15 ? 'meets in CPU time; wall time is the load' : pass(false)],
    [`Training time, ${train.length} examples`, `${trained.wall.toFixed(1)} s wall, ${trained.cpu.toFixed(1)} s CPU`, '', ''],
    ['Classification time per message (median of 5 passes)', `${perMessage.toFixed(1)} µs wall, ${perMessageCpu.toFixed(1)} µs CPU`, '≤ 50 µs', perMessage <= 50 ? 'meets' : perMessageCpu <= 50 ? 'meets in CPU time; wall time is the load' : pass(false)],
    ['Model size as JSON (full training split)', `${(modelBytes / 1e6).toFixed(2)} MB, ${full.result.toJSON().terms.length} terms`, '≤ 5 MB', pass(modelBytes <= 5e6)],
  ]);
}

function evaluateSentiment(): void {
  const corpus = readSentimentCorpus();
  const baseline = new Sentiment();
  const score = (predict: (text: string) => { polarity: number }) => {
    let strict = 0;
    let tieBroken = 0;
    let silent = 0;
    for (const sentence of corpus) {
      const { polarity } = predict(sentence.text);
      if (polarity === 0) silent += 1;
      if ((polarity > 0 && sentence.positive) || (polarity < 0 && !sentence.positive)) strict += 1;
      // The `sentiment` package's own validation: no signal counts as positive.
      if (polarity >= 0 === sentence.positive) tieBroken += 1;
    }
    return { strict: strict / corpus.length, tieBroken: tieBroken / corpus.length, silent: silent / corpus.length };
  };
  const ours = score((text) => {
    const result = analyzeSentiment(text);
    return { polarity: result.label === 'positive' ? 1 : result.label === 'negative' ? -1 : 0 };
  });
  const theirs = score((text) => ({ polarity: Math.sign(baseline.analyze(text).score) }));
  const supportOurs = supportSentiment.filter((entry) => analyzeSentiment(entry.text).label === entry.label).length / supportSentiment.length;
  const supportTheirs =
    supportSentiment.filter((entry) => {
      const value = baseline.analyze(entry.text).score;
      return (value > 0 ? 'positive' : value < 0 ? 'negative' : 'neutral') === entry.label;
    }).length / supportSentiment.length;
  const angry = analyzeSentiment(supportSentiment[0]?.text ?? '');
  table(`Sentiment on UCI Sentiment Labelled Sentences (Kotzias et al. 2015, CC BY 4.0; shipped in the sentiment npm package) — ${corpus.length} Amazon, IMDB and Yelp sentences; baseline: sentiment@5 (AFINN-165) in the same run`, [
    ['Accuracy, no signal counted wrong', percent(ours.strict), `sentiment package: ${percent(theirs.strict)}`, pass(ours.strict > theirs.strict)],
    ['Accuracy, no signal counted positive (the package’s own protocol)', percent(ours.tieBroken), `sentiment package: ${percent(theirs.tieBroken)}`, pass(ours.tieBroken > theirs.tieBroken)],
    ['Sentences with no signal (neutral)', percent(ours.silent), `sentiment package: ${percent(theirs.silent)}; issue 22 measured 25–30% before`, pass(ours.silent < theirs.silent)],
    [`Support messages read right (${supportSentiment.length}, negative / positive / neutral)`, percent(supportOurs), `sentiment package: ${percent(supportTheirs)}`, pass(supportOurs > supportTheirs)],
    ['"Charged twice … nobody answers … chargeback"', `${angry.label} (${angry.score})`, 'was neutral (0.50)', pass(angry.label === 'negative')],
  ]);
}

function evaluateLanguage(): void {
  const right = languageSamples.filter(([language, text]) => detectLanguage(text).language === language).length;
  const languages = new Set(languageSamples.map(([language]) => language)).size;
  table(`Language detection (tinyld light model, bundled) — ${languageSamples.length} short support messages in ${languages} languages`, [
    ['Accuracy', `${percent(right / languageSamples.length)} (${right}/${languageSamples.length})`, '≥ 90%; franc-min, tried first, read short French and Italian as Portuguese and Russian as Bulgarian', pass(right / languageSamples.length >= 0.9)],
    ['Size added to crmkit', 'about 70 KB (tinyld/light, bundled; no install)', 'tinyld full package 12 MB, franc-min 232 KB', ''],
  ]);
}

function evaluatePii(): void {
  const rows: Row[] = [];
  for (const matcher of ['libphonenumber-js', 'heuristic'] as const) {
    forcePhoneMatcher(matcher === 'heuristic' ? 'heuristic' : undefined);
    if (phoneMatcher() !== matcher) continue;
    for (const [type, cases] of Object.entries(piiCategoryPositives) as [PiiType, readonly { text: string; value: string }[]][]) {
      if (matcher === 'heuristic' && type !== 'phone') continue;
      const found = cases.filter(({ text, value }) => detectPii(text).some((match) => match.type === type && match.value === value)).length;
      rows.push([`${type}${type === 'phone' ? ` (${matcher})` : ''}: recall, whole value`, `${percent(found / cases.length)} (${found}/${cases.length})`, '100% on the corpus', pass(found === cases.length)]);
    }
    const lookAlikes = Object.values(piiLookAlikes).flat();
    const flagged = lookAlikes.filter((text) => detectPii(text).length > 0).length;
    rows.push([`False positives on look-alikes (phones by ${matcher})`, `${flagged} of ${lookAlikes.length}`, '0: member ids, order/ticket numbers, dates, versions, tracking numbers…', pass(flagged === 0)]);
    const seeded = piiPositives.flatMap((item) => item.values.map(([type, value]) => ({ text: item.text, type, value })));
    const older = seeded.filter(({ text, type, value }) => detectPii(text).some((match) => match.type === type && match.value === value)).length;
    const olderFlags = piiNegatives.filter((text) => detectPii(text).length > 0).length;
    rows.push([`Earlier corpus (phones by ${matcher})`, `${older}/${seeded.length} found, ${olderFlags}/${piiNegatives.length} look-alikes flagged`, `${seeded.length}/${seeded.length}, 0`, pass(older === seeded.length && olderFlags === 0)]);
  }
  forcePhoneMatcher(undefined);
  table('PII detection — per-category corpus (src/fallback/__fixtures__/pii-categories.ts)', rows);
}

function evaluateInjection(): void {
  const names = (words: readonly string[]): string => words.map(skeletonWord).join('|');
  const label = new RegExp(`^[ \\t>*_]*(?:${names(['human', 'assistant', 'system', 'user', 'ai', 'developer', 'bot', 'model', 'operator', 'administrator', 'admin', 'tool', 'function', 'ipython'])})[*_ \\t]*:`, 'm');
  const bracket = new RegExp(`\\[\\s*\\/?\\s*(?:${names(['inst', 'sys', 'system', 'system_prompt', 'tool_calls', 'available_tools', 'tool_results'])})\\s*\\]`);
  const tag = new RegExp(`<(?=\\s*\\/?\\s*(?:\\||untrusted|${names(['system', 'assistant', 'user', 'function_calls', 'function_results', 'invoke', 'tool_call', 'bos', 'eos', 'start_of_turn'])}))`, 'g');
  const survivors = injectionCorpus.filter(({ text }) => {
    const out = neutralizeUntrusted(text);
    const skeleton = skeletonOf(out);
    if (label.test(skeleton.text) || bracket.test(skeleton.text)) return true;
    return [...skeleton.text.matchAll(tag)].some((match) => out[skeleton.offsets[match.index] as number] !== '‹');
  });
  const categories = new Set(injectionCorpus.map((payload) => payload.category)).size;
  table(`Prompt injection — ${injectionCorpus.length} payloads in ${categories} categories through neutralizeUntrusted`, [
    ['Payloads with a live marker left (role label, tag, bracket), checked on the UTS #39 skeleton', `${survivors.length}${survivors.length ? ` (${survivors.map((payload) => payload.id).join(', ')})` : ''}`, '0', pass(survivors.length === 0)],
  ]);
}

console.log(`# crmkit local analysis evaluation\n\nNode ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((value) => value.toFixed(1)).join(' / ')} (times on a shared machine vary with its load; CPU seconds vary less).`);
if (wanted('intent')) evaluateIntent();
if (wanted('sentiment')) evaluateSentiment();
if (wanted('language')) evaluateLanguage();
if (wanted('pii')) evaluatePii();
if (wanted('injection')) evaluateInjection();
