import { gcraAdjust, gcraCheck } from './gcra.ts';
import type { RateLimiter } from './types.ts';

/**
 * The in-memory rate limiter (one process: the embedded default). Same GCRA arithmetic as the Redis script;
 * atomic because each call runs to completion on the event loop. Memory is bounded by sweeping TATs that are
 * in the past (a full bucket needs no state) whenever the map grows past maxKeys.
 */
export function createMemoryRateLimiter(opts: { maxKeys?: number } = {}): RateLimiter {
  const tats = new Map<string, number>();
  const maxKeys = opts.maxKeys ?? 100_000;
  let sweepAt = maxKeys;
  const live = (key: string, nowMs: number) => {
    const v = tats.get(key);
    return v !== undefined && v > nowMs ? v : undefined;
  };
  const sweep = (nowMs: number) => {
    if (tats.size <= sweepAt) return;
    for (const [k, v] of tats) if (v <= nowMs) tats.delete(k);
    sweepAt = Math.max(maxKeys, tats.size * 2);
  };

  return {
    async check(rules, nowMs) {
      const r = gcraCheck(rules.map((rule) => live(rule.key, nowMs)), rules, nowMs);
      if (!r.allowed) return { allowed: false, retryAfterMs: r.retryAfterMs, deniedKey: rules[r.denied].key, states: r.states };
      for (let i = 0; i < rules.length; i++) tats.set(rules[i].key, r.tats[i]);
      sweep(nowMs);
      return { allowed: true, states: r.states };
    },
    async adjust(rules, nowMs) {
      for (const rule of rules) {
        const nt = gcraAdjust(live(rule.key, nowMs), rule, rule.delta, nowMs);
        if (nt === undefined) tats.delete(rule.key);
        else tats.set(rule.key, nt);
      }
    },
  };
}
