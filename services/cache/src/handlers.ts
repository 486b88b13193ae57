import { type BatchHandler, cooperate, type Delivery } from '@tollgate/bus';
import { occurredAtMs, readEvent } from '@tollgate/events';
import { RequestCompletedSchema } from '@tollgate/proto/events';
import type { Counter, Logger } from '@tollgate/telemetry';
import { planFill, type Fill } from './domain/fill.ts';
import type { CacheStore } from './store.ts';

/** A fill that keeps failing this many deliveries is dropped: a cache entry is an optimisation, not a record. */
const MAX_FILL_DELIVERIES = 3;

export interface FillDeps {
  store: CacheStore;
  logger: Logger;
  ttlSeconds: number;
  now: () => number;
  fills: Counter;
}

/**
 * Consumes RequestCompleted events and stores cacheable answers. Idempotent: a redelivered event overwrites the
 * same key with the same bytes. A message that cannot be decoded is termed (it never will be).
 */
export function fillHandler(deps: FillDeps): BatchHandler {
  return async (batch) => {
    // Stored 16 at a time (in parallel: a Redis store answers each in a round trip), yielding in between.
    const turn = cooperate(1);
    let retry: Error | undefined;
    for (let i = 0; i < batch.length; i += 16) {
      if (i > 0) await turn();
      const failures = await Promise.all(batch.slice(i, i + 16).map((d) => fillOne(deps, d)));
      retry ??= failures.find((f) => f !== undefined);
    }
    if (retry) throw retry;
  };
}

/** Resolves to an error when the batch should be redelivered. */
async function fillOne(deps: FillDeps, d: Delivery): Promise<Error | undefined> {
  let fill: Fill | undefined;
  try {
    const { env, payload } = readEvent(RequestCompletedSchema, d);
    fill = planFill(payload, occurredAtMs(env), deps.now(), deps.ttlSeconds);
  } catch (err) {
    deps.fills.inc({ result: 'termed' });
    deps.logger.warn('undecodable event termed', { subject: d.subject, id: d.id, err });
    d.term('undecodable RequestCompleted');
    return undefined;
  }
  if (!fill) {
    deps.fills.inc({ result: 'skipped' });
    return undefined;
  }
  try {
    await deps.store.set(fill.key, fill.value, fill.ttlSeconds);
    deps.fills.inc({ result: 'stored' });
    return undefined;
  } catch (err) {
    deps.fills.inc({ result: 'failed' });
    if (d.deliveryCount < MAX_FILL_DELIVERIES) return err as Error;
    deps.logger.warn('cache fill dropped after repeated store errors', { id: d.id, deliveries: d.deliveryCount, err });
    return undefined;
  }
}
