/**
 * Counters and histograms for the request path, rendered by prom-client's registry. prom-client's
 * own `inc`/`observe` validate and hash the label object on every call, also on a label-bound
 * child; here a series is looked up once by its label values and then updated with plain number
 * operations. The registry asks for the values only when /metrics is scraped.
 */
import type { Metric, Registry } from 'prom-client';

type Labels = Record<string, string>;

interface MetricValue {
  value: number;
  labels: Labels;
  metricName?: string;
}

/** A family of series by label values, registered with a prom-client registry. */
abstract class SeriesFamily<Series> {
  readonly aggregator = 'sum';
  private readonly series = new Map<string, { labels: Labels; series: Series }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    private readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    // The registry only reads name, help, type, get() and reset() of what it renders.
    registry.registerMetric(this as unknown as Metric);
  }

  /** The series of these label values (in the order of labelNames), made on first use. */
  of(...values: string[]): Series {
    const key = values.join('\u0000');
    let entry = this.series.get(key);
    if (!entry) {
      const labels: Labels = {};
      this.labelNames.forEach((name, index) => (labels[name] = values[index] ?? ''));
      entry = { labels, series: this.create() };
      this.series.set(key, entry);
    }
    return entry.series;
  }

  async get(): Promise<{ name: string; help: string; type: string; values: MetricValue[]; aggregator: string }> {
    const values: MetricValue[] = [];
    for (const { labels, series } of this.series.values()) this.export(labels, series, values);
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** Zeroes every series (callers keep the series they looked up, so none is dropped). */
  reset(): void {
    for (const { series } of this.series.values()) this.zero(series);
  }

  protected abstract create(): Series;
  protected abstract zero(series: Series): void;
  protected abstract export(labels: Labels, series: Series, into: MetricValue[]): void;
}

export interface CounterSeries {
  value: number;
}

export class RequestCounter extends SeriesFamily<CounterSeries> {
  constructor(name: string, help: string, labelNames: readonly string[], registry: Registry) {
    super(name, help, 'counter', labelNames, registry);
  }

  protected create(): CounterSeries {
    return { value: 0 };
  }

  protected zero(series: CounterSeries): void {
    series.value = 0;
  }

  protected export(labels: Labels, series: CounterSeries, into: MetricValue[]): void {
    into.push({ value: series.value, labels });
  }
}

export class HistogramSeries {
  /** Observations per bucket (not cumulative); the last slot counts those above every bound. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let index = 0;
    while (index < bounds.length && value > bounds[index]!) index++;
    this.counts[index]!++;
    this.sum += value;
    this.count++;
  }
}

export class RequestHistogram extends SeriesFamily<HistogramSeries> {
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    super(name, help, 'histogram', labelNames, registry);
  }

  protected create(): HistogramSeries {
    return new HistogramSeries(this.bounds);
  }

  protected zero(series: HistogramSeries): void {
    series.counts.fill(0);
    series.sum = 0;
    series.count = 0;
  }

  /** Prometheus' shape: cumulative `_bucket` series by `le` (then `+Inf`), `_sum` and `_count`. */
  protected export(labels: Labels, series: HistogramSeries, into: MetricValue[]): void {
    let cumulative = 0;
    this.bounds.forEach((bound, index) => {
      cumulative += series.counts[index]!;
      into.push({ value: cumulative, labels: { le: String(bound), ...labels }, metricName: `${this.name}_bucket` });
    });
    into.push({ value: series.count, labels: { le: '+Inf', ...labels }, metricName: `${this.name}_bucket` });
    into.push({ value: series.sum, labels, metricName: `${this.name}_sum` });
    into.push({ value: series.count, labels, metricName: `${this.name}_count` });
  }
}
