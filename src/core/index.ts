export { CrmKitError, ValidationError, ProviderError, copyProviderError, isRetryableKind, providerErrorKinds, sanitizeCause } from './errors.js';
export type { ProviderErrorChanges, ProviderErrorKind, ProviderErrorOptions, ValidationIssue } from './errors.js';
export { REDACTED, redactSecrets } from './redact.js';
export type {
  Attempt,
  CallOptions,
  ChatMessage,
  ChatRequest,
  ChatResult,
  ChatRole,
  ChatStream,
  FinishReason,
  Provider,
  RequestMetadata,
  Usage,
} from './types.js';
export { chatMessageSchema, chatRequestSchema, requestMetadataSchema } from './schemas.js';
export { parseInput, toValidationIssues } from './validate.js';
export { extractJson, findJson } from './extract-json.js';
export { countWords } from './count-words.js';
export type { FoundJson } from './extract-json.js';
export { systemClock } from './clock.js';
export { dayWindow, isValidTimeZone } from './calendar.js';
export type { DayWindow } from './calendar.js';
export type { Clock, Sleep } from './clock.js';
export { abortError, linkSignals, observed, sleep, throwIfAborted } from './abort.js';
export { createApproximateTokenCounter } from './token-counter.js';
export type { TokenCount, TokenCounter } from './token-counter.js';
export { channels, followUpFilters, ticketPriorities } from './domain.js';
export type { Channel, Customer, FollowUpFilter, Member, Order, Ticket, TicketDifficulty, TicketPriority, Tracking } from './domain.js';
export {
  analysisTypes,
  entitiesSchema,
  entitySchema,
  entityTypes,
  intentSchema,
  messageAnalysisSchema,
  prioritySchema,
  sentimentSchema,
} from './analysis.js';
export type { AnalysisType, Entities, Entity, EntityType, Intent, MessageAnalysis, Priority, Sentiment } from './analysis.js';
export { detectedLanguageSchema } from './analysis.js';
export type { DetectedLanguage } from './analysis.js';
export * from './tokens/index.js';
export * from './knowledge/index.js';

export type { CrmQuestionContext, FallbackContext } from './crm-data-context.js';
export type { HandoffSummary } from './handoff-summary.js';

export { describeHostSchema, isHostSchema } from './host-schema.js';
export type { HostSchema, HostSchemaDescription, HostSchemaInput, HostSchemaIssue, HostSchemaOutput, HostSchemaResult } from './host-schema.js';

export { safeLog, silentLogger } from './logger.js';
export type { Logger } from './logger.js';
export type { TelemetryAttributeValue, TelemetryMeter, TelemetryOption, TelemetrySettings, TelemetrySpan, TelemetryTracer } from './telemetry/telemetry-options.js';

export { toolCallSchema, toolSpecSchema } from './schemas.js';
export type { ChatStreamEvent, Tool, ToolCall, ToolCallDelta, ToolChoice, ToolExecutionContext, ToolInputResult, ToolInputSchema, ToolSpec } from './tools.js';
export { validateToolInput } from './validate-tool-input.js';
export type { ToolInputValidation } from './validate-tool-input.js';
export type { LinkedAbort } from './create-linked-abort.js';
