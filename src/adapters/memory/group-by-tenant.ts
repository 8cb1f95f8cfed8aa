/**
 * Indexes seed records by tenant, so a lookup can never reach another tenant's rows.
 *
 * @internal
 */
export function groupByTenant<T extends { readonly tenantId: string }>(records: readonly T[]): Map<string, T[]> {
  const byTenant = new Map<string, T[]>();
  for (const record of records) {
    const list = byTenant.get(record.tenantId);
    if (list) list.push(record);
    else byTenant.set(record.tenantId, [record]);
  }
  return byTenant;
}
