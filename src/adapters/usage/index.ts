export type {
  BucketCharge,
  BucketRefusal,
  BucketState,
  ReadBucketsOptions,
  ReleaseRequest,
  ReserveRequest,
  ReserveResult,
  SettleRequest,
  UsageAmounts,
  UsageMetric,
  UsageQuery,
  UsageRecord,
  UsageReport,
  UsageStore,
  UsageTotals,
} from '../../core/usage/usage-store.js';
export { createMemoryUsageStore } from '../memory/create-memory-usage-store.js';
export { matchesUsageQuery, summarizeUsage } from './summarize-usage.js';
export { usageQuerySchema } from '../../core/usage/usage-query-schema.js';
export { withUsageStoreFallback } from './with-usage-store-fallback.js';
export type { UsageStoreFallbackOptions, UsageStoreUnavailablePolicy } from './with-usage-store-fallback.js';
