/**
 * The one place every UsageStore implementation checks what it is asked to write (memory, Redis
 * and Postgres alike): hand checks, since reserve and settle run on every model call.
 *
 * @internal
 */
import { ValidationError, type ValidationIssue } from '../../core/errors.js';
import { idProblem } from '../text-rules.js';
import type { ReleaseRequest, ReserveRequest, SettleRequest, UsageAmounts, UsageRecord } from '../../core/usage/usage-store.js';

const checkId = (issues: ValidationIssue[], path: string, value: unknown, optional = false): void => {
  if (value === undefined && optional) return;
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) {
    issues.push({ path, message: `Expected \`${path}\` to be a non-empty string of at most 500 characters` });
    return;
  }
  const problem = idProblem(value);
  if (problem) issues.push({ path, message: `Expected \`${path}\` that ${problem}` });
};

const checkAmounts = (issues: ValidationIssue[], path: string, amounts: UsageAmounts | undefined): void => {
  for (const metric of ['costMicros', 'tokens', 'requests'] as const) {
    const value = amounts?.[metric];
    if (!Number.isSafeInteger(value) || (value as number) < 0) issues.push({ path: `${path}.${metric}`, message: `Expected \`${path}.${metric}\` to be a non-negative integer` });
  }
};

const checkRecord = (issues: ValidationIssue[], record: UsageRecord | undefined): void => {
  if (record === undefined) return;
  checkId(issues, 'record.tenantId', record.tenantId);
  checkId(issues, 'record.userId', record.userId, true);
  checkId(issues, 'record.sessionId', record.sessionId, true);
  checkId(issues, 'record.provider', record.provider);
  checkId(issues, 'record.model', record.model);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(record.day ?? '')) issues.push({ path: 'record.day', message: 'Expected `record.day` as YYYY-MM-DD' });
};

const fail = (subject: string, issues: ValidationIssue[]): void => {
  if (issues.length > 0) throw new ValidationError(subject, issues);
};

/** Checks a reserve request. */
export function checkReserve(request: ReserveRequest): void {
  const issues: ValidationIssue[] = [];
  checkId(issues, 'reservationId', request?.reservationId);
  checkId(issues, 'tenantId', request?.tenantId, true);
  (request?.buckets ?? []).forEach((charge, index) => checkId(issues, `buckets[${index}].key`, charge?.key));
  checkAmounts(issues, 'amounts', request?.amounts);
  fail('UsageStore.reserve request', issues);
}

/** Checks a settle request. */
export function checkSettle(request: SettleRequest): void {
  const issues: ValidationIssue[] = [];
  checkId(issues, 'reservationId', request?.reservationId);
  (request?.buckets ?? []).forEach((charge, index) => checkId(issues, `buckets[${index}].key`, charge?.key));
  checkId(issues, 'tenantId', request?.tenantId, true);
  checkAmounts(issues, 'actual', request?.actual);
  checkRecord(issues, request?.record);
  if (request?.tenantId !== undefined && request.record !== undefined && request.record.tenantId !== request.tenantId) {
    issues.push({ path: 'record.tenantId', message: 'Expected `record.tenantId` to equal `tenantId`' });
  }
  fail('UsageStore.settle request', issues);
}

/** Checks a release request. */
export function checkRelease(request: ReleaseRequest): void {
  const issues: ValidationIssue[] = [];
  checkId(issues, 'reservationId', request?.reservationId);
  checkId(issues, 'tenantId', request?.tenantId, true);
  fail('UsageStore.release request', issues);
}
