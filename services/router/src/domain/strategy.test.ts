import { describe, expect, it } from 'vitest';
import type { Route, Target } from './routes.ts';
import { hashUnit, orderTargets, pickWeighted, type StrategyInputs } from './strategy.ts';

const target = (provider: string, model: string, weight = 1): Target => ({ provider, model, credential: '', weight, timeoutMs: 0, firstByteTimeoutMs: 0, connectTimeoutMs: 0, key: `${provider}/${model}` });
const route = (strategy: Route['strategy'], targets: Target[], sticky = false): Route => ({ alias: 'a', strategy, targets, sticky, timeoutMs: 0, retries: 0 });
const inputs = (over: Partial<StrategyInputs> = {}): StrategyInputs => ({ random: 0, stickyKey: '', latencyMs: () => undefined, price: () => undefined, ...over });
const keys = (ts: readonly Target[]) => ts.map((t) => t.key);

/** A seeded PRNG (mulberry32): repeatable draws in [0, 1). */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const a = target('openai', 'gpt-4o', 3);
const b = target('anthropic', 'claude', 1);
const c = target('groq', 'llama', 0);

describe('orderTargets', () => {
  it('priority: keeps the configured order (the rest are fallbacks)', () => {
    expect(keys(orderTargets(route('priority', [a, b, c]), inputs()))).toEqual(['openai/gpt-4o', 'anthropic/claude', 'groq/llama']);
  });

  it('weighted: given weights 3:1:0 and 10,000 seeded draws, splits about 75/25 and never picks weight 0', () => {
    const rnd = seeded(42);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const first = orderTargets(route('weighted', [a, b, c]), inputs({ random: rnd() }))[0].key;
      counts[first] = (counts[first] ?? 0) + 1;
    }
    expect(counts['groq/llama']).toBeUndefined();
    expect(counts['openai/gpt-4o'] / 10_000).toBeCloseTo(0.75, 1);
    expect(counts['anthropic/claude'] / 10_000).toBeCloseTo(0.25, 1);
  });

  it('weighted: the drawn target goes first, the others follow in configured order', () => {
    expect(keys(orderTargets(route('weighted', [a, b, c]), inputs({ random: 0.9 })))).toEqual(['anthropic/claude', 'openai/gpt-4o', 'groq/llama']);
  });

  it('weighted + sticky: the same user always gets the same first target, whatever the random draw', () => {
    const r = route('weighted', [target('x', '1'), target('y', '2')], true);
    const firsts = new Set<string>();
    for (let i = 0; i < 50; i++) firsts.add(orderTargets(r, inputs({ random: i / 50, stickyKey: 'user-7' }))[0].key);
    expect(firsts.size).toBe(1);
    const users = new Set<string>();
    for (let i = 0; i < 200; i++) users.add(orderTargets(r, inputs({ stickyKey: `user-${i}` }))[0].key);
    expect(users.size).toBe(2); // different users spread over both
  });

  it('latency: fastest first, never-observed targets before observed ones', () => {
    const ms: Record<string, number> = { 'openai/gpt-4o': 300, 'anthropic/claude': 120 };
    expect(keys(orderTargets(route('latency', [a, b, c]), inputs({ latencyMs: (k) => ms[k] })))).toEqual(['groq/llama', 'anthropic/claude', 'openai/gpt-4o']);
  });

  it('cost: cheapest first, unpriced last', () => {
    const usd: Record<string, number> = { 'gpt-4o': 12.5, llama: 0.13 };
    expect(keys(orderTargets(route('cost', [a, b, c]), inputs({ price: (m) => usd[m] })))).toEqual(['groq/llama', 'openai/gpt-4o', 'anthropic/claude']);
  });
});

describe('pickWeighted / hashUnit', () => {
  it('maps a draw onto cumulative weights', () => {
    expect([0, 0.74, 0.75, 0.99].map((u) => pickWeighted([a, b], u))).toEqual([0, 0, 1, 1]);
    expect(pickWeighted([c, c], 0.5)).toBe(0);
  });

  it('hashes a key to a stable point in [0, 1)', () => {
    expect(hashUnit('k')).toBe(hashUnit('k'));
    expect(hashUnit('k')).not.toBe(hashUnit('l'));
    expect(hashUnit('k')).toBeGreaterThanOrEqual(0);
    expect(hashUnit('k')).toBeLessThan(1);
  });
});
