import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RequestCounter, RequestHistogram } from './request-metrics.ts';

describe('request metrics', () => {
  it('renders counters by label values through the registry', async () => {
    const registry = new Registry();
    const counter = new RequestCounter('kaiyuan_requests_total', 'Requests', ['model', 'status'], registry);
    counter.of('m1', 'completed').value += 2;
    counter.of('m1', 'completed').value++;
    counter.of('m2', 'failed').value++;
    const text = await registry.metrics();
    expect(text).toContain('# TYPE kaiyuan_requests_total counter');
    expect(text).toContain('kaiyuan_requests_total{model="m1",status="completed"} 3');
    expect(text).toContain('kaiyuan_requests_total{model="m2",status="failed"} 1');
  });

  it('renders a histogram exactly as prom-client renders the same observations', async () => {
    const buckets = [0.005, 0.05, 0.5, 5];
    const observations = [0.001, 0.005, 0.02, 0.4, 0.4, 3, 9, 120];
    const ours = new Registry();
    const histogram = new RequestHistogram('latency_seconds', 'Latency', ['model', 'endpoint'], buckets, ours);
    const reference = new Registry();
    const expected = new Histogram({
      name: 'latency_seconds',
      help: 'Latency',
      labelNames: ['model', 'endpoint'],
      buckets,
      registers: [reference],
    });
    for (const value of observations) {
      histogram.of('m1', 'chat').observe(value);
      expected.observe({ model: 'm1', endpoint: 'chat' }, value);
    }
    expect(await ours.metrics()).toBe(await reference.metrics());
  });

  it('starts again from zero after a reset, and series looked up before still count', async () => {
    const registry = new Registry();
    const counter = new RequestCounter('c_total', 'C', ['model'], registry);
    const histogram = new RequestHistogram('h_seconds', 'H', ['model'], [1], registry);
    const series = counter.of('m');
    series.value = 5;
    histogram.of('m').observe(0.5);
    registry.resetMetrics();
    series.value++;
    const text = await registry.metrics();
    expect(text).toContain('c_total{model="m"} 1');
    expect(text).toContain('h_seconds_count{model="m"} 0');
  });
});
