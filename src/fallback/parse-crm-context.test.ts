import { describe, expect, it } from 'vitest';
import { parseCrmContext } from './parse-crm-context.js';

describe('parseCrmContext', () => {
  it("reads seed 000's prompt layout back into a context and a question", () => {
    const parsed = parseCrmContext(`CRM Data Context:
Total records: 13
Filter applied: today
Member IDs found: 13
Lead statuses: New: 5, Follow-up: 8
These members need follow-up TODAY

Relevant Member IDs: MID-2025-11-03-11592, MID-2025-11-03-8253, MID-2025-11-04-38351

User Question: Which members should I prioritize for follow-up and why?

Provide a clear, concise answer based on the CRM data above.`);
    expect(parsed.query).toBe('Which members should I prioritize for follow-up and why?');
    expect(parsed.context).toEqual({
      total: 13,
      filter: 'today',
      memberIds: ['MID-2025-11-03-11592', 'MID-2025-11-03-8253', 'MID-2025-11-04-38351'],
      statusBreakdown: { New: 5, 'Follow-up': 8 },
    });
  });

  it('recovers per-member rows with a status and a follow-up date', () => {
    const parsed = parseCrmContext(`Total records: 2
Lead statuses: New: 1, Follow-up: 1
- MID-2025-11-03-11592 | Follow-up | next 2025-11-18
- MID-2025-11-04-38351 | New | next 2025-11-25`);
    expect(parsed.context?.members).toEqual([
      { id: 'MID-2025-11-03-11592', leadStatus: 'Follow-up', followUpDate: '2025-11-18' },
      { id: 'MID-2025-11-04-38351', leadStatus: 'New', followUpDate: '2025-11-25' },
    ]);
  });

  it('finds no context in ordinary text', () => {
    expect(parseCrmContext('Where is my order #54321?')).toEqual({});
  });
  it('never reads the line after an empty label as the question (the `\\s*` line-crossing bug)', () => {
    const parsed = parseCrmContext('Total records: 1\nRelevant Member IDs: MID-2025-11-03-11592\nUser Question:\nProvide a clear, concise answer.');
    expect(parsed.query).toBeUndefined();
    expect(parseCrmContext('Filter applied:\nLead statuses: New: 1\nTotal records: 1').context?.filter).toBeNull();
  });

  it("reads the question out of the untrusted block crmkit's CRM prompt puts after the label", () => {
    const parsed = parseCrmContext(
      'CRM Data Context:\nTotal records: 2\nFilter applied: today\nLead statuses: New: 1, Follow-up: 1\n\nRelevant Member IDs: MID-2025-11-03-11592, MID-2025-11-03-08253\n\nUser Question:\n<untrusted_ab12 source="question">\nWhat\'s the breakdown of lead statuses?\n</untrusted_ab12>\n\nProvide a clear, concise answer based on the CRM data above.',
    );
    expect(parsed.query).toBe("What's the breakdown of lead statuses?");
    expect(parsed.context).toMatchObject({ total: 2, filter: 'today', statusBreakdown: { New: 1, 'Follow-up': 1 } });
  });
});
