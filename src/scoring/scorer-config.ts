import { z } from 'zod/v4';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { ticketPriorities, type Ticket, type TicketDifficulty, type TicketPriority } from '../core/domain.js';
import { ValidationError, type ValidationIssue } from '../core/errors.js';
import { toValidationIssues } from '../core/validate.js';
import type { ScoreComponent } from './score-component.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Which formula the scorer starts from. `seed` is seed 004's formula exactly (age = 1 / hours
 * waiting, so a ticket sinks as it waits); `default` is the same weights with a bounded age term
 * that grows with waiting time, so no ticket starves.
 *
 * @example
 * ```ts
 * const preset: ScorerPreset = process.env.INBOX_FORMULA === 'seed' ? 'seed' : 'default';
 * const scorer = createScorer({ preset });
 * ```
 */
export type ScorerPreset = 'default' | 'seed';

/**
 * The names of the built-in components, as they appear in a breakdown.
 *
 * @example
 * ```ts
 * const muted = { sentiment: 0, topic_alert: 0 } satisfies Partial<Record<BuiltInComponentName, number>>;
 * const scorer = createScorer({ weights: muted });
 * ```
 */
export type BuiltInComponentName = 'churn_risk' | 'customer_value' | 'urgency' | 'age' | 'difficulty' | 'sentiment' | 'topic_alert';

/**
 * The built-in components, in breakdown order.
 *
 * @example
 * ```ts
 * const { components } = scorer.explain({ ticket, customer });
 * for (const name of builtInComponentNames) console.log(name, components[name]);
 * ```
 */
export const builtInComponentNames: readonly BuiltInComponentName[] = [
  'churn_risk',
  'customer_value',
  'urgency',
  'age',
  'difficulty',
  'sentiment',
  'topic_alert',
];

/**
 * How the age term turns hours waiting into a value (before the `age` weight).
 *
 * - `inverse` (seed): `1 / max(hours, minHours)` — highest for the newest ticket, falling as it waits.
 * - `saturating` (default): `cap × hours / (hours + halfHours)` — 0 for a new ticket, `cap / 2`
 *   after `halfHours`, approaching `cap` and never exceeding it; never decreases.
 *
 * @example
 * ```ts
 * const age: AgeCurve = { curve: 'saturating', cap: 6, halfHours: 24 };
 * ```
 */
export type AgeCurve =
  | {
      readonly curve: 'inverse';
      /** Floor on hours waiting, so a brand-new ticket scores `1 / minHours`, not Infinity. @default 1/60 (one minute) */
      readonly minHours?: number;
    }
  | {
      readonly curve: 'saturating';
      /** The bound the age value approaches. @default 6 */
      readonly cap?: number;
      /** Hours after which the age value is half the cap. @default 24 */
      readonly halfHours?: number;
    };

/**
 * Configuration of {@link createScorer}. Every field is optional; see {@link scorerDefaults}.
 *
 * @example
 * ```ts
 * const config: ScorerConfig = { preset: 'default', weights: { churn_risk: 4 }, urgencyLevels: { urgent: 5 } };
 * ```
 */
export interface ScorerConfig {
  /** @default 'default' */
  readonly preset?: ScorerPreset;
  /**
   * Weight of each component, keyed by its breakdown name (`churn_risk`, `customer_value`,
   * `urgency`, `age`, `difficulty`, `sentiment`, `topic_alert`, or a custom component's name).
   * Built-in weights must be ≥ 0 (0 switches a component off). For the indicator components the
   * weight is the boost: `sentiment` (+2.0 when frustrated) and `topic_alert` (+5.0 on a match).
   * @default { churn_risk: 3, customer_value: 2, urgency: 1.5, age: 1, difficulty: 1, sentiment: 2, topic_alert: 5 }
   */
  readonly weights?: Readonly<Record<string, number>>;
  /** Urgency value per priority; must not decrease with priority. @default { urgent: 4, high: 3, normal: 1, low: 0.5 } */
  readonly urgencyLevels?: Readonly<Partial<Record<TicketPriority, number>>>;
  /** Points per difficulty (easy wins first, complex issues later). @default { easy: 1, normal: 0, complex: -1.5 } */
  readonly difficultyPoints?: Readonly<Partial<Record<TicketDifficulty, number>>>;
  /** Lifetime value is divided by this before weighting. @default 1000 */
  readonly valueUnit?: number;
  /** A sentiment score (0–1) strictly below this counts as frustrated. @default 0.3 */
  readonly frustratedBelow?: number;
  /** The age curve. @default { curve: 'saturating', cap: 6, halfHours: 24 } for `default`, `{ curve: 'inverse', minHours: 1/60 }` for `seed` */
  readonly age?: AgeCurve;
  /** The priority assumed for a ticket without one (or with an unknown one). @default 'normal' */
  readonly defaultPriority?: TicketPriority;
  /**
   * Classifies a ticket's difficulty when `ticket.difficulty` is not set (a ticket's own field
   * wins). Must be pure and synchronous; run any model beforehand and store the result.
   * @default none: tickets without a difficulty count as `normal`
   */
  readonly classifyDifficulty?: (ticket: Ticket) => TicketDifficulty | undefined;
  /** Extra components, added after the built-ins. Names must be unique snake_case. @default [] */
  readonly components?: readonly ScoreComponent[];
  /** Source of "now" when a call does not pass one. @default systemClock */
  readonly clock?: Clock;
  /** Decimals kept in breakdowns and ranked pages (ordering always uses exact scores). @default 2 */
  readonly precision?: number;
}

/**
 * Every default of {@link ScorerConfig} in one place (seed 004's values).
 *
 * @example
 * ```ts
 * scorerDefaults.weights.churn_risk; // 3
 * ```
 */
export const scorerDefaults = Object.freeze({
  preset: 'default' as ScorerPreset,
  weights: Object.freeze({ churn_risk: 3, customer_value: 2, urgency: 1.5, age: 1, difficulty: 1, sentiment: 2, topic_alert: 5 }) as Readonly<
    Record<BuiltInComponentName, number>
  >,
  urgencyLevels: Object.freeze({ urgent: 4, high: 3, normal: 1, low: 0.5 }) as Readonly<Record<TicketPriority, number>>,
  difficultyPoints: Object.freeze({ easy: 1, normal: 0, complex: -1.5 }) as Readonly<Record<TicketDifficulty, number>>,
  valueUnit: 1000,
  frustratedBelow: 0.3,
  saturatingAge: Object.freeze({ cap: 6, halfHours: 24 }),
  inverseAge: Object.freeze({ minHours: 1 / 60 }),
  defaultPriority: 'normal' as TicketPriority,
  precision: 2,
});

/** A fully resolved configuration: what the components read. @internal */
export interface ResolvedScorerConfig {
  readonly preset: ScorerPreset;
  readonly weights: Readonly<Record<string, number>>;
  readonly urgencyLevels: Readonly<Record<TicketPriority, number>>;
  readonly difficultyPoints: Readonly<Record<TicketDifficulty, number>>;
  readonly valueUnit: number;
  readonly frustratedBelow: number;
  readonly age: { readonly curve: 'inverse'; readonly minHours: number } | { readonly curve: 'saturating'; readonly cap: number; readonly halfHours: number };
  readonly defaultPriority: TicketPriority;
  readonly classifyDifficulty: ((ticket: Ticket) => TicketDifficulty | undefined) | undefined;
  readonly components: readonly ScoreComponent[];
  readonly clock: Clock;
  readonly precision: number;
}

const isFunction = (value: unknown): boolean => typeof value === 'function';
const componentName = /^[a-z][a-z0-9_]*$/;

const configSchema = lazyObject(() => z.strictObject({
  preset: z.enum(['default', 'seed']).optional(),
  weights: z.record(z.string(), z.number()).optional(),
  urgencyLevels: z
    .strictObject({ urgent: z.number().min(0), high: z.number().min(0), normal: z.number().min(0), low: z.number().min(0) })
    .partial()
    .optional(),
  difficultyPoints: z.strictObject({ easy: z.number(), normal: z.number(), complex: z.number() }).partial().optional(),
  valueUnit: z.number().positive().optional(),
  frustratedBelow: z.number().min(0).max(1).optional(),
  age: z
    .discriminatedUnion('curve', [
      z.strictObject({ curve: z.literal('inverse'), minHours: z.number().positive().optional() }),
      z.strictObject({ curve: z.literal('saturating'), cap: z.number().min(0).optional(), halfHours: z.number().positive().optional() }),
    ])
    .optional(),
  defaultPriority: z.enum(ticketPriorities as [TicketPriority, ...TicketPriority[]]).optional(),
  classifyDifficulty: z.custom<(ticket: Ticket) => TicketDifficulty | undefined>(isFunction, 'Expected a function (ticket) => difficulty').optional(),
  components: z
    .array(
      z.object({
        name: z.string().regex(componentName, 'Expected a snake_case name such as `vip_customer`'),
        weight: z.number().optional(),
        compute: z.custom<ScoreComponent['compute']>(isFunction, 'Expected a function (input) => number'),
      }),
    )
    .optional(),
  clock: z
    .custom<Clock>((value) => typeof value === 'object' && value !== null && isFunction((value as Clock).now), 'Expected a clock { now(): number }')
    .optional(),
  precision: z.number().int().min(0).max(10).optional(),
}));

/** Checks that span fields; run on the raw input so they are reported together with shape errors. */
function crossFieldIssues(raw: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const names = new Set<string>(builtInComponentNames);
  if (Array.isArray(raw.components)) {
    raw.components.forEach((component: unknown, index) => {
      const name = (component as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || !componentName.test(name)) return;
      if (names.has(name)) {
        const why = (builtInComponentNames as readonly string[]).includes(name) ? 'is a built-in component; pick another name or tune the built-in' : 'is used twice';
        issues.push({ path: `components[${index}].name`, message: `\`${name}\` ${why}` });
      }
      names.add(name);
    });
  }
  if (typeof raw.weights === 'object' && raw.weights !== null) {
    for (const [name, weight] of Object.entries(raw.weights)) {
      if (!names.has(name)) {
        issues.push({ path: `weights.${name}`, message: `No component is named \`${name}\`; known: ${[...names].join(', ')}` });
      } else if ((builtInComponentNames as readonly string[]).includes(name) && typeof weight === 'number' && weight < 0) {
        issues.push({ path: `weights.${name}`, message: 'Built-in weights must be ≥ 0 (use 0 to switch the component off)' });
      }
    }
  }
  if (typeof raw.urgencyLevels === 'object' && raw.urgencyLevels !== null) {
    const levels = { ...scorerDefaults.urgencyLevels, ...(raw.urgencyLevels as Record<string, unknown>) };
    for (let index = 1; index < ticketPriorities.length; index++) {
      const higher = ticketPriorities[index - 1]!;
      const lower = ticketPriorities[index]!;
      const higherValue = levels[higher];
      const lowerValue = levels[lower];
      if (typeof higherValue === 'number' && typeof lowerValue === 'number' && higherValue < lowerValue) {
        issues.push({ path: `urgencyLevels.${lower}`, message: `\`${lower}\` (${lowerValue}) must not exceed \`${higher}\` (${higherValue})` });
      }
    }
  }
  return issues;
}

/**
 * Validates a {@link ScorerConfig} and fills in {@link scorerDefaults}; throws one
 * {@link ValidationError} listing every problem.
 *
 * @internal
 */
export function resolveScorerConfig(config: unknown): ResolvedScorerConfig {
  const raw = config === undefined ? {} : config;
  const parsed = configSchema.safeParse(raw);
  const issues: ValidationIssue[] = parsed.success ? [] : toValidationIssues(parsed.error.issues);
  if (typeof raw === 'object' && raw !== null) issues.push(...crossFieldIssues(raw as Record<string, unknown>));
  if (!parsed.success || issues.length > 0) throw new ValidationError('createScorer config', issues);
  const input = parsed.data;
  const preset = input.preset ?? scorerDefaults.preset;
  const age: AgeCurve = input.age ?? (preset === 'seed' ? { curve: 'inverse' } : { curve: 'saturating' });
  return {
    preset,
    weights: { ...scorerDefaults.weights, ...input.weights },
    urgencyLevels: { ...scorerDefaults.urgencyLevels, ...input.urgencyLevels },
    difficultyPoints: { ...scorerDefaults.difficultyPoints, ...input.difficultyPoints },
    valueUnit: input.valueUnit ?? scorerDefaults.valueUnit,
    frustratedBelow: input.frustratedBelow ?? scorerDefaults.frustratedBelow,
    age:
      age.curve === 'inverse'
        ? { curve: 'inverse', minHours: age.minHours ?? scorerDefaults.inverseAge.minHours }
        : { curve: 'saturating', cap: age.cap ?? scorerDefaults.saturatingAge.cap, halfHours: age.halfHours ?? scorerDefaults.saturatingAge.halfHours },
    defaultPriority: input.defaultPriority ?? scorerDefaults.defaultPriority,
    classifyDifficulty: input.classifyDifficulty,
    components: (config as ScorerConfig | undefined)?.components ?? [],
    clock: input.clock ?? systemClock,
    precision: input.precision ?? scorerDefaults.precision,
  };
}
