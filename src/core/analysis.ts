import { z } from 'zod/v4';
import { lazyObject } from './lazy-object.js';

/**
 * Message analysis shapes (seed 002). The model path (prompts) and the rule path (fallback)
 * return exactly these, so callers never branch on where an analysis came from; `source` says.
 *
 * @packageDocumentation
 */

/**
 * Sentiment of a message. `score` runs from 0 (very negative) to 1 (very positive), 0.5 neutral,
 * so it plugs straight into the inbox score's "frustrated below 0.3" rule (seed 004).
 *
 * @example
 * ```ts
 * sentimentSchema.parse({ label: 'negative', score: 0.12, confidence: 0.9 });
 * ```
 */
export const sentimentSchema = lazyObject(() => z.object({
  label: z.enum(['positive', 'neutral', 'negative']),
  score: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1),
}));

/**
 * Sentiment of a message.
 *
 * @example
 * ```ts
 * const sentiment: Sentiment = { label: 'negative', score: 0.12, confidence: 0.9 };
 * ```
 */
export type Sentiment = z.infer<typeof sentimentSchema>;

/**
 * The customer's intention, e.g. `order_status`, `refund`, `complaint`.
 *
 * @example
 * ```ts
 * intentSchema.parse({ intent: 'refund', confidence: 0.8, alternatives: [{ intent: 'return', confidence: 0.4 }] });
 * ```
 */
export const intentSchema = lazyObject(() => z.object({
  intent: z.string().min(1),
  confidence: z.number().min(0).max(1),
  alternatives: z.array(z.object({ intent: z.string().min(1), confidence: z.number().min(0).max(1) })).default([]),
}));

/**
 * The customer's intention.
 *
 * @example
 * ```ts
 * const intent: Intent = { intent: 'refund', confidence: 0.82, alternatives: [{ intent: 'return', confidence: 0.4 }] };
 * ```
 */
export type Intent = z.infer<typeof intentSchema>;

/**
 * Kinds of entity crmkit extracts.
 *
 * @example
 * ```ts
 * entityTypes.includes('order_number'); // true
 * ```
 */
export const entityTypes = ['email', 'phone', 'order_number', 'money', 'date', 'member_id', 'person', 'url', 'tracking_number'] as const;

/**
 * A kind of entity.
 *
 * @example
 * ```ts
 * const type: EntityType = 'member_id';
 * ```
 */
export type EntityType = (typeof entityTypes)[number];

/**
 * One extracted entity. `normalized` holds a canonical form (E.164 phone, ISO date, amount in
 * minor units with currency) when one exists.
 *
 * @example
 * ```ts
 * entitySchema.parse({ type: 'order_number', value: '#54321', normalized: '54321' });
 * ```
 */
export const entitySchema = lazyObject(() => z.object({
  type: z.enum(entityTypes),
  value: z.string().min(1),
  normalized: z.string().optional(),
}));

/**
 * One extracted entity.
 *
 * @example
 * ```ts
 * const entity: Entity = { type: 'phone', value: '(415) 555-0100', normalized: '+14155550100' };
 * ```
 */
export type Entity = z.infer<typeof entitySchema>;

/**
 * The entities found in a message.
 *
 * @example
 * ```ts
 * entitiesSchema.parse({ entities: [{ type: 'email', value: 'jane@example.com' }] });
 * ```
 */
export const entitiesSchema = lazyObject(() => z.object({ entities: z.array(entitySchema) }));

/**
 * The entities found in a message.
 *
 * @example
 * ```ts
 * const found: Entities = { entities: [{ type: 'email', value: 'jane@example.com' }] };
 * ```
 */
export type Entities = z.infer<typeof entitiesSchema>;

/**
 * How urgently a message needs a human, with the reasons.
 *
 * @example
 * ```ts
 * prioritySchema.parse({ level: 'urgent', score: 0.9, reasons: ['mentions chargeback'] });
 * ```
 */
export const prioritySchema = lazyObject(() => z.object({
  level: z.enum(['urgent', 'high', 'normal', 'low']),
  score: z.number().min(0).max(1),
  reasons: z.array(z.string()),
}));

/**
 * How urgently a message needs a human.
 *
 * @example
 * ```ts
 * const priority: Priority = { level: 'high', score: 0.7, reasons: ['order is late', 'VIP customer'] };
 * ```
 */
export type Priority = z.infer<typeof prioritySchema>;

/**
 * The language a message is written in: an ISO 639-1 code (`en`, `es`…) or `und` when it cannot
 * be told, with the detector's confidence and runners-up.
 *
 * @example
 * ```ts
 * detectedLanguageSchema.parse({ language: 'es', confidence: 0.92, alternatives: [{ language: 'pt', confidence: 0.05 }] });
 * ```
 */
export const detectedLanguageSchema = lazyObject(() => z.object({
  language: z.string().min(2),
  confidence: z.number().min(0).max(1),
  alternatives: z.array(z.object({ language: z.string().min(2), confidence: z.number().min(0).max(1) })).default([]),
}));

/**
 * The language a message is written in.
 *
 * @example
 * ```ts
 * const detected: DetectedLanguage = { language: 'de', confidence: 1, alternatives: [] };
 * ```
 */
export type DetectedLanguage = z.infer<typeof detectedLanguageSchema>;

/**
 * The analyses a caller can ask for.
 *
 * @example
 * ```ts
 * for (const type of analysisTypes) console.log(type); // sentiment, intent, entities, priority
 * ```
 */
export const analysisTypes = ['sentiment', 'intent', 'entities', 'priority'] as const;

/**
 * One kind of analysis.
 *
 * @example
 * ```ts
 * const wanted: AnalysisType[] = ['sentiment', 'priority'];
 * ```
 */
export type AnalysisType = (typeof analysisTypes)[number];

/**
 * A message analysis: whichever parts were asked for, and where they came from.
 *
 * @example
 * ```ts
 * const analysis: MessageAnalysis = { source: 'rules', sentiment: { label: 'negative', score: 0.2, confidence: 0.7 } };
 * ```
 */
export const messageAnalysisSchema = lazyObject(() => z.object({
  sentiment: sentimentSchema.optional(),
  intent: intentSchema.optional(),
  entities: z.array(entitySchema).optional(),
  priority: prioritySchema.optional(),
  /** Always detected locally (offline, free), whichever source answered the rest. */
  language: detectedLanguageSchema.optional(),
  source: z.enum(['model', 'rules']),
}));

/**
 * A message analysis.
 *
 * @example
 * ```ts
 * const analysis: MessageAnalysis = messageAnalysisSchema.parse({ source: 'model', intent: { intent: 'order_status', confidence: 0.9 } });
 * ```
 */
export type MessageAnalysis = z.infer<typeof messageAnalysisSchema>;
