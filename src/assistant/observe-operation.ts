import { createLinkedAbort } from '../core/create-linked-abort.js';
import { CrmKitError, ProviderError, ValidationError } from '../core/errors.js';
import { safeLog, type Logger } from '../core/logger.js';
import { crmkitAttributes, genAi } from '../core/telemetry/genai-attributes.js';
import type { TelemetryHandle, TelemetryRuntime } from '../core/telemetry/load-telemetry.js';
import type { TelemetrySpan } from '../core/telemetry/telemetry-options.js';
import type { Attempt, CallOptions, ChatResult, ChatStream, Provider, Usage } from '../core/types.js';
import type { BudgetEvent } from '../providers/budget/budget-event.js';
import { wrapProvider } from '../providers/wrap-provider.js';
import type { AssistantAttempt, AssistantEvent, AssistantEventListener, AssistantEventScope, AssistantOperation, Correlated } from './assistant-event.js';

/** What one running operation has gathered so far. */
interface Scope {
  readonly operation: AssistantOperation;
  readonly correlationId: string;
  readonly identity: Omit<AssistantEventScope, 'operation' | 'correlationId'>;
  readonly attempts: Attempt[];
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  costMicros: number;
  reservedMicros: number;
  settledMicros: number;
}

/** The summary an operation's outcome contributes (its own result, or a stream's final result). */
interface Outcome {
  readonly provider?: string;
  readonly model?: string;
  readonly degraded: boolean;
  readonly degradedReason?: string;
}

/** Options of {@link createOperationObserver}. @internal */
export interface OperationObserverOptions {
  readonly telemetry: TelemetryHandle | undefined;
  readonly onEvent: AssistantEventListener | undefined;
  readonly logger: Logger | undefined;
}

/** Observes the assistant's operations: spans, the event stream, log lines, correlation ids. @internal */
export interface OperationObserver {
  /** Wraps one operation: it then runs under its span and its result carries `correlationId`. */
  wrap<INPUT, RESULT extends object>(operation: AssistantOperation, run: (input: INPUT) => Promise<RESULT>): (input: INPUT) => Promise<RESULT & Correlated>;
  /** The model stack, recording every call's attempts, usage and cost into the running operation. */
  observeProvider(llm: Provider | undefined): Provider | undefined;
  /** For `withBudget({ onEvent })`: reserved and settled amounts onto the operation's span. */
  readonly budgetListener: ((event: BudgetEvent) => void) | undefined;
}

const modelOperations: ReadonlySet<AssistantOperation> = new Set(['ask', 'send', 'stream', 'analyze', 'classify', 'draftReply']);
const invalidTraceId = /^0+$/;

const hexOfByte = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const randomPool = new Uint8Array(4_096);
let poolOffset = randomPool.length;

/** 32 random hex digits, like a trace id, from a pool refilled by crypto.getRandomValues (cheaper than a UUID per call). */
function generateCorrelationId(): string {
  if (poolOffset + 16 > randomPool.length) {
    crypto.getRandomValues(randomPool);
    poolOffset = 0;
  }
  let id = '';
  for (let index = poolOffset; index < poolOffset + 16; index++) id += hexOfByte[randomPool[index] as number];
  poolOffset += 16;
  return id;
}

const round = (ms: number): number => Math.max(0, Math.round(ms));

/** The error kind a host branches on, never the message (it may quote input). */
function kindOf(error: unknown): string {
  if (ProviderError.isInstance(error)) return error.kind;
  if (CrmKitError.isInstance(error)) return error.code;
  return error instanceof Error ? error.name : 'error';
}

function tag<E>(error: E, correlationId: string): E {
  if (typeof error === 'object' && error !== null && Object.isExtensible(error) && (error as { correlationId?: unknown }).correlationId === undefined) {
    (error as { correlationId?: string }).correlationId = correlationId;
  }
  return error;
}

function identityOf(input: unknown): Scope['identity'] {
  if (typeof input !== 'object' || input === null) return {};
  const { tenantId, userId, sessionId } = input as Record<string, unknown>;
  return {
    ...(typeof tenantId === 'string' ? { tenantId } : {}),
    ...(typeof userId === 'string' ? { userId } : {}),
    ...(typeof sessionId === 'string' ? { sessionId } : {}),
  };
}

function outcomeOf(operation: AssistantOperation, result: object | undefined): Outcome {
  if (!result || !modelOperations.has(operation)) return { degraded: false };
  const { provider, model, degraded, degradedReason } = result as Partial<Record<'provider' | 'model' | 'degradedReason', unknown>> & { degraded?: unknown };
  return {
    ...(typeof provider === 'string' ? { provider } : {}),
    ...(typeof model === 'string' ? { model } : {}),
    degraded: degraded === true,
    ...(typeof degradedReason === 'string' ? { degradedReason } : {}),
  };
}

function summary(attempt: Attempt): AssistantAttempt {
  return {
    provider: attempt.provider,
    model: attempt.model,
    ok: attempt.ok,
    ...(attempt.kind === undefined ? {} : { kind: attempt.kind }),
    ...(attempt.status === undefined ? {} : { status: attempt.status }),
    durationMs: round(attempt.durationMs),
  };
}

function addUsage(scope: Scope, usage: Usage, costMicros: number | undefined): void {
  scope.inputTokens += usage.inputTokens;
  scope.outputTokens += usage.outputTokens;
  scope.cachedInputTokens += usage.cachedInputTokens ?? 0;
  scope.costMicros += costMicros ?? 0;
}

/**
 * Builds the assistant's observer. With no telemetry, no `onEvent` and no logger it only stamps
 * correlation ids; otherwise each operation gets a linked AbortSignal of its own, by which the
 * model calls it makes are recognised (portable: no AsyncLocalStorage needed).
 *
 * @internal
 */
export function createOperationObserver(options: OperationObserverOptions): OperationObserver {
  const { telemetry, onEvent, logger } = options;
  const observing = telemetry !== undefined || onEvent !== undefined || logger !== undefined;
  const scopesBySignal = new WeakMap<AbortSignal, Scope>();
  const scopesBySpan = new WeakMap<object, Scope>();

  const emit = (event: AssistantEvent): void => {
    if (!onEvent) return;
    try {
      onEvent(event);
    } catch {
      // The host's listener is an observer: it never fails the operation.
    }
  };

  const recordResult = (scope: Scope, result: ChatResult<unknown>): void => {
    scope.attempts.push(...result.attempts);
    addUsage(scope, result.usage, result.costMicros);
  };

  const recordError = (scope: Scope, error: unknown): void => {
    if (!ProviderError.isInstance(error)) return;
    scope.attempts.push(...error.attempts);
    if (error.kind === 'budget_exceeded') telemetry?.runtime?.counters.budgetRefusals.add(1, { [crmkitAttributes.operation]: scope.operation });
  };

  const finish = (scope: Scope, runtime: TelemetryRuntime | undefined, span: TelemetrySpan | undefined, startedAt: number, outcome: Outcome | undefined, error: unknown): void => {
    const latencyMs = round(performance.now() - startedAt);
    const degraded = outcome?.degraded === true;
    const errorKind = outcome ? undefined : kindOf(error);
    if (onEvent || logger) {
      const attempts = scope.attempts.map(summary);
      if (onEvent) emitEvents(scope, attempts, latencyMs, outcome, errorKind);
      if (logger) logOutcome(scope, attempts, latencyMs, outcome, error, errorKind);
    }
    if (!runtime || !span) return;
    if (degraded) runtime.counters.degradedAnswers.add(1, { [crmkitAttributes.operation]: scope.operation });
    if (scope.costMicros > 0) {
      runtime.counters.cost.add(scope.costMicros, {
        [crmkitAttributes.operation]: scope.operation,
        ...(outcome?.provider ? { [crmkitAttributes.provider]: outcome.provider } : {}),
        ...(outcome?.model ? { [genAi.responseModel]: outcome.model } : {}),
        ...(runtime.recordIdentity && scope.identity.tenantId ? { [crmkitAttributes.tenantId]: scope.identity.tenantId } : {}),
      });
    }
    const attributes: Record<string, string | number | boolean> = { [crmkitAttributes.attempts]: scope.attempts.length };
    if (outcome?.provider !== undefined) attributes[crmkitAttributes.provider] = outcome.provider;
    if (outcome?.model !== undefined) attributes[genAi.responseModel] = outcome.model;
    if (scope.inputTokens + scope.outputTokens > 0) {
      attributes[genAi.usageInputTokens] = scope.inputTokens;
      attributes[genAi.usageOutputTokens] = scope.outputTokens;
    }
    if (scope.costMicros > 0) attributes[crmkitAttributes.costMicros] = scope.costMicros;
    if (scope.reservedMicros > 0) attributes[crmkitAttributes.budgetReservedMicros] = scope.reservedMicros;
    if (scope.settledMicros > 0) attributes[crmkitAttributes.budgetSettledMicros] = scope.settledMicros;
    if (degraded) {
      attributes[crmkitAttributes.degraded] = true;
      if (outcome?.degradedReason !== undefined) attributes[crmkitAttributes.degradedReason] = outcome.degradedReason;
    }
    span.setAttributes(attributes);
    if (errorKind !== undefined) runtime.fail(span, errorKind);
    span.end();
  };

  const emitEvents = (scope: Scope, attempts: readonly AssistantAttempt[], latencyMs: number, outcome: Outcome | undefined, errorKind: string | undefined): void => {
    const base: AssistantEventScope = { operation: scope.operation, correlationId: scope.correlationId, ...scope.identity };
    attempts.forEach((attempt, index) => emit({ type: 'attempt_end', ...base, ...attempt, attempt: index + 1 }));
    emit({
      type: 'operation',
      ...base,
      ok: outcome !== undefined,
      ...(errorKind === undefined ? {} : { errorKind }),
      ...(outcome?.provider === undefined ? {} : { provider: outcome.provider }),
      ...(outcome?.model === undefined ? {} : { model: outcome.model }),
      attempts,
      usage: { inputTokens: scope.inputTokens, outputTokens: scope.outputTokens, cachedInputTokens: scope.cachedInputTokens },
      costMicros: scope.costMicros,
      latencyMs,
      degraded: outcome?.degraded === true,
      ...(outcome?.degradedReason === undefined ? {} : { degradedReason: outcome.degradedReason }),
    });
  };

  const logOutcome = (scope: Scope, attempts: readonly AssistantAttempt[], latencyMs: number, outcome: Outcome | undefined, error: unknown, errorKind: string | undefined): void => {
    const line = { operation: scope.operation, correlationId: scope.correlationId, latencyMs, attempts: attempts.length, ...(outcome?.provider ? { provider: outcome.provider, model: outcome.model } : {}) };
    if (errorKind !== undefined) {
      safeLog(logger, ValidationError.isInstance(error) ? 'debug' : 'warn', { ...line, errorKind }, `crmkit ${scope.operation} failed`);
    } else if (outcome?.degraded) {
      safeLog(logger, 'warn', { ...line, degradedReason: outcome.degradedReason, failures: attempts.filter((attempt) => !attempt.ok).map((attempt) => `${attempt.provider}: ${attempt.kind ?? 'error'}`) }, `crmkit ${scope.operation} answered from a degraded path`);
    } else {
      safeLog(logger, 'debug', { ...line, inputTokens: scope.inputTokens, outputTokens: scope.outputTokens, costMicros: scope.costMicros }, `crmkit ${scope.operation}`);
    }
  };

  return {
    budgetListener: telemetry
      ? (event) => {
          const span = telemetry.runtime?.activeSpan();
          const scope = span ? scopesBySpan.get(span) : undefined;
          if (!scope) return;
          if (event.type === 'reserved') scope.reservedMicros += event.costMicros;
          else if (event.type === 'settled') scope.settledMicros += event.costMicros;
        }
      : undefined,

    observeProvider(llm) {
      if (!llm || !observing) return llm;
      const scopeOf = (callOptions: CallOptions | undefined): Scope | undefined => (callOptions?.signal ? scopesBySignal.get(callOptions.signal) : undefined);
      return wrapProvider(llm, {
        async wrapGenerate({ options, doGenerate }) {
          const scope = scopeOf(options);
          if (!scope) return doGenerate();
          try {
            const result = await doGenerate();
            recordResult(scope, result as ChatResult<unknown>);
            return result;
          } catch (error) {
            recordError(scope, error);
            throw error;
          }
        },
        // A stream operation is summarised from its own final result (see wrap): streams pass through.
      });
    },

    wrap<INPUT, RESULT extends object>(operation: AssistantOperation, run: (input: INPUT) => Promise<RESULT>) {
      if (!observing) {
        // Nothing listens: stamp the id and add no async layer of our own.
        return (input: INPUT): Promise<RESULT & Correlated> => {
          const correlationId = generateCorrelationId();
          let pending: Promise<RESULT>;
          try {
            pending = run(input);
          } catch (error) {
            return Promise.reject(tag(error, correlationId));
          }
          return pending.then(
            (result) => ({ ...result, correlationId }),
            (error: unknown) => Promise.reject(tag(error, correlationId)),
          );
        };
      }
      return async (input: INPUT): Promise<RESULT & Correlated> => {
        const startedAt = performance.now();
        const runtime = telemetry ? (telemetry.runtime ?? (await telemetry.load())) : undefined;
        const identity = identityOf(input);
        const span = runtime?.startSpan(`crmkit.${operation}`, 'internal', {
          [crmkitAttributes.operation]: operation,
          [crmkitAttributes.tenantId]: runtime.recordIdentity ? identity.tenantId : undefined,
          [crmkitAttributes.userId]: runtime.recordIdentity ? identity.userId : undefined,
          [genAi.conversationId]: runtime.recordIdentity ? identity.sessionId : undefined,
        });
        const traceId = span?.spanContext().traceId;
        const correlationId = traceId && !invalidTraceId.test(traceId) ? traceId : generateCorrelationId();
        span?.setAttribute(crmkitAttributes.correlationId, correlationId);
        const scope: Scope = { operation, correlationId, identity, attempts: [], inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costMicros: 0, reservedMicros: 0, settledMicros: 0 };
        if (span) scopesBySpan.set(span, scope);
        // The operation's own signal (following the caller's): model calls made with it are this operation's.
        const callerSignal = typeof input === 'object' && input !== null ? (input as { signal?: unknown }).signal : undefined;
        const linked = callerSignal === undefined || callerSignal instanceof AbortSignal ? createLinkedAbort(callerSignal) : undefined;
        if (linked) scopesBySignal.set(linked.signal, scope);
        const observedInput = linked ? ({ ...(input as object), signal: linked.signal } as INPUT) : input;
        let result: RESULT;
        try {
          result = runtime && span ? await runtime.withSpan(span, () => run(observedInput)) : await run(observedInput);
        } catch (error) {
          linked?.dispose();
          finish(scope, runtime, span, startedAt, undefined, error);
          throw tag(error, correlationId);
        }
        if (operation !== 'stream') {
          linked?.dispose();
          finish(scope, runtime, span, startedAt, outcomeOf(operation, result), undefined);
          return { ...result, correlationId };
        }
        // A stream operation settles when its stream ends, fails or is cancelled.
        const stream = result as unknown as ChatStream;
        stream.result.then(
          (end) => {
            linked?.dispose();
            recordResult(scope, end as ChatResult<unknown>);
            finish(scope, runtime, span, startedAt, { provider: end.provider, model: end.model, degraded: end.degraded, ...(end.degradedReason ? { degradedReason: end.degradedReason } : {}) }, undefined);
          },
          (error: unknown) => {
            linked?.dispose();
            recordError(scope, error);
            finish(scope, runtime, span, startedAt, undefined, error);
            tag(error, correlationId);
          },
        );
        return { ...result, correlationId };
      };
    },
  };
}
