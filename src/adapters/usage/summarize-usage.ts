import type { UsageQuery, UsageRecord, UsageReport, UsageTotals } from '../../core/usage/usage-store.js';

type MutableTotals = { -readonly [K in keyof UsageTotals]: UsageTotals[K] };

const emptyTotals = (): MutableTotals => ({ requests: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0, costMicros: 0 });

function add(totals: MutableTotals, record: Pick<UsageRecord, 'requests' | 'inputTokens' | 'outputTokens' | 'costMicros'>): void {
  totals.requests += record.requests;
  totals.inputTokens += record.inputTokens;
  totals.outputTokens += record.outputTokens;
  totals.totalTokens += record.inputTokens + record.outputTokens;
  totals.costMicros += record.costMicros;
}

/**
 * Whether a ledger row answers a query (tenant, optional user, inclusive day range). Days are
 * `YYYY-MM-DD`, so string order is calendar order.
 *
 * @example
 * ```ts
 * records.filter((record) => matchesUsageQuery(record, { tenantId: 'acme', from: '2025-11-01' }));
 * ```
 */
export function matchesUsageQuery(record: Pick<UsageRecord, 'tenantId' | 'userId' | 'day'>, query: UsageQuery): boolean {
  if (record.tenantId !== query.tenantId) return false;
  if (query.userId !== undefined && record.userId !== query.userId) return false;
  if (query.from !== undefined && record.day < query.from) return false;
  if (query.to !== undefined && record.day > query.to) return false;
  return true;
}

/**
 * Builds a {@link UsageReport} from ledger rows that already match `query`. Shared by every store,
 * so they all report the same shape and order.
 *
 * @example
 * ```ts
 * const report = summarizeUsage({ tenantId: 'acme' }, rows);
 * ```
 */
export function summarizeUsage(query: UsageQuery, records: Iterable<UsageRecord>): UsageReport {
  const total = emptyTotals();
  const byProvider = new Map<string, MutableTotals & { provider: string }>();
  const byModel = new Map<string, MutableTotals & { provider: string; model: string }>();
  const byDay = new Map<string, MutableTotals & { day: string }>();
  for (const record of records) {
    add(total, record);
    const provider = byProvider.get(record.provider) ?? { provider: record.provider, ...emptyTotals() };
    add(provider, record);
    byProvider.set(record.provider, provider);
    const modelKey = `${record.provider}\u0000${record.model}`;
    const model = byModel.get(modelKey) ?? { provider: record.provider, model: record.model, ...emptyTotals() };
    add(model, record);
    byModel.set(modelKey, model);
    const day = byDay.get(record.day) ?? { day: record.day, ...emptyTotals() };
    add(day, record);
    byDay.set(record.day, day);
  }
  const byCost = (left: UsageTotals & { provider: string; model?: string }, right: UsageTotals & { provider: string; model?: string }): number =>
    right.costMicros - left.costMicros || right.requests - left.requests || `${left.provider}/${left.model ?? ''}`.localeCompare(`${right.provider}/${right.model ?? ''}`);
  return {
    tenantId: query.tenantId,
    ...(query.userId !== undefined ? { userId: query.userId } : {}),
    ...(query.from !== undefined ? { from: query.from } : {}),
    ...(query.to !== undefined ? { to: query.to } : {}),
    ...total,
    byProvider: [...byProvider.values()].sort(byCost),
    byModel: [...byModel.values()].sort(byCost),
    byDay: [...byDay.values()].sort((left, right) => (left.day < right.day ? -1 : left.day > right.day ? 1 : 0)),
  };
}
