import { describe, expect, it } from 'vitest';
import { effectiveLimits, toKeyLimits, toProjectLimits } from './limits.ts';

describe('effectiveLimits', () => {
  it('takes the plan unless overridden, field by field; null removes a limit', () => {
    const plan = { rpm: 20, tpm: 1000, requests_per_day: 500 };
    expect(effectiveLimits(plan, {})).toEqual(plan);
    expect(effectiveLimits(plan, { rpm: 100, requests_per_day: null, daily_budget_usd: 2.5 })).toEqual({ rpm: 100, tpm: 1000, daily_budget_usd: 2.5 });
    expect(effectiveLimits(null, { tpm: 0 })).toEqual({ tpm: 0 });
    expect(effectiveLimits(undefined, undefined)).toEqual({});
  });
});

describe('camelCase views', () => {
  it('map the stored shape and drop unset fields', () => {
    expect(toProjectLimits({ rpm: 1, requests_per_day: 2, monthly_budget_usd: null })).toEqual({ rpm: 1, requestsPerDay: 2 });
    expect(toKeyLimits({ tpm: 5, daily_budget_usd: 1.5, requests_per_day: 9 })).toEqual({ tpm: 5, dailyBudgetUsd: 1.5 });
    expect(toKeyLimits(null)).toEqual({});
  });
});
