import type { TelemetryOption } from 'crmkit/provider-utils';

/**
 * `OTEL_ENABLED=true` turns crmkit's OpenTelemetry spans and metrics on, on the global tracer and
 * meter providers that an OpenTelemetry SDK registered in this process, for example with zero-code
 * setup: `OTEL_ENABLED=true OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 node --import
 * @opentelemetry/auto-instrumentations-node/register …` (see docs/observability.md). Off
 * otherwise, and then free. `OTEL_RECORD_IDENTITY=true` adds tenant and user ids to spans and
 * the cost counter (for cost per tenant).
 */
export function telemetryFromEnv(env: NodeJS.ProcessEnv, summary: string[]): TelemetryOption {
  if (env.OTEL_ENABLED !== 'true') return false;
  const recordIdentity = env.OTEL_RECORD_IDENTITY === 'true';
  summary.push(`telemetry: OpenTelemetry on the global providers${recordIdentity ? ', with tenant and user ids' : ''}`);
  return recordIdentity ? { recordIdentity } : true;
}
