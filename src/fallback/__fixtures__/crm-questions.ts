import type { CrmQuestionIntent } from '../classify-crm-question.js';

/** A CRM question (seed 000 phrasing and variations) with the intent and windows it names. */
export interface CrmQuestionCase {
  readonly query: string;
  readonly intent: CrmQuestionIntent;
  readonly filters?: readonly ('today' | 'this_week' | 'overdue')[];
}

export const crmQuestions: readonly CrmQuestionCase[] = [
  // follow-ups
  { query: 'What are member IDs I need to follow up today?', intent: 'follow_ups', filters: ['today'] },
  { query: 'Show me overdue follow-ups', intent: 'follow_ups', filters: ['overdue'] },
  { query: 'Who needs a follow-up this week?', intent: 'follow_ups', filters: ['this_week'] },
  { query: 'Any follow ups due today?', intent: 'follow_ups', filters: ['today'] },
  { query: 'Which follow-ups are overdue?', intent: 'follow_ups', filters: ['overdue'] },
  { query: 'List the follow-ups for this week', intent: 'follow_ups', filters: ['this_week'] },
  { query: 'Who do I have to call back today?', intent: 'follow_ups', filters: ['today'] },
  { query: 'Which members are due for a follow-up?', intent: 'follow_ups' },
  { query: 'Who did we miss following up with?', intent: 'follow_ups', filters: ['overdue'] },
  { query: "Today's follow-up list please", intent: 'follow_ups', filters: ['today'] },
  // counts
  { query: 'How many members need follow-up this week?', intent: 'count', filters: ['this_week'] },
  { query: 'How many follow-ups are overdue?', intent: 'count', filters: ['overdue'] },
  { query: 'Count the members due today', intent: 'count', filters: ['today'] },
  { query: 'What is the total number of members?', intent: 'count' },
  { query: 'How many leads do we have?', intent: 'count' },
  { query: 'Number of overdue members?', intent: 'count', filters: ['overdue'] },
  { query: 'how many people should I call today', intent: 'count', filters: ['today'] },
  { query: 'Total follow-ups for the week?', intent: 'count', filters: ['this_week'] },
  { query: 'How many members are in the CRM?', intent: 'count' },
  // status breakdown
  { query: "What's the breakdown of lead statuses?", intent: 'status_breakdown' },
  { query: 'Can you explain the current status of our elderly care leads?', intent: 'status_breakdown' },
  { query: 'Show the lead status distribution', intent: 'status_breakdown' },
  { query: 'Break down today by status', intent: 'status_breakdown', filters: ['today'] },
  { query: 'What stage are our leads at?', intent: 'status_breakdown' },
  { query: 'Status summary for overdue members', intent: 'status_breakdown', filters: ['overdue'] },
  { query: 'How is the pipeline split between New and Follow-up?', intent: 'status_breakdown' },
  { query: 'Lead statuses this week?', intent: 'status_breakdown', filters: ['this_week'] },
  { query: 'Give me the funnel by status', intent: 'status_breakdown' },
  // prioritisation
  { query: 'Which members should I prioritise and why?', intent: 'prioritise' },
  { query: 'Which members should I prioritize for follow-up?', intent: 'prioritise' },
  { query: 'Who should I call first today?', intent: 'prioritise', filters: ['today'] },
  { query: 'Who is most urgent?', intent: 'prioritise' },
  { query: 'Rank the overdue members for me', intent: 'prioritise', filters: ['overdue'] },
  { query: 'Where should I start this morning?', intent: 'prioritise', filters: ['today'] },
  { query: 'What should I do first?', intent: 'prioritise' },
  { query: 'Who should I focus on this week?', intent: 'prioritise', filters: ['this_week'] },
  { query: 'Which leads are the highest priority?', intent: 'prioritise' },
  { query: 'Which overdue member should I contact first and why?', intent: 'prioritise', filters: ['overdue'] },
  // comparisons
  { query: "Compare today's follow-ups with overdue ones", intent: 'compare', filters: ['today', 'overdue'] },
  { query: 'Overdue vs today?', intent: 'compare', filters: ['overdue', 'today'] },
  { query: 'Are there more overdue follow-ups than today?', intent: 'compare', filters: ['overdue', 'today'] },
  { query: 'How does this week compare to overdue?', intent: 'compare', filters: ['this_week', 'overdue'] },
  { query: "What's the difference between today's and this week's follow-ups?", intent: 'compare', filters: ['today', 'this_week'] },
  { query: 'today versus overdue please', intent: 'compare', filters: ['today', 'overdue'] },
  { query: 'Comparison of overdue and this week', intent: 'compare', filters: ['overdue', 'this_week'] },
  { query: 'Do we have fewer follow-ups today than overdue?', intent: 'compare', filters: ['today', 'overdue'] },
  // summaries
  { query: "Give me a summary of today's follow-up requirements", intent: 'summary', filters: ['today'] },
  { query: 'Analyze the follow-up patterns for this week', intent: 'summary', filters: ['this_week'] },
  { query: 'What insights can you provide about our CRM data?', intent: 'summary' },
  { query: 'Overview please', intent: 'summary' },
  { query: 'Summarise the overdue situation', intent: 'summary', filters: ['overdue'] },
  { query: 'Any trends I should know about?', intent: 'summary' },
  { query: 'Recap of this week', intent: 'summary', filters: ['this_week'] },
  { query: 'Hello', intent: 'summary' },
  { query: 'What can you tell me?', intent: 'summary' },
  { query: 'Help', intent: 'summary' },
  // listings
  { query: 'List all members', intent: 'list' },
  { query: 'Show me the member IDs', intent: 'list' },
  { query: 'Which leads came in today?', intent: 'list', filters: ['today'] },
  { query: 'Display the members for this week', intent: 'list', filters: ['this_week'] },
  { query: 'Give me the IDs of everyone overdue', intent: 'follow_ups', filters: ['overdue'] },
  { query: 'Who are the new leads?', intent: 'list' },
  { query: 'What are the member IDs?', intent: 'list' },
];
