import type { Delivery } from '@tollgate/bus';
import { readEvent } from '@tollgate/events';
import { type Envelope, type RequestCompleted, RequestCompletedSchema } from '@tollgate/proto/events';
import type { Counter, Logger } from '@tollgate/telemetry';
import type { RecentIds } from './domain/recent-ids.ts';

/**
 * The RequestCompleted in a delivery, with what `derive` computes from it, or undefined when there is nothing to
 * fold: a message that cannot be decoded (or derived) is termed, an envelope already folded is skipped (counted).
 */
export function readNewEvent<T>(
  d: Delivery,
  deps: { seen: RecentIds; events: Counter; logger: Logger },
  derive: (event: RequestCompleted, env: Envelope) => T,
): { env: Envelope; value: T } | undefined {
  let env: Envelope;
  let value: T;
  try {
    const e = readEvent(RequestCompletedSchema, d);
    env = e.env;
    value = derive(e.payload, env);
  } catch (err) {
    deps.events.inc({ result: 'termed' });
    deps.logger.warn('undecodable event termed', { subject: d.subject, id: d.id, err });
    d.term('undecodable RequestCompleted');
    return undefined;
  }
  if (deps.seen.has(env.id)) {
    deps.events.inc({ result: 'duplicate' });
    return undefined;
  }
  return { env, value };
}
