import type { PhoneRegion } from '../core/pii/find-phones.js';
import { analysisTypes, type AnalysisType, type Intent, type MessageAnalysis } from '../core/analysis.js';
import type { Customer } from '../core/domain.js';
import { ValidationError } from '../core/errors.js';
import { analyzeSentiment } from './analyze-sentiment.js';
import { assessPriority, type UrgencyCue } from './assess-priority.js';
import { classifyIntent } from './classify-intent.js';
import { detectLanguage } from './detect-language.js';
import type { ClassifiedIntent, IntentClassifier } from './load-intent-classifier.js';
import type { IntentRule } from './default-intents.js';
import { extractEntities } from './extract-entities.js';

/**
 * Options for {@link analyzeMessage}.
 *
 * @example
 * ```ts
 * const options: AnalyzeMessageOptions = { types: ['intent', 'priority'], customer: { ltv: 3500, churnRisk: 0.8, vip: true }, defaultRegion: 'GB', today: '2025-11-21' };
 * const { intent, priority } = analyzeMessage('Where is my order #54321? I need it by Friday.', options);
 * // intent.intent === 'order_status', priority.level === 'urgent'
 * ```
 */
export interface AnalyzeMessageOptions {
  /**
   * Which analyses to run.
   * @default ['sentiment', 'intent', 'entities', 'priority']
   */
  readonly types?: readonly AnalysisType[];
  /** Who wrote the message; raises the priority of valuable or at-risk customers. */
  readonly customer?: Pick<Customer, 'ltv' | 'churnRisk' | 'vip'>;
  /** @default defaultIntents */
  readonly intents?: readonly IntentRule[];
  /** @default defaultUrgencyCues */
  readonly urgencyCues?: readonly UrgencyCue[];
  /** Extra word valences for the sentiment lexicon. @default {} */
  readonly lexicon?: Readonly<Record<string, number>>;
  /** Region for phone numbers without a country code. @default 'US' */
  readonly defaultRegion?: PhoneRegion;
  /** Today as `YYYY-MM-DD`, to resolve "today" / "tomorrow" / "yesterday". */
  readonly today?: string;
  /**
   * A classifier trained on the host's own tickets (`trainIntentClassifier` from
   * `crmkit/fallback`); when given, it decides the intent instead of the intent table.
   */
  readonly classifier?: IntentClassifier;
  /**
   * Detect the message's language (offline) into `language`.
   * @default true when `types` is not given, false when it is (then only the listed analyses run)
   */
  readonly detectLanguage?: boolean;
}

/**
 * Analyses a customer message without a model: sentiment (AFINN-165 lexicon), intent (intent
 * table), entities and priority — the same {@link MessageAnalysis} shape the model path returns,
 * with `source: 'rules'`, so callers never branch on where an analysis came from.
 *
 * @example
 * ```ts
 * const analysis = analyzeMessage('My order #54321 arrived damaged. I want a refund ASAP!', {
 *   customer: { ltv: 3500, churnRisk: 0.8, vip: true },
 * });
 * // analysis.intent.intent === 'damaged_item', analysis.priority.level === 'urgent'
 * ```
 */
export function analyzeMessage(message: string, options: AnalyzeMessageOptions = {}): MessageAnalysis {
  if (typeof message !== 'string') throw new ValidationError('analyzeMessage input', [{ path: 'message', message: 'Expected the message to be a string' }]);
  const types = options.types ?? analysisTypes;
  const unknown = types.filter((type) => !analysisTypes.includes(type));
  if (unknown.length > 0) {
    throw new ValidationError('analyzeMessage options', [{ path: 'types', message: `Unknown analysis type(s) ${unknown.map((type) => JSON.stringify(type)).join(', ')}; expected ${analysisTypes.join(', ')}` }]);
  }
  const wants = (type: AnalysisType): boolean => types.includes(type);
  const needsSentiment = wants('sentiment') || wants('priority');
  const needsIntent = wants('intent') || wants('priority');
  const sentiment = needsSentiment ? analyzeSentiment(message, options.lexicon ? { lexicon: options.lexicon } : {}) : undefined;
  const intent = needsIntent ? (options.classifier ? stripOutOfScope(options.classifier.classify(message)) : classifyIntent(message, options.intents ? { intents: options.intents } : {})) : undefined;
  const analysis: { -readonly [K in keyof MessageAnalysis]: MessageAnalysis[K] } = { source: 'rules' };
  if (wants('sentiment')) analysis.sentiment = sentiment;
  if (wants('intent')) analysis.intent = intent;
  if (wants('entities')) {
    analysis.entities = extractEntities(message, {
      ...(options.defaultRegion ? { defaultRegion: options.defaultRegion } : {}),
      ...(options.today ? { today: options.today } : {}),
    });
  }
  if (wants('priority')) {
    analysis.priority = assessPriority({
      text: message,
      ...(sentiment ? { sentiment } : {}),
      ...(intent ? { intent: intent.intent } : {}),
      ...(options.customer ? { customer: options.customer } : {}),
      ...(options.urgencyCues ? { urgencyCues: options.urgencyCues } : {}),
    });
  }
  if (options.detectLanguage ?? options.types === undefined) analysis.language = detectLanguage(message);
  return analysis;
}

/** The {@link Intent} shape every analysis shares (the classifier's own result also says `outOfScope`). */
function stripOutOfScope(result: ClassifiedIntent): Intent {
  return { intent: result.intent, confidence: result.confidence, alternatives: result.alternatives };
}
