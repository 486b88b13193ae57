import type { BudgetRecord } from './budget-fold.ts';

// Budget alerts as a pure decider: given a record and its limit, which thresholds were newly crossed. Each
// threshold is raised once per period (the record remembers the highest one raised, and a new period is a new
// record). Raising is folded back with evolveAlerted.

export const ALERT_THRESHOLDS_PCT = [50, 80, 100] as const;

export interface BudgetAlert {
  type: 'budget';
  projectId: string;
  owner: { kind: 'project' | 'key'; id: string };
  period: 'day' | 'month';
  periodKey: string;
  thresholdPct: number;
  spentNanousd: bigint;
  limitNanousd: bigint;
  /** Deterministic, so a re-raised alert (redelivery) is dropped by the bus's dedup. */
  id: string;
}

export function decideBudgetAlerts(rec: BudgetRecord, limitNanousd: bigint | undefined): BudgetAlert[] {
  if (limitNanousd === undefined || limitNanousd <= 0n) return [];
  const out: BudgetAlert[] = [];
  for (const pct of ALERT_THRESHOLDS_PCT) {
    if (pct <= rec.alertedPct || rec.spentNanousd * 100n < limitNanousd * BigInt(pct)) continue;
    out.push({
      type: 'budget',
      projectId: rec.owner.projectId,
      owner: { kind: rec.owner.kind, id: rec.owner.id },
      period: rec.period,
      periodKey: rec.periodKey,
      thresholdPct: pct,
      spentNanousd: rec.spentNanousd,
      limitNanousd,
      id: `budget.${rec.scope}.${pct}`,
    });
  }
  return out;
}

export function evolveAlerted(rec: BudgetRecord, alert: BudgetAlert): BudgetRecord {
  return alert.thresholdPct > rec.alertedPct ? { ...rec, alertedPct: alert.thresholdPct } : rec;
}

/** The alert's wire form on `tg.alerts.<project>.budget` (JSON; amounts as decimal strings). */
export function encodeBudgetAlert(a: BudgetAlert, occurredAtMs: number): Uint8Array {
  const { spentNanousd, limitNanousd, ...rest } = a;
  const body = { ...rest, spentNanousd: spentNanousd.toString(), limitNanousd: limitNanousd.toString(), occurredAt: new Date(occurredAtMs).toISOString() };
  return new TextEncoder().encode(JSON.stringify(body));
}
