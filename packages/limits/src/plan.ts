import { periodKeys } from './period.ts';
import type { BudgetScope, RateRule } from './types.ts';

// From an owner's configured limits to the rules and scopes one request is checked against. Pure. Keys carry
// the project in a `{hash tag}` so all keys of one request land in one Redis Cluster slot.

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Totals are kept this long after the last write: past the period, plus any reservation's lifetime. */
const DAY_RETENTION_MS = 3 * DAY;
const MONTH_RETENTION_MS = 35 * DAY;

export interface LimitSet {
  requestsPerMinute?: number;
  requestsPerDay?: number;
  tokensPerMinute?: number;
  dailyBudgetNanousd?: bigint;
  monthlyBudgetNanousd?: bigint;
}

export interface Owner {
  kind: 'project' | 'key';
  projectId: string;
  /** The project id or key id. */
  id: string;
}

const base = (o: Owner) => `{${o.projectId}}:${o.kind}:${o.id}`;
const positive = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;

/** The request and token rules of an owner; token rules consume the request's token estimate. */
export function rateRules(owner: Owner, limits: LimitSet, tokenEstimate: number): RateRule[] {
  const rules: RateRule[] = [];
  const k = `rl:${base(owner)}`;
  if (positive(limits.requestsPerMinute)) rules.push({ key: `${k}:rpm`, limit: limits.requestsPerMinute, windowMs: MINUTE, cost: 1, unit: 'requests' });
  if (positive(limits.requestsPerDay)) rules.push({ key: `${k}:rpd`, limit: limits.requestsPerDay, windowMs: DAY, cost: 1, unit: 'requests' });
  if (positive(limits.tokensPerMinute)) rules.push({ key: `${k}:tpm`, limit: limits.tokensPerMinute, windowMs: MINUTE, cost: tokenEstimate, unit: 'tokens' });
  return rules;
}

/** The budget scopes of an owner for the periods that nowMs falls in (in timeZone). */
export function budgetScopes(owner: Owner, limits: LimitSet, nowMs: number, timeZone = 'UTC'): BudgetScope[] {
  const scopes: BudgetScope[] = [];
  const d = limits.dailyBudgetNanousd;
  const m = limits.monthlyBudgetNanousd;
  const daily = d !== undefined && d >= 0n;
  const monthly = m !== undefined && m >= 0n;
  if (!daily && !monthly) return scopes; // most owners: no date to format
  const p = periodKeys(nowMs, timeZone);
  const k = `bg:${base(owner)}`;
  if (daily) scopes.push({ key: `${k}:day:${p.day}`, limitNanousd: d, retentionMs: DAY_RETENTION_MS, label: `${owner.kind} daily` });
  if (monthly) scopes.push({ key: `${k}:month:${p.month}`, limitNanousd: m, retentionMs: MONTH_RETENTION_MS, label: `${owner.kind} monthly` });
  return scopes;
}

/** Admission's token estimate: prompt characters / 4 (rounded up) plus the completion allowance. */
export function estimateTokens(promptChars: number, maxTokens: number): number {
  return Math.ceil(Math.max(0, promptChars) / 4) + Math.max(0, Math.floor(maxTokens));
}

/** Price: USD per million tokens. One token at price p costs p * 1000 nano-USD; rounded up (a maximum). */
export function maxCostNanousd(price: { input: number; output: number } | undefined, promptTokens: number, maxTokens: number): bigint {
  if (!price) return 0n;
  return BigInt(Math.ceil(promptTokens * price.input * 1000 + maxTokens * price.output * 1000));
}

export function usdToNanousd(usd: number): bigint {
  return BigInt(Math.round(usd * 1e9));
}
