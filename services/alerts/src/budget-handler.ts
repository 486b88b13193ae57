import { type BatchHandler, cooperate, type Publisher } from '@tollgate/bus';
import { occurredAtMs, subjects } from '@tollgate/events';
import type { Counter, Logger } from '@tollgate/telemetry';
import { decideBudgetAlerts, encodeBudgetAlert, evolveAlerted } from './budget-decide.ts';
import { charges, evolveScope, type BudgetRecord } from './budget-fold.ts';
import { limitFor, type BudgetSource } from './budget-source.ts';
import type { BudgetTable } from './budget-table.ts';
import type { RecentIds } from './domain/recent-ids.ts';
import { readNewEvent } from './read-event.ts';

export interface BudgetsHandlerDeps {
  table: BudgetTable;
  seen: RecentIds;
  source: BudgetSource;
  /** Where alerts go (`tg.alerts.<project>.budget`); without one, spend is projected and no alert is raised. */
  publisher?: Publisher;
  timeZone: string;
  logger: Logger;
  events: Counter;
  alerts: Counter;
  onKv: (ok: boolean) => void;
}

/**
 * Folds each RequestCompleted's cost into the budget records, raises the alerts the decider asks for, then
 * writes what changed. An event is applied whole or not at all: its records are computed and its alerts
 * published before anything is stored, so a failed publish redelivers the event without double counting.
 */
export function budgetsHandler(deps: BudgetsHandlerDeps): BatchHandler {
  return async (batch) => {
    try {
      const turn = cooperate();
      for (const d of batch) {
        const t = turn();
        if (t) await t;
        const read = readNewEvent(d, deps, (event, env) => charges(event, occurredAtMs(env), deps.timeZone));
        if (!read) continue;
        const { env, value: cs } = read;
        const next: BudgetRecord[] = [];
        for (const c of cs) {
          // Awaited only when not at hand: four records per event, and every await costs a promise and a turn.
          let rec = evolveScope(deps.table.held(c.scope) ?? (await deps.table.current(c.scope)), c);
          const known = deps.source.known?.(rec.owner);
          const limit = limitFor(known ? known.limits : await deps.source.limits(rec.owner), rec.period);
          for (const alert of decideBudgetAlerts(rec, limit)) {
            if (deps.publisher) {
              await deps.publisher.publish(subjects.alert(alert.projectId, 'budget'), encodeBudgetAlert(alert, occurredAtMs(env)), { id: alert.id });
              deps.alerts.inc({ threshold: String(alert.thresholdPct), period: alert.period });
              deps.logger.warn('budget alert', { projectId: alert.projectId, owner: alert.owner, period: alert.periodKey, thresholdPct: alert.thresholdPct });
            }
            rec = evolveAlerted(rec, alert);
          }
          next.push(rec);
        }
        for (const rec of next) deps.table.set(rec);
        deps.seen.add(env.id);
        deps.events.inc({ result: 'folded' });
      }
      await deps.table.flush();
      deps.onKv(true);
    } catch (err) {
      deps.onKv(false);
      throw err;
    }
  };
}
