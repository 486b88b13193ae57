import { usdToNanousd } from '@tollgate/limits';
import type { BudgetOwner, BudgetPeriod } from './budget-fold.ts';

/** A project's or key's budgets, in USD per period (the api's shape). */
export interface BudgetLimits {
  dailyBudgetUsd?: number;
  monthlyBudgetUsd?: number;
}

/** Where the projection learns each owner's budgets (the api, later; memory for now and in tests). */
export interface BudgetSource {
  limits(owner: BudgetOwner): Promise<BudgetLimits | undefined>;
  /** The limits when already at hand (a cache's fresh entry), without a promise to wait for; else undefined. */
  known?(owner: BudgetOwner): { limits: BudgetLimits | undefined } | undefined;
}

export function limitFor(l: BudgetLimits | undefined, period: BudgetPeriod): bigint | undefined {
  const usd = period === 'day' ? l?.dailyBudgetUsd : l?.monthlyBudgetUsd;
  return typeof usd === 'number' && Number.isFinite(usd) && usd > 0 ? usdToNanousd(usd) : undefined;
}

export interface MemoryBudgetSource extends BudgetSource {
  set(owner: Pick<BudgetOwner, 'kind' | 'id'>, limits: BudgetLimits | undefined): void;
}

export function createMemoryBudgetSource(): MemoryBudgetSource {
  const m = new Map<string, BudgetLimits>();
  const k = (o: Pick<BudgetOwner, 'kind' | 'id'>) => `${o.kind}:${o.id}`;
  return {
    async limits(owner) {
      return m.get(k(owner));
    },
    set(owner, limits) {
      if (limits) m.set(k(owner), limits);
      else m.delete(k(owner));
    },
  };
}

/**
 * Remembers each owner's limits for ttlMs: the projection asks for them on every event (four owners/periods per
 * request), and a query per event to Postgres (or in-process PGlite) would cost more than the request itself.
 * A changed budget is therefore seen at most ttlMs late by the alerts (admission reads it from the key cache).
 */
export function cachedBudgetSource(source: BudgetSource, opts: { ttlMs: number; now: () => number; maxEntries?: number }): BudgetSource {
  type Entry = { at: number; value: Promise<BudgetLimits | undefined>; got?: { limits: BudgetLimits | undefined } };
  const cache = new Map<string, Entry>();
  const max = opts.maxEntries ?? 100_000;
  const fresh = (owner: BudgetOwner) => {
    const hit = cache.get(`${owner.kind}:${owner.id}`);
    return hit && opts.now() - hit.at < opts.ttlMs ? hit : undefined;
  };
  return {
    limits(owner) {
      const hit = fresh(owner);
      if (hit) return hit.value;
      const key = `${owner.kind}:${owner.id}`;
      const entry = { at: opts.now() } as Entry;
      entry.value = source.limits(owner).then(
        (limits) => {
          entry.got = { limits };
          return limits;
        },
        (err: unknown) => {
          if (cache.get(key) === entry) cache.delete(key); // never remember a failure
          throw err;
        },
      );
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(key, entry);
      return entry.value;
    },
    known: (owner) => fresh(owner)?.got,
  };
}
