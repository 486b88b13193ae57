import { describe, expect, it } from 'vitest';
import { formatDuration, rateLimitHeaders } from './headers.ts';
import { budgetScopes, estimateTokens, maxCostNanousd, rateRules, usdToNanousd } from './plan.ts';

const key = { kind: 'key' as const, projectId: 'p1', id: 'k1' };

describe('rateRules and budgetScopes', () => {
  it('makes one rule per configured limit, keys hash-tagged by project', () => {
    expect(rateRules(key, { requestsPerMinute: 60, tokensPerMinute: 1000 }, 150)).toEqual([
      { key: 'rl:{p1}:key:k1:rpm', limit: 60, windowMs: 60_000, cost: 1, unit: 'requests' },
      { key: 'rl:{p1}:key:k1:tpm', limit: 1000, windowMs: 60_000, cost: 150, unit: 'tokens' },
    ]);
    expect(rateRules(key, { requestsPerMinute: 0, requestsPerDay: Number.NaN }, 1)).toEqual([]);
  });

  it('names the period in the budget key, in the configured zone', () => {
    const now = Date.parse('2026-11-30T23:30:00Z');
    const s = budgetScopes({ kind: 'project', projectId: 'p1', id: 'p1' }, { dailyBudgetNanousd: 5n, monthlyBudgetNanousd: 9n }, now, 'Asia/Tokyo');
    expect(s.map((x) => [x.key, x.limitNanousd, x.label])).toEqual([
      ['bg:{p1}:project:p1:day:2026-12-01', 5n, 'project daily'],
      ['bg:{p1}:project:p1:month:2026-12', 9n, 'project monthly'],
    ]);
  });
});

describe('estimates', () => {
  it('estimates tokens as chars/4 + max_tokens and the maximum cost from a price', () => {
    expect(estimateTokens(401, 100)).toBe(201);
    // gpt-4o-mini: $0.15 / $0.60 per million tokens
    expect(maxCostNanousd({ input: 0.15, output: 0.6 }, 101, 100)).toBe(15_150n + 60_000n);
    expect(maxCostNanousd(undefined, 1, 1)).toBe(0n);
    expect(usdToNanousd(12.5)).toBe(12_500_000_000n);
  });
});

describe('rateLimitHeaders', () => {
  it('reports the tightest rule per unit', () => {
    const h = rateLimitHeaders([
      { key: 'a', unit: 'requests', limit: 60, remaining: 10, resetMs: 50_000 },
      { key: 'b', unit: 'requests', limit: 1000, remaining: 999, resetMs: 86_400 },
      { key: 'c', unit: 'tokens', limit: 1000, remaining: 0, resetMs: 360_000 },
    ]);
    expect(h).toEqual({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '10',
      'x-ratelimit-reset-requests': '50s',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '6m0s',
    });
  });

  it('formats durations like OpenAI', () => {
    expect([formatDuration(20), formatDuration(1_500), formatDuration(360_000), formatDuration(7_384_000)]).toEqual(['20ms', '1.5s', '6m0s', '2h3m4s']);
  });
});
