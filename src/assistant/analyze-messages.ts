import { z } from 'zod/v4';
import { analysisTypes, type AnalysisType, type Intent, type MessageAnalysis } from '../core/analysis.js';
import { parseInput } from '../core/validate.js';
import type { Usage } from '../core/types.js';
import { createAnalysisPrompt, type AnalysisPrompt } from '../prompts/analysis-prompt.js';
import { analyzeMessage } from '../fallback/analyze-message.js';
import { detectLanguage } from '../fallback/detect-language.js';
import type { IntentClassifier } from '../fallback/load-intent-classifier.js';
import { type AssistantContext, degradesToRules } from './assistant-context.js';
import { screenInput } from './screen-input.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Input of `assistant.analyze` (seed 002's `POST /api/v1/ai/analyze`).
 *
 * @example
 * ```ts
 * const input: AnalyzeInput = { tenantId: 'acme', message: 'My card was charged twice, fix this now!', types: ['sentiment', 'intent'] };
 * ```
 */
export interface AnalyzeInput {
  readonly tenantId: string;
  readonly userId?: string;
  /** 1–8,000 characters. */
  readonly message: string;
  /** @default all four: sentiment, intent, entities, priority */
  readonly types?: readonly AnalysisType[];
  /** Short host-side context for the model ("WhatsApp, returning customer"). Untrusted. */
  readonly context?: string;
  /** Raises priority for valuable or at-risk customers on the rule path. */
  readonly customer?: { readonly ltv: number; readonly churnRisk: number; readonly vip?: boolean };
  /** This tenant's own trained intent classifier; overrides the assistant's `analysis.intentClassifier`. */
  readonly intentClassifier?: IntentClassifier;
  readonly signal?: AbortSignal;
}

/**
 * How `assistant.analyze` and `assistant.classify` decide the intent.
 *
 * @example
 * ```ts
 * declare const storedModel: string; // JSON.stringify(trainIntentClassifier(examples)), from your database
 * const analysis: AnalysisOptions = { intentClassifier: loadIntentClassifier(JSON.parse(storedModel)), modelBelowConfidence: 0.6 };
 * ```
 */
export interface AnalysisOptions {
  /**
   * A classifier trained on the host's own labelled tickets (`trainIntentClassifier` from
   * `crmkit/fallback`).
   * With it, the intent comes from this classifier first (free, offline, calibrated), and a
   * model is asked only when its confidence is below `modelBelowConfidence`. Without it, the
   * intent comes from the model when a provider is configured, from the intent table otherwise.
   */
  readonly intentClassifier?: IntentClassifier;
  /**
   * Below this calibrated confidence of the trained classifier, ask the model (when there is one).
   * @default 0.5
   */
  readonly modelBelowConfidence?: number;
}

/** @internal */
export const analysisOptionsSchema = lazyObject(() => z.object({
  intentClassifier: z.custom<IntentClassifier>((value) => typeof (value as IntentClassifier | undefined)?.classify === 'function', 'Expected `intentClassifier` from trainIntentClassifier or loadIntentClassifier').optional(),
  modelBelowConfidence: z.number().min(0, 'Expected `modelBelowConfidence` between 0 and 1').max(1, 'Expected `modelBelowConfidence` between 0 and 1').optional(),
}));

/**
 * The analysis, shaped the same whether a model or the rules produced it. `source` is `model`
 * only when every requested part came from a model; `sources` says part by part.
 *
 * @example
 * ```ts
 * const analysis = await assistant.analyze({ tenantId: 'acme', message: 'Where is order #54321?' });
 * console.log(analysis.intent?.intent, analysis.sources.intent);
 * ```
 */
export type AnalyzeResult = MessageAnalysis & {
  readonly sources: Partial<Record<AnalysisType, 'model' | 'rules'>>;
  readonly degraded: boolean;
  readonly provider: string;
  readonly usage: Usage;
  /** Set when the content filter blocked the message: every part came from the local rules and no model saw it. */
  readonly contentFiltered?: { readonly categories: readonly string[] };
};

/**
 * The intent of `assistant.classify` (seed 002's `POST /api/v1/ai/classify`).
 *
 * @example
 * ```ts
 * const { intent, confidence, source } = await assistant.classify({ tenantId: 'acme', message: 'I want a refund' });
 * ```
 */
export type ClassifyResult = Intent & { readonly source: 'model' | 'rules'; readonly degraded: boolean; readonly provider: string };

const analyzeInputSchema = lazyObject(() => z.object({
  tenantId: z.string().min(1, 'Expected `tenantId` to be a non-empty string'),
  userId: z.string().min(1).optional(),
  message: z.string().trim().min(1, 'Expected `message` to be non-empty').max(8_000, 'Expected `message` to be at most 8,000 characters'),
  types: z.array(z.enum(analysisTypes, { message: `Expected each of \`types\` to be one of ${analysisTypes.join(', ')}` })).min(1).optional(),
  context: z.string().max(1_000).optional(),
  customer: z.object({ ltv: z.number().finite(), churnRisk: z.number().min(0).max(1), vip: z.boolean().optional() }).optional(),
  intentClassifier: analysisOptionsSchema.shape.intentClassifier,
  signal: z.instanceof(AbortSignal).optional(),
}));

const zeroUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

// The analysis prompts depend on nothing per assistant: built once per module, on first use.
let analysisPrompts: Map<AnalysisType, AnalysisPrompt<AnalysisType>> | undefined;

function analysisPromptFor(type: AnalysisType): AnalysisPrompt<AnalysisType> {
  analysisPrompts ??= new Map(analysisTypes.map((each) => [each, createAnalysisPrompt({ type: each })]));
  return analysisPrompts.get(type) as AnalysisPrompt<AnalysisType>;
}

/** Builds `assistant.analyze` and `assistant.classify`. @internal */
export function createAnalyze(context: AssistantContext): {
  analyze(input: AnalyzeInput): Promise<AnalyzeResult>;
  classify(input: Omit<AnalyzeInput, 'types'>): Promise<ClassifyResult>;
} {
  const analyze = async (rawInput: AnalyzeInput): Promise<AnalyzeResult> => {
    const input = parseInput(analyzeInputSchema, rawInput, 'analyze input');
    const types = [...new Set(input.types ?? analysisTypes)];
    const blocked = await screenInput(context, input.message, { operation: 'analyze', tenantId: input.tenantId, ...(input.userId ? { userId: input.userId } : {}) });
    // A blocked message is analysed locally only: the rules need no model, and no model may see it.
    const llm = blocked ? undefined : context.llm;
    const classifier = input.intentClassifier ?? context.analysis.intentClassifier;
    // The cheap path first: a confident trained classifier answers the intent without a model call.
    const local = classifier && types.includes('intent') ? classifier.classify(input.message) : undefined;
    const localIsEnough = local !== undefined && (!llm || local.confidence >= context.analysis.modelBelowConfidence);
    // Each part runs on its own: one part failing falls back alone, the others keep the model's answer.
    const parts = await Promise.all(
      types.map(async (type) => {
        if (!llm || (type === 'intent' && localIsEnough)) return { type, source: 'rules' as const };
        try {
          const prompt = analysisPromptFor(type);
          const rendered = prompt.render({ message: input.message, ...(input.context ? { context: input.context } : {}) }, { model: llm.model, tokenCounter: context.tokenCounter });
          const result = await llm.generate(
            {
              messages: rendered.messages,
              maxOutputTokens: context.analysis.maxOutputTokens,
              temperature: 0,
              metadata: { tenantId: input.tenantId, ...(input.userId ? { userId: input.userId } : {}) },
            },
            { signal: input.signal },
          );
          if (result.degraded) return { type, source: 'rules' as const };
          return { type, source: 'model' as const, value: prompt.parse(result.text), usage: result.usage, provider: result.provider };
        } catch (error) {
          if (!degradesToRules(error, { budget: 'degrade' })) throw error;
          context.reportError(error, 'model');
          return { type, source: 'rules' as const };
        }
      }),
    );
    const ruleTypes = parts.filter((part) => part.source === 'rules').map((part) => part.type);
    const rules = ruleTypes.length > 0 ? analyzeMessage(input.message, { types: ruleTypes, ...(input.customer ? { customer: input.customer } : {}), ...(classifier ? { classifier } : {}) }) : undefined;
    const analysis: Record<string, unknown> = {};
    const sources: Partial<Record<AnalysisType, 'model' | 'rules'>> = {};
    let usage: Usage = zeroUsage;
    let provider = 'rules';
    for (const part of parts) {
      sources[part.type] = part.source;
      if (part.source === 'model' && 'value' in part) {
        analysis[part.type] = part.type === 'entities' ? (part.value as { entities: unknown }).entities : part.value;
        usage = addUsage(usage, part.usage);
        provider = part.provider;
      } else {
        analysis[part.type] = rules?.[part.type];
      }
    }
    const allModel = ruleTypes.length === 0;
    // A confident local intent is a choice, not a degradation; only a model that failed is one.
    const degraded = parts.some((part) => part.source === 'rules' && llm !== undefined && !(part.type === 'intent' && localIsEnough));
    // The language is always detected locally: offline, free, and what the reply should be written in.
    const language = detectLanguage(input.message);
    return {
      ...(analysis as Omit<MessageAnalysis, 'source'>),
      language,
      source: allModel ? 'model' : 'rules',
      sources,
      degraded: llm ? degraded : true,
      provider,
      usage,
      ...(blocked ? { contentFiltered: { categories: blocked.categories } } : {}),
    };
  };

  return {
    analyze,
    async classify(input) {
      const result = await analyze({ ...input, types: ['intent'] });
      const intent = result.intent as Intent;
      return { ...intent, source: result.source, degraded: result.degraded, provider: result.provider };
    },
  };
}

function addUsage(left: Usage, right: Usage): Usage {
  return {
    inputTokens: left.inputTokens + right.inputTokens,
    outputTokens: left.outputTokens + right.outputTokens,
    totalTokens: left.totalTokens + right.totalTokens,
    ...(left.approximate || right.approximate ? { approximate: true } : {}),
  };
}
