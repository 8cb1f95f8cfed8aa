import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { createCrmQueryPrompt } from './crm-query-prompt.js';

const random = (): number => 0.5;
const memberIds = Array.from({ length: 40 }, (_, index) => `MID-2025-11-03-${String(10000 + index)}`);
const input = { question: 'Which members should I prioritize for follow-up and why?', filter: 'today' as const, totalRecords: 40, leadStatusCounts: { New: 15, 'Follow-up': 25 }, memberIds };

describe('createCrmQueryPrompt', () => {
  it('renders seed 000\'s system prompt and data context', () => {
    expect(createCrmQueryPrompt().render({ ...input, memberIds: memberIds.slice(0, 3), totalRecords: 3 }, { random }).messages).toMatchSnapshot();
  });

  it('takes a configurable domain and shows "none" without members', () => {
    const { messages } = createCrmQueryPrompt({ domain: 'a home-care agency' }).render({ ...input, filter: 'all', memberIds: [], totalRecords: 0, leadStatusCounts: {} }, { random });
    expect(messages[0]!.content).toMatch(/^You are an AI CRM assistant for a home-care agency\./);
    expect(messages[1]!.content).toContain('Filter applied: none (all members)\nMember IDs found: 0\nLead statuses: none\n\nRelevant Member IDs: none');
  });

  it('trims the member list from the end with "and N more" while the count stays whole', () => {
    const prompt = createCrmQueryPrompt();
    const full = prompt.render(input, { random });
    const { messages, trimmed, tokens } = prompt.render(input, { random, maxInputTokens: full.tokens - 50 });
    expect(tokens).toBeLessThanOrEqual(full.tokens - 50);
    expect(trimmed).toHaveLength(1);
    expect(trimmed[0]).toMatchObject({ variable: 'member_ids', total: 40 });
    expect(messages[1]!.content).toContain(`Member IDs found: 40`);
    expect(messages[1]!.content).toContain(`${memberIds[trimmed[0]!.kept - 1]} and ${trimmed[0]!.dropped} more`);
  });

  it('names each bad input field', () => {
    try {
      createCrmQueryPrompt().render({ ...input, question: '', filter: 'yesterday' as never, totalRecords: -1 });
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error) && error.issues.map((issue) => issue.path)).toEqual(['question', 'filter', 'totalRecords']);
    }
  });
});
