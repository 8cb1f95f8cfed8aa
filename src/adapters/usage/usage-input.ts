/**
 * The one place every UsageStore implementation checks what it is asked to write (memory, Redis
 * and Postgres alike): hand checks, since reserve and settle run on every model call.
 *
 * Each check has a fast path that allocates nothing and runs no regex: one character scan per id
 * (see {@link isPlainId}). Only a request it cannot pass is checked again field by field, which
 * names every offending field in a ValidationError.
 *
 * @internal
 */
import { ValidationError, type ValidationIssue } from '../../core/errors.js';
import { idProblem } from '../text-rules.js';
import type { ReleaseRequest, ReserveRequest, SettleRequest, UsageAmounts, UsageRecord } from '../../core/usage/usage-store.js';

const maxIdLength = 500;

/**
 * Whether `value` is an id that passes {@link idProblem} without a regex: 1 to 500 UTF-16 units,
 * none of them a control character or a surrogate. Every id crmkit makes (UUIDs, bucket keys,
 * model names) is one. An id with a surrogate pair (an emoji) is not plain, but may still be
 * valid: the full check decides.
 */
function isPlainId(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const length = value.length;
  if (length === 0 || length > maxIdLength) return false;
  for (let index = 0; index < length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}

const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;

const plainAmounts = (amounts: UsageAmounts | undefined): boolean =>
  amounts !== undefined && amounts !== null && isCount(amounts.costMicros) && isCount(amounts.tokens) && isCount(amounts.requests);

const plainBucketKeys = (buckets: readonly { readonly key: string }[] | undefined): boolean => {
  if (buckets === undefined) return true;
  for (let index = 0; index < buckets.length; index++) if (!isPlainId(buckets[index]?.key)) return false;
  return true;
};

/** `YYYY-MM-DD` in digits and dashes. */
const isDayShaped = (day: unknown): boolean => {
  if (typeof day !== 'string' || day.length !== 10) return false;
  for (let index = 0; index < 10; index++) {
    const code = day.charCodeAt(index);
    if (index === 4 || index === 7 ? code !== 0x2d : code < 0x30 || code > 0x39) return false;
  }
  return true;
};

const plainRecord = (record: UsageRecord | undefined): boolean =>
  record === undefined ||
  (isPlainId(record.tenantId) &&
    (record.userId === undefined || isPlainId(record.userId)) &&
    (record.sessionId === undefined || isPlainId(record.sessionId)) &&
    isPlainId(record.provider) &&
    isPlainId(record.model) &&
    isDayShaped(record.day));

// The full checks: they run only when a fast path has failed, and name every offending field.

const checkId = (issues: ValidationIssue[], path: string, value: unknown, optional = false): void => {
  if (value === undefined && optional) return;
  if (typeof value !== 'string' || value.length === 0 || value.length > maxIdLength) {
    issues.push({ path, message: `Expected \`${path}\` to be a non-empty string of at most ${maxIdLength} characters` });
    return;
  }
  if (isPlainId(value)) return;
  const problem = idProblem(value);
  if (problem) issues.push({ path, message: `Expected \`${path}\` that ${problem}` });
};

/** Checks every bucket key; the path of a key is spelled out only when it is wrong. */
const checkBucketKeys = (issues: ValidationIssue[], buckets: readonly { readonly key: string }[] | undefined): void => {
  if (buckets === undefined) return;
  for (let index = 0; index < buckets.length; index++) {
    const key = buckets[index]?.key;
    if (!isPlainId(key)) checkId(issues, `buckets[${index}].key`, key);
  }
};

const checkAmounts = (issues: ValidationIssue[], path: string, amounts: UsageAmounts | undefined): void => {
  for (const metric of ['costMicros', 'tokens', 'requests'] as const) {
    if (!isCount(amounts?.[metric])) issues.push({ path: `${path}.${metric}`, message: `Expected \`${path}.${metric}\` to be a non-negative integer` });
  }
};

const checkRecord = (issues: ValidationIssue[], record: UsageRecord | undefined): void => {
  if (record === undefined) return;
  checkId(issues, 'record.tenantId', record.tenantId);
  checkId(issues, 'record.userId', record.userId, true);
  checkId(issues, 'record.sessionId', record.sessionId, true);
  checkId(issues, 'record.provider', record.provider);
  checkId(issues, 'record.model', record.model);
  if (!isDayShaped(record.day)) issues.push({ path: 'record.day', message: 'Expected `record.day` as YYYY-MM-DD' });
};

const fail = (subject: string, issues: ValidationIssue[]): void => {
  if (issues.length > 0) throw new ValidationError(subject, issues);
};

/** Checks a reserve request. */
export function checkReserve(request: ReserveRequest): void {
  if (
    isPlainId(request?.reservationId) &&
    (request.tenantId === undefined || isPlainId(request.tenantId)) &&
    plainBucketKeys(request.buckets) &&
    plainAmounts(request.amounts)
  ) {
    return;
  }
  const issues: ValidationIssue[] = [];
  checkId(issues, 'reservationId', request?.reservationId);
  checkId(issues, 'tenantId', request?.tenantId, true);
  checkBucketKeys(issues, request?.buckets);
  checkAmounts(issues, 'amounts', request?.amounts);
  fail('UsageStore.reserve request', issues);
}

/** Checks a settle request. */
export function checkSettle(request: SettleRequest): void {
  if (
    isPlainId(request?.reservationId) &&
    plainBucketKeys(request.buckets) &&
    (request.tenantId === undefined || isPlainId(request.tenantId)) &&
    plainAmounts(request.actual) &&
    plainRecord(request.record) &&
    (request.tenantId === undefined || request.record === undefined || request.record.tenantId === request.tenantId)
  ) {
    return;
  }
  const issues: ValidationIssue[] = [];
  checkId(issues, 'reservationId', request?.reservationId);
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
  if (isPlainId(request?.reservationId) && (request.tenantId === undefined || isPlainId(request.tenantId))) return;
  const issues: ValidationIssue[] = [];
  checkId(issues, 'reservationId', request?.reservationId);
  checkId(issues, 'tenantId', request?.tenantId, true);
  fail('UsageStore.release request', issues);
}
