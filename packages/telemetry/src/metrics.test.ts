import { describe, expect, it } from 'vitest';
import { Registry } from './metrics.ts';

describe('Registry', () => {
  it('renders counters and histograms in the Prometheus text format', () => {
    const r = new Registry();
    r.counter('tg_requests_total', 'Requests').inc({ status: '200' }, 2);
    const h = r.histogram('tg_latency_ms', 'Latency', [10, 100]);
    h.observe(5);
    h.observe(50);
    h.observe(500);
    const text = r.render();
    expect(text).toContain('# TYPE tg_requests_total counter\ntg_requests_total{status="200"} 2');
    expect(text).toContain('tg_latency_ms_bucket{le="10"} 1\ntg_latency_ms_bucket{le="100"} 2\ntg_latency_ms_bucket{le="+Inf"} 3');
    expect(text).toContain('tg_latency_ms_sum 555\ntg_latency_ms_count 3');
  });

  it('escapes label values so a hostile model name cannot break the exposition', () => {
    const r = new Registry();
    r.counter('c', 'c').inc({ model: 'a"b\\c\nd' });
    expect(r.render()).toContain('c{model="a\\"b\\\\c\\nd"} 1');
  });
});
