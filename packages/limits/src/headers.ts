import type { RuleState } from './types.ts';

// OpenAI's rate-limit response headers from the rules' states: for requests and for tokens, the most
// constraining rule (fewest remaining) is reported. Reset durations use OpenAI's format (`1s`, `6m0s`, `20ms`).

export function rateLimitHeaders(states: RuleState[]): Record<string, string> {
  const h: Record<string, string> = {};
  for (const unit of ['requests', 'tokens'] as const) {
    let tightest: RuleState | undefined;
    for (const s of states) if (s.unit === unit && (!tightest || s.remaining < tightest.remaining)) tightest = s;
    if (!tightest) continue;
    h[`x-ratelimit-limit-${unit}`] = String(tightest.limit);
    h[`x-ratelimit-remaining-${unit}`] = String(tightest.remaining);
    h[`x-ratelimit-reset-${unit}`] = formatDuration(tightest.resetMs);
  }
  return h;
}

/** `950ms`, `1.5s`, `6m0s`, `2h3m4s` */
export function formatDuration(ms: number): string {
  const v = Math.max(0, Math.ceil(ms));
  if (v < 1_000) return `${v}ms`;
  const h = Math.floor(v / 3_600_000);
  const m = Math.floor((v % 3_600_000) / 60_000);
  const s = Math.round((v % 60_000) / 100) / 10;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
