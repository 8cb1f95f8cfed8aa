import type * as OpenTelemetryApi from '@opentelemetry/api';
import { ValidationError } from '../errors.js';
import { loadOptionalPeer } from '../load-optional-peer.js';
import { durationBuckets, telemetryMetrics, tokenUsageBuckets } from './genai-attributes.js';
import type { TelemetryAttributeValue, TelemetryOption, TelemetrySettings, TelemetrySpan, TelemetryTracer } from './telemetry-options.js';

type Api = typeof OpenTelemetryApi;
type Histogram = { record(value: number, attributes?: object): void };
type Counter = { add(value: number, attributes?: object): void };

/** Attributes as crmkit builds them: undefined values are left out. @internal */
export type TelemetryAttributes = Readonly<Record<string, TelemetryAttributeValue | undefined>>;

/** The loaded OpenTelemetry machinery of one `telemetry` option. @internal */
export interface TelemetryRuntime {
  readonly recordContent: boolean;
  readonly recordIdentity: boolean;
  readonly redact: ((text: string) => string) | undefined;
  readonly tokenUsage: Histogram;
  readonly operationDuration: Histogram;
  readonly counters: Readonly<Record<'fallbacks' | 'circuitOpens' | 'budgetRefusals' | 'rateLimitWaits' | 'degradedAnswers' | 'cost', Counter>>;
  /** The span of the active OpenTelemetry context (needs a context manager, which every SDK setup registers). */
  activeSpan(): TelemetrySpan | undefined;
  /** Starts a span whose parent is the active span. */
  startSpan(name: string, kind: 'client' | 'internal', attributes: TelemetryAttributes): TelemetrySpan;
  /** Runs `run` with `span` active, so spans started inside are its children. */
  withSpan<T>(span: TelemetrySpan, run: () => T): T;
  /** Marks a span failed with a crmkit error kind (never the message: it may quote the request). */
  fail(span: TelemetrySpan, errorType: string): void;
}

/** A `telemetry` option that is on: its runtime once loaded. @internal */
export interface TelemetryHandle {
  readonly settings: TelemetrySettings;
  /** Set once `load()` has resolved, so later calls skip the await. */
  runtime: TelemetryRuntime | undefined;
  /** The try withRetry just announced; read (and cleared) by the attempt span it starts. */
  announcedAttempt: { readonly provider: string; readonly attempt: number } | undefined;
  load(): Promise<TelemetryRuntime>;
}

const scopeName = 'crmkit';

const importApi = (): Promise<Api> => import('@opentelemetry/api');

function loadApi(load: () => Promise<Api>): Promise<Api> {
  return loadOptionalPeer<Api>({
    packageName: '@opentelemetry/api',
    load,
    missing: ({ installCommand, cause }) =>
      new ValidationError('telemetry option', [{ path: 'telemetry', message: `telemetry is on but @opentelemetry/api is not installed: run \`${installCommand}\` (or set \`telemetry: false\`)` }], { cause }),
  });
}

function buildRuntime(api: Api, settings: TelemetrySettings): TelemetryRuntime {
  const tracer = (settings.tracer ?? api.trace.getTracer(scopeName)) as TelemetryTracer & OpenTelemetryApi.Tracer;
  const meter = settings.meter ?? api.metrics.getMeter(scopeName);
  const counter = (name: string, description: string, unit: string): Counter => meter.createCounter(name, { description, unit });
  const clean = (attributes: TelemetryAttributes): OpenTelemetryApi.Attributes => {
    const out: Record<string, OpenTelemetryApi.AttributeValue> = {};
    for (const key in attributes) {
      const value = attributes[key];
      if (value !== undefined) out[key] = value as OpenTelemetryApi.AttributeValue;
    }
    return out;
  };
  return {
    recordContent: settings.recordContent === true,
    recordIdentity: settings.recordIdentity === true,
    redact: settings.redact,
    tokenUsage: meter.createHistogram(telemetryMetrics.tokenUsage, { description: 'Measures number of input and output tokens used', unit: '{token}', advice: { explicitBucketBoundaries: tokenUsageBuckets } }),
    operationDuration: meter.createHistogram(telemetryMetrics.operationDuration, { description: 'GenAI operation duration', unit: 's', advice: { explicitBucketBoundaries: durationBuckets } }),
    counters: {
      fallbacks: counter(telemetryMetrics.fallbacks, 'Moves from a failed provider to the next link of a chain', '{fallback}'),
      circuitOpens: counter(telemetryMetrics.circuitOpens, 'Circuit breakers that opened', '{open}'),
      budgetRefusals: counter(telemetryMetrics.budgetRefusals, 'Model calls the budget refused', '{refusal}'),
      rateLimitWaits: counter(telemetryMetrics.rateLimitWaits, 'Calls that waited in or were refused by a rate limiter', '{wait}'),
      degradedAnswers: counter(telemetryMetrics.degradedAnswers, 'Answers from a degraded path (rules, templates)', '{answer}'),
      cost: counter(telemetryMetrics.cost, 'Model spend settled by the budget, in micro-dollars (1 USD = 1,000,000)', '{microdollar}'),
    },
    activeSpan: () => api.trace.getActiveSpan() as TelemetrySpan | undefined,
    startSpan: (name, kind, attributes) =>
      tracer.startSpan(name, { kind: kind === 'client' ? api.SpanKind.CLIENT : api.SpanKind.INTERNAL, attributes: clean(attributes) }, api.context.active() as never),
    withSpan: (span, run) => api.context.with(api.trace.setSpan(api.context.active(), span as OpenTelemetryApi.Span), run),
    fail: (span, errorType) => {
      span.setAttribute('error.type', errorType);
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: errorType });
    },
  };
}

let globalRuntime: Promise<TelemetryRuntime> | undefined;

/**
 * Resolves a `telemetry` option: `undefined` when it is off (nothing is loaded, nothing costs),
 * else a handle that loads `@opentelemetry/api` on first use. `true` shares one runtime on the
 * global tracer and meter providers; settings get their own. `load` replaces the import (tests).
 *
 * @example
 * ```ts
 * const telemetry = resolveTelemetry(options.telemetry, 'withTelemetry options');
 * const runtime = telemetry ? (telemetry.runtime ?? (await telemetry.load())) : undefined;
 * ```
 * @internal
 */
export function resolveTelemetry(option: TelemetryOption | undefined, where: string, load: () => Promise<Api> = importApi): TelemetryHandle | undefined {
  if (option === undefined || option === false) return undefined;
  if (option !== true && (typeof option !== 'object' || option === null)) {
    throw new ValidationError(where, [{ path: 'telemetry', message: 'Expected `telemetry` to be true, false or { tracer, meter, recordContent, recordIdentity, redact }' }]);
  }
  const settings: TelemetrySettings = option === true ? {} : option;
  if (settings.redact !== undefined && typeof settings.redact !== 'function') {
    throw new ValidationError(where, [{ path: 'telemetry.redact', message: 'Expected `telemetry.redact` to be a function (text) => redacted text' }]);
  }
  let pending: Promise<TelemetryRuntime> | undefined;
  const handle: TelemetryHandle = {
    settings,
    runtime: undefined,
    announcedAttempt: undefined,
    load() {
      if (!pending) {
        const shared = option === true;
        const build = (): Promise<TelemetryRuntime> => loadApi(load).then((api) => buildRuntime(api, settings));
        pending = shared && load === importApi ? (globalRuntime ??= build()) : build();
        if (shared && load === importApi) pending.catch(() => (globalRuntime = undefined));
        pending.then((runtime) => (handle.runtime = runtime), () => (pending = undefined));
      }
      return pending;
    },
  };
  return handle;
}
