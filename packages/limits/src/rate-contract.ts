import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RateLimiter, RateRule } from './types.ts';

// The one contract every RateLimiter passes: memory (unit) and Redis (int). Expected numbers are exact, so
// both implementations provably decide identically. Keys are random per test; time is passed in.

export interface LimiterHarness {
  limiter: RateLimiter;
  close(): Promise<void>;
}

const T0 = 1_800_000_000_000;

export function rateContract(name: string, make: () => Promise<LimiterHarness>): void {
  describe(`RateLimiter contract: ${name}`, () => {
    let h: LimiterHarness;
    let rule: (limit: number, windowMs: number, cost?: number, unit?: 'requests' | 'tokens') => RateRule;
    beforeEach(async () => {
      h = await make();
      const run = randomBytes(6).toString('hex');
      let n = 0;
      rule = (limit, windowMs, cost = 1, unit = 'requests') => ({ key: `rl:{${run}}:${n++}`, limit, windowMs, cost, unit });
    });
    afterEach(() => h.close());

    it('allows a burst of limit, then denies with the time to the next unit', async () => {
      const r = rule(3, 60_000);
      const remaining: number[] = [];
      for (let i = 0; i < 3; i++) {
        const d = await h.limiter.check([r], T0);
        expect(d.allowed).toBe(true);
        remaining.push(d.states[0].remaining);
      }
      expect(remaining).toEqual([2, 1, 0]);
      const denied = await h.limiter.check([r], T0);
      expect(denied).toEqual({ allowed: false, retryAfterMs: 20_000, deniedKey: r.key, states: [{ key: r.key, unit: 'requests', limit: 3, remaining: 0, resetMs: 60_000 }] });
    });

    it('replenishes one unit per window/limit', async () => {
      const r = rule(3, 60_000);
      for (let i = 0; i < 3; i++) await h.limiter.check([r], T0);
      expect((await h.limiter.check([r], T0 + 19_999)).allowed).toBe(false);
      const d = await h.limiter.check([r], T0 + 20_000);
      expect(d).toEqual({ allowed: true, states: [{ key: r.key, unit: 'requests', limit: 3, remaining: 0, resetMs: 60_000 }] });
      expect((await h.limiter.check([r], T0 + 20_000)).allowed).toBe(false);
    });

    it('is all-or-nothing: a denied rule consumes nothing from the others', async () => {
      const roomy = rule(10, 60_000);
      const full = rule(1, 60_000);
      await h.limiter.check([full], T0);
      const d = await h.limiter.check([roomy, full], T0);
      expect(d.allowed).toBe(false);
      if (!d.allowed) expect(d.deniedKey).toBe(full.key);
      expect(d.states[0].remaining).toBe(10);
      expect((await h.limiter.check([roomy], T0)).states[0].remaining).toBe(9);
    });

    it('counts token costs, and never admits a cost above the limit', async () => {
      const tpm = rule(1_000, 60_000, 600, 'tokens');
      expect((await h.limiter.check([tpm], T0)).states[0]).toMatchObject({ remaining: 400, resetMs: 36_000 });
      const again = await h.limiter.check([tpm], T0);
      expect(again).toMatchObject({ allowed: false, retryAfterMs: 12_000 });
      const huge = await h.limiter.check([{ ...rule(1_000, 60_000), cost: 1_001 }], T0);
      expect(huge).toMatchObject({ allowed: false, retryAfterMs: 60_000 });
    });

    it('adjusts consumption to the actual count (refund and surcharge)', async () => {
      const tpm = rule(1_000, 60_000, 600, 'tokens');
      await h.limiter.check([tpm], T0);
      await h.limiter.adjust([{ ...tpm, delta: -500 }], T0);
      expect((await h.limiter.check([{ ...tpm, cost: 0 }], T0)).states[0].remaining).toBe(900);
      await h.limiter.adjust([{ ...tpm, delta: 1_400 }], T0);
      const d = await h.limiter.check([{ ...tpm, cost: 1 }], T0);
      expect(d).toMatchObject({ allowed: false, retryAfterMs: 30_060 });
      await h.limiter.adjust([{ ...tpm, delta: -5_000 }], T0);
      expect((await h.limiter.check([{ ...tpm, cost: 0 }], T0)).states[0]).toMatchObject({ remaining: 1_000, resetMs: 0 });
    });

    it('admits exactly limit out of many concurrent checks', async () => {
      const r = rule(25, 86_400_000);
      const all = await Promise.all(Array.from({ length: 200 }, () => h.limiter.check([r], T0)));
      expect(all.filter((d) => d.allowed)).toHaveLength(25);
    });

    it('treats an empty rule list as allowed', async () => {
      expect(await h.limiter.check([], T0)).toEqual({ allowed: true, states: [] });
    });
  });
}
