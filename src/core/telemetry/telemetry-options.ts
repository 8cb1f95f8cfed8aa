/**
 * A value an OpenTelemetry attribute can hold.
 *
 * @example
 * ```ts
 * const value: TelemetryAttributeValue = ['stop'];
 * ```
 */
export type TelemetryAttributeValue = string | number | boolean | readonly string[] | readonly number[] | readonly boolean[];

/**
 * The part of an OpenTelemetry `Span` crmkit uses. Any `Span` from `@opentelemetry/api` fits.
 *
 * @example
 * ```ts
 * const mark = (span: TelemetrySpan) => span.setAttribute('crmkit.degraded', true);
 * ```
 */
export interface TelemetrySpan {
  setAttribute(key: string, value: TelemetryAttributeValue): unknown;
  setAttributes(attributes: Readonly<Record<string, TelemetryAttributeValue>>): unknown;
  addEvent(name: string, attributes?: Readonly<Record<string, TelemetryAttributeValue | undefined>>): unknown;
  setStatus(status: { readonly code: number; readonly message?: string }): unknown;
  end(): void;
  spanContext(): { readonly traceId: string; readonly spanId: string };
  isRecording(): boolean;
}

/**
 * The part of an OpenTelemetry `Tracer` crmkit uses. Any `Tracer` from `@opentelemetry/api` fits
 * (`trace.getTracer('my-app')`, or a test SDK's `provider.getTracer(...)`).
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 *
 * const tracer: TelemetryTracer = trace.getTracer('support-desk');
 * ```
 */
export interface TelemetryTracer {
  startSpan(name: string, options?: object, context?: never): TelemetrySpan;
}

/**
 * The part of an OpenTelemetry `Meter` crmkit uses. Any `Meter` from `@opentelemetry/api` fits.
 *
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 *
 * const meter: TelemetryMeter = metrics.getMeter('support-desk');
 * ```
 */
export interface TelemetryMeter {
  createHistogram(name: string, options?: object): { record(value: number, attributes?: object): void };
  createCounter(name: string, options?: object): { add(value: number, attributes?: object): void };
}

/**
 * What to record, when the host passes its own tracer and meter or wants content or identities.
 *
 * @example
 * ```ts
 * import { metrics, trace } from '@opentelemetry/api';
 *
 * const settings: TelemetrySettings = { tracer: trace.getTracer('desk'), meter: metrics.getMeter('desk'), recordIdentity: true };
 * ```
 */
export interface TelemetrySettings {
  /** @default the global tracer provider's `crmkit` tracer */
  readonly tracer?: TelemetryTracer;
  /** @default the global meter provider's `crmkit` meter */
  readonly meter?: TelemetryMeter;
  /**
   * Put prompts and replies on the model spans (`gen_ai.input.messages`, `gen_ai.output.messages`),
   * after `redact` has taken personal data and secrets out. The assistant redacts with crmkit's
   * PII redactor by default; the provider chain and `withTelemetry` need `redact`.
   * @default false
   */
  readonly recordContent?: boolean;
  /** Turns text into what may be recorded (PII and secrets replaced). Required with `recordContent` below the assistant. */
  readonly redact?: (text: string) => string;
  /**
   * Put tenant, user and session ids on spans (`crmkit.tenant.id`, `crmkit.user.id`,
   * `gen_ai.conversation.id`). Off by default: they may identify people.
   * @default false
   */
  readonly recordIdentity?: boolean;
}

/**
 * The `telemetry` option of `createCrmAssistant`, `createProviderChain`, `createFallbackChain`
 * and `withTelemetry`: off (`false`, the default, free), `true` for the host's global
 * OpenTelemetry tracer and meter providers, or {@link TelemetrySettings}.
 * `@opentelemetry/api` is loaded on first use, only when telemetry is on.
 *
 * @example
 * ```ts
 * const telemetry: TelemetryOption = process.env.OTEL_ENABLED === 'true';
 * const assistant = createCrmAssistant({ provider, telemetry });
 * ```
 */
export type TelemetryOption = boolean | TelemetrySettings;
