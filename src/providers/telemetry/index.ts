/**
 * Telemetry: OpenTelemetry GenAI spans and metrics for any Provider.
 */
export { withTelemetry } from './with-telemetry.js';
export type { WithTelemetryOptions } from './with-telemetry.js';
