import { describe, expect, it } from 'vitest';
import { type CacheRow, savedNano, shapeCache } from './cache.ts';
import { counterfactual } from './counterfactual.ts';
import { fillDays } from './daily.ts';
import { shapeErrors } from './errors.ts';
import { shapeLatency } from './latency.ts';
import { providerHealth } from './providers.ts';

const zero = { requests: 0, errors: 0, error_rate: 0, tokens_in: 0, tokens_out: 0, cost_usd: 0, cache_hits: 0 };
const row = (o: Partial<Record<string, string | number>> = {}) => ({ requests: '4', errors: '1', tokens_in: '10', tokens_out: '20', cost: '1500000000', cache_hits: '2', ...o });

describe('analytics shaping', () => {
  it('fills days without traffic with zeros, across a month end', () => {
    const got = fillDays({ projectId: 'p', from: '2024-02-28', to: '2024-03-01' }, [{ date: '2024-02-29', ...row() }]);
    expect(got).toEqual([
      { day: '2024-02-28', ...zero },
      { day: '2024-02-29', requests: 4, errors: 1, error_rate: 0.25, tokens_in: 10, tokens_out: 20, cost_usd: 1.5, cache_hits: 2 },
      { day: '2024-03-01', ...zero },
    ]);
  });

  it('estimates the saving of hits from the average successful miss of the same model', () => {
    const gpt: CacheRow = { model: 'gpt', requests: 10, hits: 3, misses: 5, priced_misses: 4, miss_cost: '1000' };
    const lonely: CacheRow = { model: 'x', requests: 2, hits: 2, misses: 0, priced_misses: 0, miss_cost: '0' };
    expect(savedNano(gpt)).toBe(750n);
    expect(savedNano(lonely)).toBe(0n);
    const r = shapeCache([lonely, gpt]);
    expect(r).toMatchObject({ requests: 12, hits: 5, misses: 5, hit_rate: 5 / 12, lookup_hit_rate: 0.5, saved_cost_usd_estimate: 750e-9 });
    expect(r.models.map((m) => [m.model, m.avg_miss_cost_usd])).toEqual([['gpt', 250e-9], ['x', null]]);
  });

  it('prices every model at the target price', () => {
    const r = counterfactual('cheap', { input: 1, output: 2 }, [{ model: 'a', ...row({ tokens_in: '1000000', tokens_out: '500000', cost: '5000000000' }) }]);
    expect(r).toMatchObject({ requests: 4, actual_cost_usd: 5, counterfactual_cost_usd: 2, difference_usd: -3 });
  });

  it('reports error classes by count, with rate and share', () => {
    const r = shapeErrors([
      { error_class: 'none', requests: 6, errors: 0 },
      { error_class: 'timeout', requests: 1, errors: 1 },
      { error_class: 'upstream', requests: 3, errors: 3 },
    ]);
    expect(r).toEqual({ requests: 10, errors: 4, error_rate: 0.4, classes: [{ error_class: 'upstream', errors: 3, rate: 0.3, share: 0.75 }, { error_class: 'timeout', errors: 1, rate: 0.1, share: 0.25 }] });
  });

  it('reports no percentiles without samples', () => {
    expect(shapeLatency({ requests: 0, latency: [null, null, null], ttft_requests: 0, ttft: [null, null, null] })).toEqual({
      requests: 0,
      latency_ms: { p50: null, p95: null, p99: null },
      ttft_requests: 0,
      ttft_ms: { p50: null, p95: null, p99: null },
    });
  });

  it('merges circuit records with traffic; an open circuit past its deadline is half-open', () => {
    const c = (provider: string, state: 'open' | 'closed', untilMs: number) => ({ provider, state, failures: 5, untilMs, updatedMs: 0 });
    const rows = [{ provider: 'a', requests: '4', successes: '3', latency_p50: 120 }];
    const got = providerHealth(rows, [c('b', 'open', 2000), c('c', 'open', 500)], 1000);
    expect(got.map((p) => [p.provider, p.circuit, p.success_rate, p.open_until])).toEqual([
      ['a', 'closed', 0.75, null],
      ['b', 'open', null, '1970-01-01T00:00:02.000Z'],
      ['c', 'half_open', null, '1970-01-01T00:00:00.500Z'],
    ]);
    expect(providerHealth(rows, undefined, 1000)[0].circuit).toBe('unknown');
  });
});
