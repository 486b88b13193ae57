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
