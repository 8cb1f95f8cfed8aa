/**
 * The one place every UsageStore implementation checks what it is asked to write (memory, Redis
 * and Postgres alike): hand checks, since reserve and settle run on every model call.
 *
 * @internal
 */
import { ValidationError, type ValidationIssue } from '../../core/errors.js';
import { idProblem } from '../text-rules.js';
import type { ReleaseRequest, ReserveRequest, SettleRequest, UsageAmounts, UsageRecord } from '../../core/usage/usage-store.js';

// Ids already found valid (strings are immutable, so the verdict holds): reserve and settle see the
// same tenant, user, session, provider, model and bucket keys call after call. Bounded: cleared
// when full.
const validIds = new Set<string>();
const validIdsMax = 4096;

const checkId = (issues: ValidationIssue[], path: string, value: unknown, optional = false, remember = true): void => {
  if (value === undefined && optional) return;
  if (typeof value === 'string' && validIds.has(value)) return;
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) {
    issues.push({ path, message: `Expected \`${path}\` to be a non-empty string of at most 500 characters` });
    return;
  }
  const problem = idProblem(value);
  if (problem) {
    issues.push({ path, message: `Expected \`${path}\` that ${problem}` });
    return;
  }
  if (!remember) return;
  if (validIds.size >= validIdsMax) validIds.clear();
  validIds.add(value);
};

/** Checks every bucket key; the path of a key is spelled out only when it is wrong. */
const checkBucketKeys = (issues: ValidationIssue[], buckets: readonly { readonly key: string }[] | undefined): void => {
  if (buckets === undefined) return;
  for (let index = 0; index < buckets.length; index++) {
    const key = buckets[index]?.key;
    if (typeof key === 'string' && validIds.has(key)) continue;
    checkId(issues, `buckets[${index}].key`, key);
  }
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
  checkId(issues, 'reservationId', request?.reservationId, false, false); // unique per call: not remembered
  checkId(issues, 'tenantId', request?.tenantId, true);
  checkBucketKeys(issues, request?.buckets);
  checkAmounts(issues, 'amounts', request?.amounts);
  fail('UsageStore.reserve request', issues);
}

/** Checks a settle request. */
export function checkSettle(request: SettleRequest): void {
  const issues: ValidationIssue[] = [];
  checkId(issues, 'reservationId', request?.reservationId, false, false); // unique per call: not remembered
  checkBucketKeys(issues, request?.buckets);
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
  checkId(issues, 'reservationId', request?.reservationId, false, false); // unique per call: not remembered
  checkId(issues, 'tenantId', request?.tenantId, true);
  fail('UsageStore.release request', issues);
}
