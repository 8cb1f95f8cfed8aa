import type { FollowUpFilter } from '../core/domain.js';

/**
 * What a CRM question asks for (seed 000's query types).
 *
 * @example
 * ```ts
 * const { intent } = classifyCrmQuestion({ query: 'How many follow-ups are overdue?' });
 * const wantsRanking = intent === 'prioritise'; // intent is 'count' here
 * ```
 */
export type CrmQuestionIntent = 'compare' | 'prioritise' | 'status_breakdown' | 'count' | 'follow_ups' | 'list' | 'summary';

/**
 * All CRM question intents, in the order {@link classifyCrmQuestion} tries them.
 *
 * @example
 * ```ts
 * const isCrmQuestionIntent = (value: string): value is CrmQuestionIntent => (crmQuestionIntents as readonly string[]).includes(value);
 * ```
 */
export const crmQuestionIntents: readonly CrmQuestionIntent[] = ['compare', 'prioritise', 'status_breakdown', 'count', 'summary', 'follow_ups', 'list'];

/**
 * What {@link classifyCrmQuestion} found in a question.
 *
 * @example
 * ```ts
 * const classified: CrmQuestion = { intent: 'count', filters: ['this_week'] };
 * ```
 */
export interface CrmQuestion {
  readonly intent: CrmQuestionIntent;
  /** Follow-up windows the question names, in the order it names them (empty when none). */
  readonly filters: readonly Exclude<FollowUpFilter, 'all'>[];
}

// Order matters: the first intent whose cue matches wins, so the more specific asks come first
// ("how many overdue vs today" is a comparison, not a count).
const cues: readonly (readonly [Exclude<CrmQuestionIntent, 'summary'> | 'summary', RegExp])[] = [
  ['compare', /\b(compare[sd]?|comparison|versus|vs\.?|against|difference between|differ)\b|\b(more|fewer|less)\b.*\bthan\b/i],
  [
    'prioritise',
    /\bprioriti[sz]\w*|\bpriority\b|\bmost (urgent|important|pressing)\b|\b(call|contact|reach out to|handle|start with|tackle|focus on)\b.*\bfirst\b|\bwho(m)? should i\b|\bfocus on\b|\brank\w*\b|\burgent\w*\b|\bwhere should i start\b|\bwhat should i do first\b/i,
  ],
  ['status_breakdown', /\bstatus(es)?\b|\bbreak ?down\b|\bdistribution\b|\bsplit\b|\bby stage\b|\bstages?\b|\bpipeline\b|\bfunnel\b/i],
  ['count', /\bhow many\b|\bcount\b|\bnumber of\b|\btotal\b|\bhow much\b|\bquantity\b/i],
  ['summary', /\bsummar\w*|\boverview\b|\binsights?\b|\banaly[sz]\w*|\bexplain\b|\breport\b|\bpatterns?\b|\btrends?\b|\brecap\b|\bhighlights?\b/i],
  ['follow_ups', /\bfollow[- ]?ups?\b|\bfollowing up\b|\bcall ?backs?\b|\bdue\b|\boverdue\b|\bto contact\b|\bneed(s)? (a )?(call|contact)\b/i],
  ['list', /\blist\b|\bshow\b|\bdisplay\b|\bwhich\b|\bwho\b|\bwhat are\b|\bids?\b|\bmembers?\b|\bgive me\b|\bleads?\b/i],
];

const filterCues: readonly (readonly [Exclude<FollowUpFilter, 'all'>, RegExp])[] = [
  ['today', /\btoday'?s?\b|\btonight\b|\bthis (morning|afternoon|evening)\b/i],
  ['this_week', /\b(this|current|the) week'?s?\b|\bweekly\b|\bnext (7|seven) days\b|\bweek\b/i],
  ['overdue', /\boverdue\b|\blate\b|\bmiss(?:ed)?\b|\bpast[- ]due\b|\bbehind\b|\bslipped\b|\boutstanding\b/i],
];

/**
 * Recognises what a CRM question asks for, and which follow-up windows it names. Pure and
 * allocation-light: one regular expression test per intent.
 *
 * @example
 * ```ts
 * classifyCrmQuestion({ query: 'Compare today\'s follow-ups with overdue ones' });
 * // { intent: 'compare', filters: ['today', 'overdue'] }
 * ```
 */
export function classifyCrmQuestion(input: { readonly query: string }): CrmQuestion {
  const query = input.query;
  let intent: CrmQuestionIntent = 'summary';
  for (const [candidate, pattern] of cues) {
    if (pattern.test(query)) {
      intent = candidate;
      break;
    }
  }
  const found: { filter: Exclude<FollowUpFilter, 'all'>; index: number }[] = [];
  for (const [filter, pattern] of filterCues) {
    const match = pattern.exec(query);
    if (match) found.push({ filter, index: match.index });
  }
  found.sort((a, b) => a.index - b.index);
  return { intent, filters: found.map((entry) => entry.filter) };
}
