import { type BatchHandler, cooperate } from '@tollgate/bus';
import { occurredAtMs } from '@tollgate/events';
import type { Counter, Gauge, Logger } from '@tollgate/telemetry';
import type { CircuitTable } from './circuits.ts';
import { evolve, outcomes, type CircuitPolicy } from './domain/circuit.ts';
import type { RecentIds } from './domain/recent-ids.ts';
import { readNewEvent } from './read-event.ts';

export interface CircuitsHandlerDeps {
  table: CircuitTable;
  seen: RecentIds;
  policy: CircuitPolicy;
  logger: Logger;
  events: Counter;
  open: Gauge;
  onKv: (ok: boolean) => void;
}

/**
 * Folds each RequestCompleted's provider outcomes into the circuit table, then writes what changed. Events are
 * folded once: an envelope id already folded (a redelivery) is skipped. Undecodable messages are termed.
 */
export function circuitsHandler(deps: CircuitsHandlerDeps): BatchHandler {
  return async (batch) => {
    try {
      const turn = cooperate();
      for (const d of batch) {
        const t = turn();
        if (t) await t;
        const read = readNewEvent(d, deps, (event) => event);
        if (!read) continue;
        const { env, value: event } = read;
        for (const o of outcomes(event, occurredAtMs(env))) {
          const prev = deps.table.held(o.provider) ?? (await deps.table.current(o.provider));
          const next = evolve(prev, o, deps.policy);
          if (next === prev) continue;
          deps.table.set(next);
          if (next.state !== (prev?.state ?? 'closed')) {
            deps.logger.warn(`circuit ${next.state}`, { provider: next.provider, failures: next.failures, untilMs: next.untilMs });
          }
          deps.open.set(next.state === 'closed' ? 0 : 1, { provider: next.provider });
        }
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
