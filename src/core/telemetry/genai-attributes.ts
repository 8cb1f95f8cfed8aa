/**
 * Attribute, metric and event names crmkit records: the OpenTelemetry GenAI semantic conventions
 * (`gen_ai.*`, `error.type`) and crmkit's own, under `crmkit.`. One place, so docs, tests and
 * dashboards agree.
 *
 * @internal
 */
export const genAi = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  requestStopSequences: 'gen_ai.request.stop_sequences',
  outputType: 'gen_ai.output.type',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  tokenType: 'gen_ai.token.type',
  conversationId: 'gen_ai.conversation.id',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  errorType: 'error.type',
  httpStatus: 'http.response.status_code',
} as const;

/** @internal */
export const crmkitAttributes = {
  operation: 'crmkit.operation',
  correlationId: 'crmkit.correlation_id',
  tenantId: 'crmkit.tenant.id',
  userId: 'crmkit.user.id',
  attempt: 'crmkit.attempt',
  attempts: 'crmkit.attempts',
  circuitState: 'crmkit.circuit.state',
  rateLimitWaitMs: 'crmkit.rate_limit.wait_ms',
  fallbackReason: 'crmkit.fallback.reason',
  budgetReservedMicros: 'crmkit.budget.reserved_micros',
  budgetSettledMicros: 'crmkit.budget.settled_micros',
  costMicros: 'crmkit.cost_micros',
  degraded: 'crmkit.degraded',
  degradedReason: 'crmkit.degraded.reason',
  piiRedacted: 'crmkit.pii.redacted',
  usageApproximate: 'crmkit.usage.approximate',
  provider: 'crmkit.provider',
  streamOutcome: 'crmkit.stream.outcome',
} as const;

/** @internal */
export const telemetryMetrics = {
  tokenUsage: 'gen_ai.client.token.usage',
  operationDuration: 'gen_ai.client.operation.duration',
  fallbacks: 'crmkit.fallbacks',
  circuitOpens: 'crmkit.circuit.opens',
  budgetRefusals: 'crmkit.budget.refusals',
  rateLimitWaits: 'crmkit.rate_limit.waits',
  degradedAnswers: 'crmkit.degraded_answers',
  cost: 'crmkit.cost',
} as const;

/** Bucket boundaries the GenAI conventions advise. @internal */
export const tokenUsageBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
/** @internal */
export const durationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
