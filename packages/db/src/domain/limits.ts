// Limits as ingress reads them (camelCase), from the stored wire shape (snake_case JSON). Pure.
//
// Project limits are the plan's limits unless overridden: an override replaces the plan's value field by field,
// and an override of null removes that limit. A key's own limits apply on top of (never instead of) its
// project's: enforcement takes the stricter of the two.

import type { LimitsJson } from '../schema.ts';

export interface KeyLimits {
  rpm?: number;
  tpm?: number;
  dailyBudgetUsd?: number;
  monthlyBudgetUsd?: number;
}

export interface ProjectLimits extends KeyLimits {
  requestsPerDay?: number;
}

export const LIMIT_FIELDS = ['rpm', 'tpm', 'requests_per_day', 'daily_budget_usd', 'monthly_budget_usd'] as const;
export type LimitField = (typeof LIMIT_FIELDS)[number];

const CAMEL: Record<LimitField, keyof ProjectLimits> = {
  rpm: 'rpm',
  tpm: 'tpm',
  requests_per_day: 'requestsPerDay',
  daily_budget_usd: 'dailyBudgetUsd',
  monthly_budget_usd: 'monthlyBudgetUsd',
};

/** The plan's limits with the project's overrides applied; only fields that end up set. */
export function effectiveLimits(plan: LimitsJson | null | undefined, overrides: LimitsJson | null | undefined): LimitsJson {
  const out: LimitsJson = {};
  for (const f of LIMIT_FIELDS) {
    const o = overrides?.[f];
    const v = o !== undefined ? o : plan?.[f];
    if (typeof v === 'number') out[f] = v;
  }
  return out;
}

/** snake_case JSON to camelCase; null and missing fields are left out. */
export function toProjectLimits(json: LimitsJson | null | undefined): ProjectLimits {
  const out: ProjectLimits = {};
  for (const f of LIMIT_FIELDS) {
    const v = json?.[f];
    if (typeof v === 'number') out[CAMEL[f]] = v;
  }
  return out;
}

/** A key's limits (a key has no requests_per_day). */
export function toKeyLimits(json: LimitsJson | null | undefined): KeyLimits {
  const { requestsPerDay: _none, ...rest } = toProjectLimits(json);
  return rest;
}
