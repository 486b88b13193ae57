import { describe, expect, it } from 'vitest';
import { nanoToUsd, summarizeMetrics } from './metrics.ts';

describe('nanoToUsd', () => {
  it('converts billionths exactly, from strings, numbers and bigints', () => {
    expect(nanoToUsd('1750000001')).toBe(1.750000001);
    expect(nanoToUsd(1)).toBe(0.000000001);
    expect(nanoToUsd(-2_500_000_000n)).toBe(-2.5);
    // 123456789.012345678 USD: every digit a double holds survives (Number(n) / 1e9 would lose more).
    expect(nanoToUsd('123456789012345678')).toBe(123456789.01234567);
  });
});

describe('summarizeMetrics', () => {
  it('computes totals and the error rate', () => {
    const m = summarizeMetrics('p', { requests: '8', errors: '2', tokens: '100', cost_nanousd: '500000000' }, [
      { model: 'a', requests: '8', tokens: '100', cost_nanousd: '500000000' },
    ]);
    expect(m).toEqual({ project_id: 'p', total_requests: 8, error_rate: 0.25, total_tokens: 100, total_cost_usd: 0.5, top_models: [{ model: 'a', requests: 8, tokens: 100, cost_usd: 0.5 }] });
  });

  it('reports a zero error rate, not NaN, without requests', () => {
    expect(summarizeMetrics('p', undefined, [])).toMatchObject({ total_requests: 0, error_rate: 0, total_cost_usd: 0 });
  });
});
