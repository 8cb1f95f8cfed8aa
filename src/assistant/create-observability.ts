import { CrmKitError, ProviderError } from '../core/errors.js';
import { safeLog, type Logger } from '../core/logger.js';
import { resolveTelemetry, type TelemetryHandle } from '../core/telemetry/load-telemetry.js';
import type { TelemetryOption } from '../core/telemetry/telemetry-options.js';
import type { Provider } from '../core/types.js';
import { redactPii } from '../core/pii/redact-pii.js';
import { instrumentProvider, isTraced } from '../providers/telemetry/with-telemetry.js';
import type { AssistantErrorSource } from './assistant-context.js';
import type { AssistantEventListener } from './assistant-event.js';
import { createOperationObserver, type OperationObserver } from './observe-operation.js';

/** The assistant's telemetry, event stream and logger, resolved once from its options. @internal */
export interface AssistantObservability {
  readonly telemetry: TelemetryHandle | undefined;
  readonly observer: OperationObserver;
  /** The host's provider with model spans, unless it records its own already. */
  traceProvider(provider: Provider | undefined): Provider | undefined;
  /** A warning for a failure the assistant absorbed: its kind, never its message. */
  logAbsorbed(error: unknown, source: AssistantErrorSource): void;
}

const redactForTelemetry = (text: string): string => redactPii(text).text;

/**
 * Resolves `telemetry`, `onEvent` and `logger`. Content recorded on spans goes through crmkit's
 * PII redactor unless the host passes its own `redact`.
 * @internal
 */
export function createObservability(options: { readonly telemetry?: TelemetryOption; readonly onEvent?: AssistantEventListener; readonly logger?: Logger }): AssistantObservability {
  const option = options.telemetry;
  // Nothing to record: every such assistant shares one (stateless) observability, so a host that
  // builds an assistant per request does not pay for an observer per instance.
  if ((option === undefined || option === false) && options.onEvent === undefined && options.logger === undefined) return (unobserved ??= build(options));
  return build(options);
}

let unobserved: AssistantObservability | undefined;

function build(options: { readonly telemetry?: TelemetryOption; readonly onEvent?: AssistantEventListener; readonly logger?: Logger }): AssistantObservability {
  const option = options.telemetry;
  const telemetry = resolveTelemetry(typeof option === 'object' && option !== null ? { ...option, redact: option.redact ?? redactForTelemetry } : option, 'createCrmAssistant options');
  const logger = options.logger;
  return {
    telemetry,
    observer: createOperationObserver({ telemetry, onEvent: options.onEvent, logger }),
    traceProvider: (provider) => (provider && telemetry && !isTraced(provider) ? instrumentProvider(provider, telemetry) : provider),
    logAbsorbed(error, source) {
      if (!logger) return;
      const kind = ProviderError.isInstance(error) ? error.kind : CrmKitError.isInstance(error) ? error.code : error instanceof Error ? error.name : 'error';
      safeLog(logger, 'warn', { source, kind }, `crmkit absorbed a ${source} failure`);
    },
  };
}
