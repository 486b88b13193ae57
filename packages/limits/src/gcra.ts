import type { RateRule, RuleState } from './types.ts';

// GCRA (generic cell rate algorithm) over several rules at once, as a pure function. The Redis script in
// redis-scripts.ts is a line-by-line copy of this arithmetic (IEEE doubles in both), so the memory twin and
// Redis decide identically. Each rule stores one number: its theoretical arrival time (TAT, ms). A rule with
// limit L per window W emits one unit every W/L ms and allows a burst of L units.

export interface GcraResult {
  allowed: boolean;
  /** Index of the first rule that denied, or -1. */
  denied: number;
  retryAfterMs: number;
  /** TATs to store: the new ones if allowed, the unchanged (clamped) ones otherwise. */
  tats: number[];
  states: RuleState[];
}

export function gcraCheck(stored: (number | undefined)[], rules: RateRule[], nowMs: number): GcraResult {
  const base: number[] = [];
  const next: number[] = [];
  let denied = -1;
  let retry = 0;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    const t = r.windowMs / r.limit;
    const tat = Math.max(stored[i] ?? 0, nowMs);
    const nt = tat + r.cost * t;
    const wait = nt - nowMs - r.windowMs;
    if (wait > 0) {
      if (denied < 0) denied = i;
      retry = Math.max(retry, r.cost > r.limit ? r.windowMs : wait);
    }
    base.push(tat);
    next.push(nt);
  }
  const allowed = denied < 0;
  const tats = allowed ? next : base;
  const states = rules.map((r, i) => ruleState(r, tats[i], nowMs));
  return { allowed, denied, retryAfterMs: Math.ceil(retry), tats, states };
}

/** The TAT after giving back (delta < 0) or charging (delta > 0) units; undefined when the rule is full again. */
export function gcraAdjust(stored: number | undefined, rule: { limit: number; windowMs: number }, delta: number, nowMs: number): number | undefined {
  const t = rule.windowMs / rule.limit;
  const nt = Math.max(stored ?? 0, nowMs) + delta * t;
  return nt > nowMs ? nt : undefined;
}

export function ruleState(r: RateRule, tat: number, nowMs: number): RuleState {
  const t = r.windowMs / r.limit;
  const remaining = Math.min(r.limit, Math.max(0, Math.floor((r.windowMs - (tat - nowMs)) / t)));
  return { key: r.key, unit: r.unit, limit: r.limit, remaining, resetMs: Math.max(0, Math.ceil(tat - nowMs)) };
}
