/**
 * `crmkit/adapters`: for people who write a store or a data source. The record and option types
 * of the contracts the root entry exports (`ConversationStore`, `UsageStore`, `PromptStore`,
 * `TicketSource`, …), the memory implementations' options, the usage helpers and
 * `gatherTicketContext`. The Postgres, Redis and Sheets implementations stay in
 * `crmkit/adapters/postgres`, `crmkit/adapters/redis` and `crmkit/adapters/sheets`.
 *
 * @packageDocumentation
 * @module adapters
 */
export {
  conversationStatuses,
  gatherTicketContext,
  matchesUsageQuery,
  summarizeUsage,
  usageQuerySchema,
} from '../adapters/index.js';
export type {
  AdapterErrorOptions,
  BucketCharge,
  BucketRefusal,
  BucketState,
  ConversationStatus,
  GatherTicketContextOptions,
  HistoryOptions,
  HistoryPage,
  JsonObject,
  JsonValue,
  ListUserSessionsOptions,
  MemberListOptions,
  MemoryConversationStoreOptions,
  MemoryCustomerSourceOptions,
  MemoryKnowledgeSourceOptions,
  MemoryMemberSourceOptions,
  MemoryOrderSourceOptions,
  MemoryPromptStoreOptions,
  MemoryTicketSourceOptions,
  MissingContext,
  MissingContextReason,
  NewConversationMessage,
  NewConversationSession,
  NewStoredPrompt,
  PastTicketsOptions,
  ReadBucketsOptions,
  RecentOrdersOptions,
  ReleaseRequest,
  ReserveRequest,
  ReserveResult,
  SessionFeedback,
  SettleRequest,
  StoreCallOptions,
  StoredPrompt,
  TicketContext,
  TicketContextPart,
  TicketContextTimeouts,
  TicketListOptions,
  UsageAmounts,
  UsageMetric,
  UsageRecord,
  UsageStoreFallbackOptions,
  UsageStoreUnavailablePolicy,
  UsageTotals,
} from '../adapters/index.js';
