import { describe, expect, it } from 'vitest';
import { ewma, LatencyTable } from './latency.ts';

describe('LatencyTable (EWMA)', () => {
  it('starts at the first sample, then moves alpha of the way toward each new one', () => {
    const t = new LatencyTable(0.5);
    expect(t.get('a/m')).toBeUndefined();
    t.observe('a/m', 100);
    expect(t.get('a/m')).toBe(100);
    t.observe('a/m', 200);
    expect(t.get('a/m')).toBe(150);
    expect(ewma(150, 50, 0.5)).toBe(100);
  });

  it('penalizes a failure with at least twice the average (or 1 s), so a failing target drops behind', () => {
    const t = new LatencyTable(1);
    t.observe('a/m', 800);
    t.penalize('a/m', 10);
    expect(t.get('a/m')).toBe(1600);
    t.penalize('b/m', 10);
    expect(t.get('b/m')).toBe(1000);
  });
});
