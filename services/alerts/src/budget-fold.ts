import { timestampMs } from '@bufbuild/protobuf/wkt';
import { periodKeys } from '@tollgate/limits';
import type { RequestCompleted } from '@tollgate/proto/events';

// Spend per project and per key per period, as a pure fold over RequestCompleted events. A request is charged
// to the periods its start falls in (in the configured zone), as admission charged it, so the projection and
// the enforcing store agree on where each nano-dollar went. Replaying the stream from scratch rebuilds exactly
// the same records; a new period is a new record, so nothing ever has to be reset.

export type BudgetPeriod = 'day' | 'month';

export interface BudgetOwner {
  kind: 'project' | 'key';
  projectId: string;
  /** The project id or the key id. */
  id: string;
}

export interface BudgetRecord {
  /** `project.<id>.day.2026-11-23` (a NATS KV key). */
  scope: string;
  owner: BudgetOwner;
  period: BudgetPeriod;
  /** `2026-11-23` or `2026-11`. */
  periodKey: string;
  spentNanousd: bigint;
  /** Highest alert threshold (percent of the limit) already raised in this period; 0 for none. */
  alertedPct: number;
}

export interface Charge {
  scope: string;
  owner: BudgetOwner;
  period: BudgetPeriod;
  periodKey: string;
  costNanousd: bigint;
}

/** The budget records an event charges: project and key (when known), day and month. None for a free request. */
export function charges(event: RequestCompleted, occurredAtMs: number, timeZone = 'UTC'): Charge[] {
  const cost = event.costNanousd;
  if (cost <= 0n || !event.projectId) return [];
  const at = event.startedAt ? timestampMs(event.startedAt) : occurredAtMs;
  const p = periodKeys(at, timeZone);
  const owners: BudgetOwner[] = [{ kind: 'project', projectId: event.projectId, id: event.projectId }];
  if (event.keyId) owners.push({ kind: 'key', projectId: event.projectId, id: event.keyId });
  return owners.flatMap((owner) =>
    (['day', 'month'] as const).map((period) => {
      const periodKey = period === 'day' ? p.day : p.month;
      return { scope: `${owner.kind}.${kvToken(owner.id)}.${period}.${periodKey}`, owner, period, periodKey, costNanousd: cost };
    }),
  );
}

export function evolveScope(rec: BudgetRecord | undefined, c: Charge): BudgetRecord {
  const base = rec ?? { scope: c.scope, owner: c.owner, period: c.period, periodKey: c.periodKey, spentNanousd: 0n, alertedPct: 0 };
  return { ...base, spentNanousd: base.spentNanousd + c.costNanousd };
}

export type BudgetState = ReadonlyMap<string, BudgetRecord>;

/**
 * The whole projection as one pure fold (copy-on-write: O(state) per call, for tests and rebuilds; the
 * service applies evolveScope to its table record by record).
 */
export function evolveBudget(state: BudgetState, event: RequestCompleted, ctx: { occurredAtMs: number; timeZone?: string }): BudgetState {
  const cs = charges(event, ctx.occurredAtMs, ctx.timeZone);
  if (cs.length === 0) return state;
  const next = new Map(state);
  for (const c of cs) next.set(c.scope, evolveScope(next.get(c.scope), c));
  return next;
}

/** NATS KV keys allow [-/_=.a-zA-Z0-9]; ids are UUIDs, but stay defensive. */
function kvToken(s: string): string {
  return s.replace(/[^-_=a-zA-Z0-9]/g, '_') || '_';
}
