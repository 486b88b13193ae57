import { ErrorClass } from '@tollgate/proto/events';
import type { Counter, Histogram, Registry } from '@tollgate/telemetry';
import type { Outcome } from './chunks.ts';

/** Per-provider request counts by outcome and upstream latency, recorded once per request as it ends. */
export class RouterMetrics {
  private readonly requests: Counter;
  private readonly latency: Histogram;
  /** provider -> label objects by error class (+1; index 0 is the latency label): cached, none per request. */
  private readonly labels = new Map<string, Record<string, string>[]>();

  constructor(registry: Registry) {
    this.requests = registry.counter('tg_router_requests_total', 'Requests routed, by provider and error class');
    this.latency = registry.histogram('tg_router_upstream_latency_ms', 'Upstream latency (whole answer), by provider');
  }

  record(o: Outcome): void {
    const provider = o.provider || 'none';
    this.requests.inc(this.label(provider, o.errorClass));
    if (o.status) this.latency.observe(o.latencyMs, this.label(provider, -1));
  }

  private label(provider: string, errorClass: number): Record<string, string> {
    let byClass = this.labels.get(provider);
    if (!byClass) this.labels.set(provider, (byClass = []));
    return (byClass[errorClass + 1] ??= errorClass < 0 ? { provider } : { provider, error_class: (ErrorClass[errorClass] ?? 'unknown').toLowerCase() });
  }
}
