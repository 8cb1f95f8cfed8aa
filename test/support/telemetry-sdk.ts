/**
 * The real OpenTelemetry SDK wired for tests: an in-memory span exporter, a metric reader we
 * collect on demand, and the AsyncLocalStorage context manager every Node SDK setup registers.
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

class CollectingReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

let contextManagerInstalled = false;

/** A data point of a collected metric, flattened. */
export interface CollectedPoint {
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The sum for counters; the histogram's sum for histograms. */
  readonly value: number;
  readonly count?: number;
}

export interface TelemetrySdk {
  readonly tracerProvider: TracerProvider;
  readonly meterProvider: MeterProvider;
  readonly tracer: ReturnType<TracerProvider['getTracer']>;
  readonly meter: ReturnType<MeterProvider['getMeter']>;
  spans(): ReadableSpan[];
  /** Finished spans with this name. */
  named(name: string): ReadableSpan[];
  metrics(): Promise<CollectedPoint[]>;
  reset(): void;
}

export function createTelemetrySdk(): TelemetrySdk {
  if (!contextManagerInstalled) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerInstalled = true;
  }
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    tracer: tracerProvider.getTracer('crmkit-test'),
    meter: meterProvider.getMeter('crmkit-test'),
    spans: () => exporter.getFinishedSpans(),
    named: (name) => exporter.getFinishedSpans().filter((span) => span.name === name),
    async metrics() {
      const { resourceMetrics } = await reader.collect();
      return flatten(resourceMetrics);
    },
    reset: () => exporter.reset(),
  };
}

function flatten(resourceMetrics: ResourceMetrics): CollectedPoint[] {
  const points: CollectedPoint[] = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const point of metric.dataPoints as { attributes: Record<string, unknown>; value: number | { sum?: number; count: number } }[]) {
        const value = point.value;
        points.push(
          typeof value === 'number'
            ? { name: metric.descriptor.name, attributes: point.attributes, value }
            : { name: metric.descriptor.name, attributes: point.attributes, value: value.sum ?? 0, count: value.count },
        );
      }
    }
  }
  return points;
}
