import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { budgetScopes } from './plan.ts';
import type { BudgetScope, BudgetStore } from './types.ts';

// The one contract every BudgetStore passes: memory (unit) and Redis (int). Keys are random per test; time
// (reservation expiry, periods) is passed in, so expiry and period resets are tested without waiting.

export interface BudgetHarness {
  budgets: BudgetStore;
  close(): Promise<void>;
}

const T0 = Date.parse('2026-11-23T12:00:00Z');
const TTL = 60_000;

export function budgetContract(name: string, make: () => Promise<BudgetHarness>): void {
  describe(`BudgetStore contract: ${name}`, () => {
    let h: BudgetHarness;
    let run: string;
    let n: number;
    const scope = (limit: bigint, label = 'test'): BudgetScope => ({ key: `bg:{${run}}:${n++}`, limitNanousd: limit, retentionMs: 3_600_000, label });
    const reserve = (scopes: BudgetScope[], amount: bigint, nowMs = T0, id = `r${n++}`) =>
      h.budgets.reserve({ id, scopes, amountNanousd: amount, ttlMs: TTL }, nowMs);
    beforeEach(async () => {
      h = await make();
      run = randomBytes(6).toString('hex');
      n = 0;
    });
    afterEach(() => h.close());

    it('reserves, then settles: the reservation is released and the actual cost spent', async () => {
      const s = scope(1_000n);
      const r = await reserve([s], 300n);
      if (!r.ok) throw new Error('expected a reservation');
      expect(r.reservation).toMatchObject({ amountNanousd: 300n, expiresAtMs: T0 + TTL, scopes: [{ key: s.key, retentionMs: 3_600_000 }] });
      expect(await h.budgets.usage(s.key)).toEqual({ spentNanousd: 0n, reservedNanousd: 300n });
      await h.budgets.settle(r.reservation, 120n);
      expect(await h.budgets.usage(s.key)).toEqual({ spentNanousd: 120n, reservedNanousd: 0n });
    });

    it('rejects when spent + reserved + amount would pass the limit, naming the scope', async () => {
      const s = scope(1_000n);
      const a = await reserve([s], 600n);
      if (!a.ok) throw new Error('expected a reservation');
      await h.budgets.settle(a.reservation, 500n);
      expect((await reserve([s], 300n)).ok).toBe(true);
      expect(await reserve([s], 201n)).toEqual({ ok: false, scope: s, spentNanousd: 500n, reservedNanousd: 300n });
      expect((await reserve([s], 200n)).ok).toBe(true);
    });

    it('counts a zero amount as one: an exhausted budget admits nothing', async () => {
      const s = scope(100n);
      const a = await reserve([s], 100n);
      expect((await reserve([s], 0n)).ok).toBe(false);
      if (a.ok) await h.budgets.settle(a.reservation, 99n);
      expect((await reserve([s], 0n)).ok).toBe(true);
    });

    it('is all-or-nothing across scopes', async () => {
      const keyDay = scope(1_000n);
      const projectDay = scope(100n);
      const r = await reserve([keyDay, projectDay], 150n);
      expect(r).toMatchObject({ ok: false, scope: projectDay });
      expect(await h.budgets.usage(keyDay.key)).toEqual({ spentNanousd: 0n, reservedNanousd: 0n });
    });

    it('drops a reservation that was never settled once it expires (crash safety)', async () => {
      const s = scope(1_000n);
      const crashed = await reserve([s], 900n);
      expect((await reserve([s], 200n, T0 + TTL - 1)).ok).toBe(false);
      expect((await reserve([s], 200n, T0 + TTL)).ok).toBe(true);
      expect(await h.budgets.usage(s.key)).toEqual({ spentNanousd: 0n, reservedNanousd: 200n });
      // A late settle of the expired reservation still records what was spent.
      if (crashed.ok) await h.budgets.settle(crashed.reservation, 700n);
      expect(await h.budgets.usage(s.key)).toEqual({ spentNanousd: 700n, reservedNanousd: 200n });
    });

    it('records spend settled without a reservation (fail-open admission)', async () => {
      const s = scope(1_000n);
      await h.budgets.settle({ id: 'none', scopes: [s], amountNanousd: 0n, expiresAtMs: 0 }, 42n);
      expect(await h.budgets.usage(s.key)).toEqual({ spentNanousd: 42n, reservedNanousd: 0n });
    });

    it('starts a new day at midnight in the zone while the month keeps counting', async () => {
      const owner = { kind: 'project' as const, projectId: run, id: run };
      const limits = { dailyBudgetNanousd: 1_000n, monthlyBudgetNanousd: 1_500n };
      const tz = 'America/New_York';
      const beforeMidnight = Date.parse('2026-11-24T04:59:59.999Z'); // 23:59:59.999 on the 23rd in New York
      const r1 = await reserve(budgetScopes(owner, limits, beforeMidnight, tz), 1_000n, beforeMidnight);
      if (!r1.ok) throw new Error('expected a reservation');
      await h.budgets.settle(r1.reservation, 1_000n);
      expect((await reserve(budgetScopes(owner, limits, beforeMidnight, tz), 1n, beforeMidnight)).ok).toBe(false);
      const midnight = beforeMidnight + 1;
      expect((await reserve(budgetScopes(owner, limits, midnight, tz), 500n, midnight)).ok).toBe(true);
      const r3 = await reserve(budgetScopes(owner, limits, midnight, tz), 1n, midnight);
      expect(r3).toMatchObject({ ok: false, scope: { label: 'project monthly' }, spentNanousd: 1_000n, reservedNanousd: 500n });
    });

    it('admits exactly what fits out of many concurrent reservations', async () => {
      const s = scope(1_000n);
      const all = await Promise.all(Array.from({ length: 100 }, () => reserve([s], 30n)));
      expect(all.filter((r) => r.ok)).toHaveLength(33);
      expect(await h.budgets.usage(s.key)).toEqual({ spentNanousd: 0n, reservedNanousd: 990n });
    });

    it('keeps large nano-USD sums exact', async () => {
      const s = scope(9_000_000_000_000_000n);
      const r = await reserve([s], 4_000_000_000_000_001n);
      if (!r.ok) throw new Error('expected a reservation');
      await h.budgets.settle(r.reservation, 4_000_000_000_000_001n);
      await h.budgets.settle(r.reservation, 3n);
      expect(await h.budgets.usage(s.key)).toEqual({ spentNanousd: 4_000_000_000_000_004n, reservedNanousd: 0n });
    });

    it('treats no scopes as admitted', async () => {
      expect((await reserve([], 10n)).ok).toBe(true);
    });
  });
}
