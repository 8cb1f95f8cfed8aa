import { describe, expect, it } from 'vitest';
import type { Member } from '../core/domain.js';
import { buildFollowUpContext, unknownLeadStatus } from './build-follow-up-context.js';
import { formatStatusBreakdown } from './format-status-breakdown.js';

const now = Date.parse('2025-11-21T12:00:00Z');

function memberOf(id: string, leadStatus: string, followUpDate?: string): Member {
  return { id, tenantId: 'care', leadStatus, followUpDate, name: 'Private Name', phone: '+44 20 7946 0000' };
}

describe('buildFollowUpContext', () => {
  const members = [
    ...Array.from({ length: 5 }, (_, index) => memberOf(`MID-2025-11-03-${index}`, 'New', '2025-11-21')),
    ...Array.from({ length: 8 }, (_, index) => memberOf(`MID-2025-11-04-${index}`, 'Follow-up', '2025-11-21')),
    memberOf('MID-late', 'Contacted', '2025-11-10'),
    memberOf('MID-blank', '  ', '2025-11-21'),
  ];

  it("builds seed 000's data context: total, filter, member ids and lead-status breakdown", () => {
    const context = buildFollowUpContext({ members, filter: 'today', timeZone: 'Europe/London', now });
    expect(context.total).toBe(14);
    expect(context.filter).toBe('today');
    expect(context.timeZone).toBe('Europe/London');
    expect(context.window).toEqual({ today: '2025-11-21', from: '2025-11-21', to: '2025-11-21' });
    expect(context.memberIds).toHaveLength(14);
    expect(context.memberIds[0]).toBe('MID-2025-11-03-0');
    expect(context.statusBreakdown).toEqual([
      { status: 'Follow-up', count: 8 },
      { status: 'New', count: 5 },
      { status: unknownLeadStatus, count: 1 },
    ]);
    expect(formatStatusBreakdown(context.statusBreakdown)).toBe('Follow-up: 8, New: 5, Unknown: 1');
  });

  it('keeps member names and phones out of the context', () => {
    const text = JSON.stringify(buildFollowUpContext({ members, filter: 'all', timeZone: 'UTC', now }));
    expect(text).not.toContain('Private Name');
    expect(text).not.toContain('7946');
  });

  it('reports an empty selection plainly', () => {
    const context = buildFollowUpContext({ members, filter: 'overdue', timeZone: 'UTC', now: Date.parse('2025-11-01T00:00:00Z') });
    expect(context).toMatchObject({ total: 0, memberIds: [], statusBreakdown: [] });
    expect(formatStatusBreakdown(context.statusBreakdown)).toBe('none');
  });
});
