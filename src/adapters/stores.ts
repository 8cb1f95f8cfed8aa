export { AdapterError } from './adapter-error.js';
export type { AdapterErrorKind, AdapterErrorOptions } from './adapter-error.js';
export type { StoreCallOptions } from '../core/store-call-options.js';
export type { CustomerSource } from './customer-source.js';
export type { OrderSource, RecentOrdersOptions } from './order-source.js';
export type { PastTicketsOptions, TicketListOptions, TicketSource } from './ticket-source.js';
export type { MemberListOptions, MemberSource } from './member-source.js';
export { conversationStatuses } from './conversation-store.js';
export type {
  ConversationMessage,
  ConversationSession,
  ConversationStatus,
  ConversationStore,
  HistoryOptions,
  HistoryPage,
  JsonObject,
  JsonValue,
  ListUserSessionsOptions,
  NewConversationMessage,
  NewConversationSession,
  SessionFeedback,
} from './conversation-store.js';
export { createMemoryConversationStore } from './memory/create-memory-conversation-store.js';
export type { MemoryConversationStoreOptions } from './memory/create-memory-conversation-store.js';
export { createMemoryCustomerSource } from './memory/create-memory-customer-source.js';
export type { MemoryCustomerSourceOptions } from './memory/create-memory-customer-source.js';
export { createMemoryTicketSource } from './memory/create-memory-ticket-source.js';
export type { MemoryTicketSourceOptions } from './memory/create-memory-ticket-source.js';
export { createMemoryOrderSource } from './memory/create-memory-order-source.js';
export type { MemoryOrderSourceOptions } from './memory/create-memory-order-source.js';
export { createMemoryMemberSource } from './memory/create-memory-member-source.js';
export type { MemoryMemberSourceOptions } from './memory/create-memory-member-source.js';
export { gatherTicketContext } from './gather-ticket-context.js';
export type {
  GatherTicketContextOptions,
  MissingContext,
  MissingContextReason,
  TicketContext,
  TicketContextPart,
  TicketContextTimeouts,
} from './gather-ticket-context.js';
export { createMemoryKnowledgeSource } from './memory/create-memory-knowledge-source.js';
export type { MemoryKnowledgeSourceOptions } from './memory/create-memory-knowledge-source.js';
