import { describe, expect, it } from 'vitest';
import { decideBudgetAlerts, encodeBudgetAlert, evolveAlerted } from './budget-decide.ts';
import type { BudgetRecord } from './budget-fold.ts';

const rec = (spentNanousd: bigint, alertedPct = 0, periodKey = '2026-11-23'): BudgetRecord => ({
  scope: `key.k1.day.${periodKey}`,
  owner: { kind: 'key', projectId: 'p1', id: 'k1' },
  period: 'day',
  periodKey,
  spentNanousd,
  alertedPct,
});
/** given a record, when it is decided against a limit of 1000 and the alerts are folded back, then ... */
const decide = (r: BudgetRecord) => {
  const alerts = decideBudgetAlerts(r, 1_000n);
  return { pcts: alerts.map((a) => a.thresholdPct), after: alerts.reduce(evolveAlerted, r) };
};

describe('budget alert decider', () => {
  it('raises nothing below 50% or without a limit', () => {
    expect(decide(rec(499n)).pcts).toEqual([]);
    expect(decideBudgetAlerts(rec(5_000n), undefined)).toEqual([]);
  });

  it('raises each threshold once as spend crosses it', () => {
    const a = decide(rec(500n));
    expect(a.pcts).toEqual([50]);
    expect(decide({ ...a.after, spentNanousd: 799n }).pcts).toEqual([]);
    const b = decide({ ...a.after, spentNanousd: 800n });
    expect(b.pcts).toEqual([80]);
    const c = decide({ ...b.after, spentNanousd: 1_200n });
    expect(c.pcts).toEqual([100]);
    expect(decide({ ...c.after, spentNanousd: 5_000n }).pcts).toEqual([]);
  });

  it('raises every threshold crossed by one large request', () => {
    expect(decide(rec(1_000n)).pcts).toEqual([50, 80, 100]);
  });

  it('raises again in a new period (a new record)', () => {
    expect(decide(rec(600n, 0, '2026-11-24')).pcts).toEqual([50]);
  });

  it('gives each alert a deterministic id and a JSON wire form', () => {
    const [a] = decideBudgetAlerts(rec(500n), 1_000n);
    expect(a.id).toBe('budget.key.k1.day.2026-11-23.50');
    expect(JSON.parse(new TextDecoder().decode(encodeBudgetAlert(a, Date.parse('2026-11-23T10:00:00Z'))))).toEqual({
      type: 'budget',
      projectId: 'p1',
      owner: { kind: 'key', id: 'k1' },
      period: 'day',
      periodKey: '2026-11-23',
      thresholdPct: 50,
      spentNanousd: '500',
      limitNanousd: '1000',
      id: 'budget.key.k1.day.2026-11-23.50',
      occurredAt: '2026-11-23T10:00:00.000Z',
    });
  });
});
