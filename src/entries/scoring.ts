/**
 * `crmkit/scoring`: the scorer's building blocks (component names, age curves, pagination),
 * topic-alert limits and the follow-up context builders. `createScorer`, `rankTickets` and
 * `filterFollowUps` are in `crmkit`.
 *
 * @packageDocumentation
 * @module scoring
 */
export {
  buildFollowUpContext,
  builtInComponentNames,
  formatStatusBreakdown,
  maxTopicAlertKeywordLength,
  maxTopicAlertKeywords,
  normalizeTopicAlerts,
  unknownLeadStatus,
} from '../scoring/index.js';
export type {
  AgeCurve,
  BuiltInComponentName,
  FollowUpContext,
  FollowUpWindow,
  RankedPagination,
  ScoreContext,
  ScoreInput,
  StatusCount,
  TopicAlertTarget,
  WeightedScoreComponent,
} from '../scoring/index.js';
