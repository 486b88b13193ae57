/**
 * Exponentially weighted moving average of observed latency per target key ("provider/model"), fed by every
 * attempt: a success adds its latency to the first byte; a provider-side failure adds a penalty (at least
 * twice the current average) so a failing target drops behind without being forgotten. State, but no clock.
 */
export class LatencyTable {
  private readonly avg = new Map<string, number>();
  private readonly alpha: number;

  constructor(alpha = 0.3) {
    this.alpha = alpha;
  }

  get(key: string): number | undefined {
    return this.avg.get(key);
  }

  observe(key: string, ms: number): void {
    this.avg.set(key, ewma(this.avg.get(key), ms, this.alpha));
  }

  penalize(key: string, elapsedMs: number): void {
    const cur = this.avg.get(key);
    this.observe(key, Math.max(elapsedMs, cur === undefined ? 0 : cur * 2, 1000));
  }
}

/** The next average: the first sample as is, then alpha of the new sample and (1 - alpha) of the old average. */
export function ewma(prev: number | undefined, sample: number, alpha: number): number {
  return prev === undefined ? sample : alpha * sample + (1 - alpha) * prev;
}
