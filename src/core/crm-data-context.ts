/**
 * One member as the rule-based CRM answers see it: an id, a lead status and the next follow-up
 * date. Names and contact details are deliberately absent (seed 000: only summary data).
 *
 * @example
 * ```ts
 * const member: CrmMemberSummary = { id: 'MID-2025-11-03-11592', leadStatus: 'New', followUpDate: '2025-11-18' };
 * ```
 */
export interface CrmMemberSummary {
  readonly id: string;
  readonly leadStatus?: string;
  /** `YYYY-MM-DD` in the host's time zone. */
  readonly followUpDate?: string;
}

/**
 * The CRM data a question is answered from (seed 000's "CRM Data Context"). A plain structural
 * type, so whatever builds it (the scoring area's follow-up context, a host's own query, or
 * `parseCrmContext` reading it back out of free text) fits without an adapter.
 *
 * @example
 * ```ts
 * const context: CrmDataContext = {
 *   total: 13,
 *   filter: 'today',
 *   memberIds: ['MID-2025-11-03-11592', 'MID-2025-11-03-08253'],
 *   statusBreakdown: { New: 5, 'Follow-up': 8 },
 * };
 * ```
 */
export interface CrmDataContext {
  /** How many records the filter matched. */
  readonly total: number;
  /** The follow-up window applied: `today`, `this_week`, `overdue`, `all`, or none. */
  readonly filter?: string | null;
  /** Member ids of the matched records, in the order the host wants them shown. */
  readonly memberIds: readonly string[];
  /** Matched records per lead status, e.g. `{ New: 5, 'Follow-up': 8 }`. */
  readonly statusBreakdown: Readonly<Record<string, number>>;
  /**
   * Per-member detail. With follow-up dates the answers can rank by overdue-ness and compare
   * today with overdue; without them they fall back to the breakdown.
   */
  readonly members?: readonly CrmMemberSummary[];
}

/**
 * A CRM question with the data it is asked about, as typed data rather than prompt text: what
 * `assistant.ask` rendered its prompt from. It rides on the request
 * (`ChatRequest.fallbackContext.crm`) so the rule-based last link of a chain answers the same
 * question from the same data as `ask` without providers does.
 *
 * @example
 * ```ts
 * const crm: CrmQuestionContext = {
 *   question: "What's the breakdown of lead statuses?",
 *   data: { total: 2, filter: 'today', memberIds: ['MID-2025-11-03-11592', 'MID-2025-11-03-08253'], statusBreakdown: { New: 1, 'Follow-up': 1 } },
 *   today: '2025-11-21',
 * };
 * ```
 */
export interface CrmQuestionContext {
  /** The staff member's question as they asked it. */
  readonly question: string;
  /** The data the prompt was rendered from. */
  readonly data: CrmDataContext;
  /** Today as `YYYY-MM-DD` in the host's time zone, so every link agrees on "today". */
  readonly today?: string;
}

/**
 * Structured data a request carries for a degraded (rule-based) link: the typed facts the
 * prompt was rendered from. Model providers never send it; the prompt stays what models see.
 *
 * @example
 * ```ts
 * const request: ChatRequest = { messages, fallbackContext: { crm: { question: 'Who is overdue?', data } } };
 * ```
 */
export interface FallbackContext {
  /** A CRM question and its data (seed 000). */
  readonly crm?: CrmQuestionContext;
}
