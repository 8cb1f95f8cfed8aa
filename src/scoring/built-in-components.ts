import { ticketPriorities, type TicketDifficulty, type TicketPriority } from '../core/domain.js';
import type { ScoreComponent } from './score-component.js';
import type { ResolvedScorerConfig } from './scorer-config.js';

/** No component value or contribution exceeds this magnitude, so a total is always finite. @internal */
export const maxComponentMagnitude = 1e12;

/** NaN → 0, ±Infinity and huge values → ±maxComponentMagnitude. Monotone, so it keeps every ordering guarantee. @internal */
export function clampMagnitude(value: number): number {
  if (value !== value) return 0;
  if (value > maxComponentMagnitude) return maxComponentMagnitude;
  if (value < -maxComponentMagnitude) return -maxComponentMagnitude;
  return value;
}

const priorities = new Set<string>(ticketPriorities);
const difficulties = new Set<string>(['easy', 'normal', 'complex']);

/** The ticket's priority, or the configured default when it is missing or not one we know. @internal */
export function effectivePriority(priority: unknown, fallback: TicketPriority): TicketPriority {
  return typeof priority === 'string' && priorities.has(priority) ? (priority as TicketPriority) : fallback;
}

/** The age value (before weighting) for `hours` waiting. @internal */
export function ageValue(config: ResolvedScorerConfig['age'], hours: number): number {
  if (config.curve === 'inverse') return 1 / Math.max(hours, config.minHours);
  return (config.cap * hours) / (hours + config.halfHours);
}

/**
 * The seven built-in components of seed 004, reading the resolved configuration.
 *
 * Missing data, by design: no customer → churn 0 and LTV 0; churn outside 0–1 is clamped;
 * negative LTV counts as 0; no sentiment → no boost (unknown is not frustrated); no or unknown
 * priority → `defaultPriority`; no difficulty and no classifier → `normal`.
 *
 * @internal
 */
export function createBuiltInComponents(config: ResolvedScorerConfig): ScoreComponent[] {
  const { urgencyLevels, difficultyPoints, valueUnit, frustratedBelow, defaultPriority, classifyDifficulty } = config;
  const ageConfig = config.age;
  return [
    {
      name: 'churn_risk',
      compute: ({ customer }) => {
        const churn = customer?.churnRisk;
        if (typeof churn !== 'number' || churn !== churn) return 0;
        return churn < 0 ? 0 : churn > 1 ? 1 : churn;
      },
    },
    {
      name: 'customer_value',
      compute: ({ customer }) => {
        const ltv = customer?.ltv;
        if (typeof ltv !== 'number' || !(ltv > 0)) return 0;
        return clampMagnitude(ltv / valueUnit);
      },
    },
    { name: 'urgency', compute: ({ ticket }) => urgencyLevels[effectivePriority(ticket.priority, defaultPriority)] },
    { name: 'age', compute: ({ context }) => ageValue(ageConfig, context.hoursWaiting) },
    {
      name: 'difficulty',
      compute: ({ ticket }) => {
        let difficulty: unknown = ticket.difficulty;
        if (typeof difficulty !== 'string' || !difficulties.has(difficulty)) difficulty = classifyDifficulty?.(ticket);
        return typeof difficulty === 'string' && difficulties.has(difficulty) ? difficultyPoints[difficulty as TicketDifficulty] : difficultyPoints.normal;
      },
    },
    {
      name: 'sentiment',
      compute: ({ ticket }) => (typeof ticket.sentiment === 'number' && ticket.sentiment < frustratedBelow ? 1 : 0),
    },
    { name: 'topic_alert', compute: ({ context }) => (context.topicAlertMatches.length > 0 ? 1 : 0) },
  ];
}
