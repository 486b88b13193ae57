import type { KvStore, Publisher, Subscriber, Subscription } from '@tollgate/bus';
import { BUCKET_TTL_MS, buckets, durables, subjects } from '@tollgate/events';
import { Registry, type Logger } from '@tollgate/telemetry';
import { budgetsHandler } from './budget-handler.ts';
import { type BudgetSource, cachedBudgetSource } from './budget-source.ts';

/** How long the projection trusts an owner's budget limits before asking the source again. */
const BUDGET_LIMITS_TTL_MS = 30_000;
import { BudgetTable } from './budget-table.ts';
import { CircuitTable } from './circuits.ts';
import { RecentIds } from './domain/recent-ids.ts';
import { circuitsHandler } from './handlers.ts';

export interface AlertsDeps {
  subscriber: Subscriber;
  kv: KvStore;
  logger: Logger;
  failureThreshold: number;
  openMs: number;
  /** Where the service's metrics go (a private registry when omitted). */
  registry?: Registry;
  /** Envelope ids remembered against redelivery (default 10,000). */
  recentIds?: number;
  /** Overrides of the bucket, durable and subject filter, so tests can isolate themselves on a shared NATS. */
  names?: { bucket?: string; durable?: string; filter?: string; budgetBucket?: string; budgetDurable?: string };
  /** Where alerts are published (`subjects.alert`); without one, state is projected and no alert is raised. */
  publisher?: Publisher;
  /**
   * Budget projection (durable `alerts-budgets`, bucket `tg_budgets`), run when a source of budget limits is
   * given: spend per project and key per period (days and months start at midnight in timeZone, default UTC),
   * and alerts at 50/80/100% of a budget, once per period, on `tg.alerts.<project>.budget`.
   */
  budgets?: { source: BudgetSource; timeZone?: string };
}


export interface Alerts {
  stop(): Promise<void>;
  health(): Promise<Record<string, 'up' | 'down'>>;
}

/**
 * Projects provider outcomes into circuit records in the KV bucket `buckets.circuits` (key: provider), which the
 * router watches. Consumes the durable `alerts-circuits`.
 */
export async function createAlerts(deps: AlertsDeps): Promise<Alerts> {
  const registry = deps.registry ?? new Registry();
  const bucket = await deps.kv.bucket(deps.names?.bucket ?? buckets.circuits);
  let kvUp = true;
  let sub: Subscription | undefined = await deps.subscriber.consume(
    {
      durable: deps.names?.durable ?? durables.alertsCircuits,
      filter: deps.names?.filter ?? subjects.requestCompletedAll,
      maxBatch: 256,
      maxWaitMs: 50,
    },
    circuitsHandler({
      table: new CircuitTable(bucket),
      seen: new RecentIds(deps.recentIds ?? 10_000),
      policy: { failureThreshold: deps.failureThreshold, openMs: deps.openMs },
      logger: deps.logger,
      events: registry.counter('tg_alerts_events_total', 'RequestCompleted events by result (folded, duplicate, termed)'),
      open: registry.gauge('tg_circuit_open', 'Whether a provider circuit is open (1) or closed (0)'),
      onKv: (ok) => void (kvUp = ok),
    }),
  );
  let budgetSub: Subscription | undefined;
  if (deps.budgets) {
    const b = deps.budgets;
    budgetSub = await deps.subscriber.consume(
      { durable: deps.names?.budgetDurable ?? durables.alertsBudgets, filter: deps.names?.filter ?? subjects.requestCompletedAll, maxBatch: 256, maxWaitMs: 50 },
      budgetsHandler({
        table: new BudgetTable(await deps.kv.bucket(deps.names?.budgetBucket ?? buckets.budgets, { ttlMs: BUCKET_TTL_MS[buckets.budgets] })),
        seen: new RecentIds(deps.recentIds ?? 10_000),
        source: cachedBudgetSource(b.source, { ttlMs: BUDGET_LIMITS_TTL_MS, now: Date.now }),
        publisher: deps.publisher,
        timeZone: b.timeZone ?? 'UTC',
        logger: deps.logger,
        events: registry.counter('tg_alerts_budget_events_total', 'RequestCompleted events folded into budgets, by result'),
        alerts: registry.counter('tg_budget_alerts_total', 'Budget alerts raised, by threshold and period'),
        onKv: (ok) => void (kvUp = ok),
      }),
    );
  }
  return {
    async stop() {
      const s = sub;
      const bs = budgetSub;
      sub = undefined;
      budgetSub = undefined;
      await Promise.all([s?.stop(), bs?.stop()]);
    },
    async health() {
      return { bus: sub ? 'up' : 'down', kv: kvUp ? 'up' : 'down' };
    },
  };
}
