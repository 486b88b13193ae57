// A small Prometheus registry: counters, gauges and fixed-bucket histograms with label sets, rendered in the
// text exposition format. Recording is a Map lookup and an add; nothing allocates per call once a series exists.

type Labels = Record<string, string>;

interface Series {
  labels: string;
  value: number;
  buckets?: number[];
  sum?: number;
}

/** Series by label names then values, in the order a call site lists them: finding one allocates nothing. */
interface Node {
  next?: Map<string, Map<string, Node>>;
  series?: Series;
}

abstract class Metric {
  readonly name: string;
  readonly help: string;
  /** By rendered label set: one series per set, however the call sites order their labels. */
  protected readonly series = new Map<string, Series>();
  private readonly root: Node = {};
  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }
  protected get(labels: Labels | undefined): Series {
    let node = this.root;
    for (const k in labels) {
      const v = labels[k]!;
      node.next ??= new Map();
      let byValue = node.next.get(k);
      if (!byValue) node.next.set(k, (byValue = new Map()));
      let child = byValue.get(v);
      if (!child) byValue.set(v, (child = {}));
      node = child;
    }
    return (node.series ??= this.seriesFor(labels ? renderLabels(labels) : ''));
  }
  private seriesFor(key: string): Series {
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = this.create(key)));
    return s;
  }
  protected create(labels: string): Series {
    return { labels, value: 0 };
  }
  abstract render(): string;
}

export class Counter extends Metric {
  inc(labels?: Labels, by = 1): void {
    this.get(labels).value += by;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const s of this.series.values()) lines.push(`${this.name}${s.labels} ${s.value}`);
    return lines.join('\n');
  }
}

export class Gauge extends Metric {
  set(value: number, labels?: Labels): void {
    this.get(labels).value = value;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const s of this.series.values()) lines.push(`${this.name}${s.labels} ${s.value}`);
    return lines.join('\n');
  }
}

export class Histogram extends Metric {
  readonly bounds: number[];
  constructor(name: string, help: string, bounds: number[]) {
    super(name, help);
    this.bounds = bounds;
  }
  protected override create(labels: string): Series {
    return { labels, value: 0, sum: 0, buckets: this.bounds.map(() => 0) };
  }
  observe(value: number, labels?: Labels): void {
    const s = this.get(labels);
    s.value++;
    s.sum! += value;
    for (let i = 0; i < this.bounds.length; i++) if (value <= this.bounds[i]) s.buckets![i]++;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      const inner = s.labels ? s.labels.slice(1, -1) + ',' : '';
      for (let i = 0; i < this.bounds.length; i++) lines.push(`${this.name}_bucket{${inner}le="${this.bounds[i]}"} ${s.buckets![i]}`);
      lines.push(`${this.name}_bucket{${inner}le="+Inf"} ${s.value}`, `${this.name}_sum${s.labels} ${s.sum}`, `${this.name}_count${s.labels} ${s.value}`);
    }
    return lines.join('\n');
  }
}

export class Registry {
  private readonly metrics = new Map<string, Metric>();
  counter(name: string, help: string): Counter {
    return this.add(name, () => new Counter(name, help));
  }
  gauge(name: string, help: string): Gauge {
    return this.add(name, () => new Gauge(name, help));
  }
  histogram(name: string, help: string, bounds = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000]): Histogram {
    return this.add(name, () => new Histogram(name, help, bounds));
  }
  /** Prometheus text exposition format, version 0.0.4, with the process's own memory and CPU first. */
  render(): string {
    return processMetrics() + [...this.metrics.values()].map((m) => m.render()).join('\n') + '\n';
  }
  private add<M extends Metric>(name: string, make: () => M): M {
    const existing = this.metrics.get(name);
    if (existing) return existing as M;
    const m = make();
    this.metrics.set(name, m);
    return m;
  }
}

function renderLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** The standard process_* series (names as the Prometheus client libraries use) plus V8 heap figures. */
function processMetrics(): string {
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  const lines: Array<[string, string, number]> = [
    ['process_resident_memory_bytes', 'gauge', mem.rss],
    ['process_cpu_seconds_total', 'counter', (cpu.user + cpu.system) / 1e6],
    ['nodejs_heap_used_bytes', 'gauge', mem.heapUsed],
    ['nodejs_heap_total_bytes', 'gauge', mem.heapTotal],
    ['nodejs_external_memory_bytes', 'gauge', mem.external],
    ['nodejs_array_buffers_bytes', 'gauge', mem.arrayBuffers],
  ];
  return lines.map(([name, type, v]) => `# TYPE ${name} ${type}\n${name} ${v}\n`).join('');
}
