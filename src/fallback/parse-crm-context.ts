import type { CrmDataContext, CrmMemberSummary } from './crm-data-context.js';

/**
 * What {@link parseCrmContext} recovered from a prompt: the data context (when the text holds
 * one) and the staff member's question (when the prompt labels it).
 *
 * @example
 * ```ts
 * const parsed: ParsedCrmPrompt = { context: { total: 1, filter: 'today', memberIds: ['MID-2025-11-03-11592'], statusBreakdown: { New: 1 } }, query: 'Who is due today?' };
 * ```
 */
export interface ParsedCrmPrompt {
  readonly context?: CrmDataContext;
  readonly query?: string;
}

const memberIdPattern = /\bMID-\d{4}-\d{2}-\d{2}-\d{1,6}\b/gi;
const datePattern = /\b(\d{4}-\d{2}-\d{2})\b/g;

/**
 * Reads a CRM data context back out of prompt text in seed 000's layout ("Total records: 13",
 * "Filter applied: today", "Lead statuses: New: 5, Follow-up: 8", "Relevant Member IDs: …",
 * "User Question: …"), so the rule-based responder can answer a request that was built for a
 * model. Lines holding a member id plus a `YYYY-MM-DD` date and a known status become
 * per-member rows. Returns no context when the text has neither a total nor a member id.
 *
 * @example
 * ```ts
 * const { context, query } = parseCrmContext(`CRM Data Context:
 * Total records: 2
 * Filter applied: today
 * Lead statuses: New: 1, Follow-up: 1
 * Relevant Member IDs: MID-2025-11-03-11592, MID-2025-11-03-8253
 * User Question: Who needs a call today?`);
 * // context.total === 2, context.memberIds.length === 2, query === 'Who needs a call today?'
 * ```
 */
export function parseCrmContext(text: string): ParsedCrmPrompt {
  // `[ \t]*`, not `\s*`: the question is on the label's own line. `\s*` crossed the line break
  // after an empty "User Question:" and captured whatever the next line held.
  const query = (
    /^[ \t]*(?:user question|question|query)[ \t]*:[ \t]*(\S.*)$/im.exec(text)?.[1] ??
    // crmkit's own CRM prompt puts the question in an untrusted block on the lines after the label.
    /^[ \t]*(?:user question|question|query)[ \t]*:[ \t]*\r?\n[ \t]*<(untrusted_\w+)[^>\n]*>\r?\n?([\s\S]*?)\r?\n?<\/\1>/im.exec(text)?.[2]
  )?.trim();
  const totalMatch = /\btotal(?: records| members)?[ \t]*:[ \t]*(\d+)/i.exec(text);
  const filter = /\bfilter(?: applied)?[ \t]*:[ \t]*([a-z_ -]+?)[ \t]*$/im.exec(text)?.[1]?.trim();
  const statusLine = /\b(?:lead )?status(?:es| breakdown)?[ \t]*:[ \t]*(.+)$/im.exec(text)?.[1] ?? '';
  const statusBreakdown: Record<string, number> = {};
  for (const part of statusLine.split(/[,;|]/)) {
    const match = /^\s*(.+?)\s*[:=]\s*(\d+)\s*$/.exec(part);
    if (match) statusBreakdown[match[1] as string] = Number(match[2]);
  }

  const memberIds: string[] = [];
  const seen = new Set<string>();
  const members: CrmMemberSummary[] = [];
  const statuses = Object.keys(statusBreakdown).sort((a, b) => b.length - a.length);
  for (const line of text.split('\n')) {
    const ids = line.match(memberIdPattern);
    if (!ids) continue;
    for (const raw of ids) {
      const id = raw.toUpperCase();
      if (!seen.has(id)) {
        seen.add(id);
        memberIds.push(id);
      }
    }
    // A row describes one member: exactly one id, plus a date that is not inside the id.
    if (ids.length !== 1) continue;
    const rest = line.replace(memberIdPattern, ' ');
    const followUpDate = rest.match(datePattern)?.[0];
    const lower = rest.toLowerCase();
    const leadStatus = statuses.find((status) => lower.includes(status.toLowerCase()));
    if (followUpDate !== undefined || leadStatus !== undefined) {
      members.push({ id: (ids[0] as string).toUpperCase(), ...(leadStatus === undefined ? {} : { leadStatus }), ...(followUpDate === undefined ? {} : { followUpDate }) });
    }
  }

  if (!totalMatch && memberIds.length === 0) return query === undefined ? {} : { query };
  const total = totalMatch ? Number(totalMatch[1]) : memberIds.length;
  const context: CrmDataContext = {
    total,
    filter: filter ?? null,
    memberIds,
    statusBreakdown,
    ...(members.length > 0 && members.length === total ? { members } : {}),
  };
  return query === undefined ? { context } : { context, query };
}
