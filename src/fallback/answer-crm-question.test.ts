import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { crmQuestions } from './__fixtures__/crm-questions.js';
import { answerCrmQuestion } from './answer-crm-question.js';
import { classifyCrmQuestion } from './classify-crm-question.js';
import type { CrmDataContext } from './crm-data-context.js';
import { formatIdList } from './format-id-list.js';

const today = '2025-11-21';
const dated: CrmDataContext = {
  total: 5,
  filter: 'all',
  memberIds: ['MID-2025-11-03-11592', 'MID-2025-11-03-8253', 'MID-2025-11-04-38351', 'MID-2025-11-05-00001', 'MID-2025-11-06-00002'],
  statusBreakdown: { 'Follow-up': 2, New: 2, Contacted: 1 },
  members: [
    { id: 'MID-2025-11-03-11592', leadStatus: 'Follow-up', followUpDate: '2025-11-18' },
    { id: 'MID-2025-11-03-8253', leadStatus: 'New', followUpDate: '2025-11-21' },
    { id: 'MID-2025-11-04-38351', leadStatus: 'New', followUpDate: '2025-11-25' },
    { id: 'MID-2025-11-05-00001', leadStatus: 'Contacted', followUpDate: '2025-11-10' },
    { id: 'MID-2025-11-06-00002', leadStatus: 'Follow-up', followUpDate: '2025-11-21' },
  ],
};
const summaryOnly: CrmDataContext = {
  total: 13,
  filter: 'today',
  memberIds: Array.from({ length: 13 }, (_, index) => `MID-2025-11-03-${String(10000 + index)}`),
  statusBreakdown: { New: 5, 'Follow-up': 8 },
};
const empty: CrmDataContext = { total: 0, filter: 'overdue', memberIds: [], statusBreakdown: {} };

describe('classifyCrmQuestion (table)', () => {
  it.each(crmQuestions)('$query → $intent', (question) => {
    const classified = classifyCrmQuestion({ query: question.query });
    expect(classified.intent).toBe(question.intent);
    expect(classified.filters).toEqual(question.filters ?? []);
  });

  it('has at least 60 questions covering every intent', () => {
    expect(crmQuestions.length).toBeGreaterThanOrEqual(60);
    expect(new Set(crmQuestions.map((question) => question.intent)).size).toBe(7);
  });
});

describe('answerCrmQuestion', () => {
  it.each(crmQuestions)('never answers "$query" with an empty string, whatever the data', (question) => {
    for (const context of [dated, summaryOnly, empty]) {
      for (const day of [today, undefined]) {
        const answer = answerCrmQuestion({ query: question.query, context, ...(day ? { today: day } : {}) });
        expect(answer.text.trim().length).toBeGreaterThan(20);
        expect(answer.text).not.toMatch(/undefined|NaN|\[object/);
      }
    }
  });

  it('answers follow-ups with the count and every member id (seed 000)', () => {
    const answer = answerCrmQuestion({ query: 'What are member IDs I need to follow up today?', context: dated, today });
    expect(answer.intent).toBe('follow_ups');
    expect(answer.filter).toBe('today');
    expect(answer.count).toBe(2);
    expect(answer.memberIds).toEqual(['MID-2025-11-03-8253', 'MID-2025-11-06-00002']);
    expect(answer.text).toBe('2 members need follow-up today: MID-2025-11-03-8253 and MID-2025-11-06-00002. By status: Follow-up 1, New 1.');
  });

  it('truncates long id lists visibly, never silently', () => {
    const answer = answerCrmQuestion({ query: 'List the members', context: summaryOnly, maxIds: 3 });
    expect(answer.text).toContain('MID-2025-11-03-10000, MID-2025-11-03-10001, MID-2025-11-03-10002 and 10 more');
    expect(answer.memberIds).toHaveLength(13);
  });

  it('says so when the data counts more records than it names', () => {
    const answer = answerCrmQuestion({ query: 'Who needs a follow-up today?', context: { ...summaryOnly, memberIds: summaryOnly.memberIds.slice(0, 3) } });
    expect(answer.text).toContain('(10 more without an ID in the data)');
  });

  it('gives the status breakdown with shares, largest first', () => {
    const answer = answerCrmQuestion({ query: "What's the breakdown of lead statuses?", context: summaryOnly });
    expect(answer.text).toContain('Lead status breakdown for 13 members due for follow-up today: Follow-up 8 (62%), New 5 (38%).');
  });

  it('ranks by overdue-ness, then lead status, and explains why', () => {
    const answer = answerCrmQuestion({ query: 'Which members should I prioritise and why?', context: dated, today });
    expect(answer.intent).toBe('prioritise');
    expect(answer.memberIds).toEqual(['MID-2025-11-05-00001', 'MID-2025-11-03-11592', 'MID-2025-11-03-8253', 'MID-2025-11-06-00002', 'MID-2025-11-04-38351']);
    expect(answer.text).toContain('1. MID-2025-11-05-00001 (overdue by 11 days, Contacted)');
    expect(answer.text).toContain('3. MID-2025-11-03-8253 (due today, New); 4. MID-2025-11-06-00002 (due today, Follow-up)');
    expect(answer.text).toMatch(/Why: overdue follow-ups come first/);
  });

  it('ranks by the configured status order', () => {
    const answer = answerCrmQuestion({ query: 'Who should I call first today?', context: dated, today, statusOrder: ['Follow-up', 'New'] });
    expect(answer.memberIds).toEqual(['MID-2025-11-06-00002', 'MID-2025-11-03-8253']);
  });

  it('ranks statuses when no per-member data exists', () => {
    const answer = answerCrmQuestion({ query: 'Which members should I prioritize for follow-up?', context: summaryOnly });
    expect(answer.text).toContain('rank by lead status: New (5), then Follow-up (8)');
    expect(answer.text).toContain('and 3 more');
  });

  it('compares today with overdue when dated members are known', () => {
    const answer = answerCrmQuestion({ query: "Compare today's follow-ups with overdue ones", context: dated, today });
    expect(answer.intent).toBe('compare');
    expect(answer.text).toContain('Due today: 2 members (Follow-up 1, New 1) — MID-2025-11-03-8253 and MID-2025-11-06-00002.');
    expect(answer.text).toContain('Overdue: 2 members (Contacted 1, Follow-up 1) — MID-2025-11-03-11592 and MID-2025-11-05-00001.');
    expect(answer.text).toContain('Both have 2.');
  });

  it('explains what is missing for a comparison instead of inventing numbers', () => {
    const answer = answerCrmQuestion({ query: 'Overdue vs today?', context: summaryOnly, today });
    expect(answer.text).toMatch(/^I can't compare overdue follow-ups with today's follow-ups without per-member follow-up dates/);
    expect(answer.text).toContain('13 members need follow-up today');
  });

  it('narrows an unfiltered context to the window the question names', () => {
    const answer = answerCrmQuestion({ query: 'How many follow-ups are overdue?', context: dated, today });
    expect(answer).toMatchObject({ intent: 'count', filter: 'overdue', count: 2 });
  });

  it('says which view it answers from when it cannot narrow', () => {
    const answer = answerCrmQuestion({ query: 'Show me overdue follow-ups', context: summaryOnly, today });
    expect(answer.text).toMatch(/^I only have the today's follow-ups view of the data/);
  });

  it('summarises anything else with counts, breakdown, timeline and ids', () => {
    const answer = answerCrmQuestion({ query: 'What insights can you provide about our CRM data?', context: dated, today });
    expect(answer.text).toBe(
      '5 members are in the CRM data. By status: Follow-up 2, New 2, Contacted 1. Follow-ups: 2 overdue, 2 due today, 1 due later this week. Clear the overdue ones first. Member IDs: MID-2025-11-03-11592, MID-2025-11-03-8253, MID-2025-11-04-38351, MID-2025-11-05-00001 and MID-2025-11-06-00002.',
    );
  });

  it('rejects malformed input with every problem named', () => {
    const call = (): unknown => answerCrmQuestion({ query: 42 as unknown as string, context: { total: -1, memberIds: 'x' } as unknown as CrmDataContext, today: '2025-02-30' });
    expect(call).toThrow(ValidationError);
    try {
      call();
    } catch (error) {
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['query', 'context.total', 'context.memberIds', 'context.statusBreakdown', 'today']);
    }
  });
});

describe('formatIdList', () => {
  it('joins naturally and counts what it leaves out', () => {
    expect(formatIdList([], 3)).toBe('');
    expect(formatIdList(['A'], 3)).toBe('A');
    expect(formatIdList(['A', 'B', 'C'], 3)).toBe('A, B and C');
    expect(formatIdList(['A', 'B', 'C', 'D'], 2)).toBe('A, B and 2 more');
  });
});
