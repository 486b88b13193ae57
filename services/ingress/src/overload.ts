import type { Publisher } from '@tollgate/bus';
import { GatewayError } from '@tollgate/errors';

// Every accepted request and SDK event becomes an event on the bus. When they arrive faster than they are stored for
// long (a sustained overload in one process, or a bus that stopped acking), new work is refused before what is held
// overflows: past it, the oldest events would be dropped, and an answered request that is never counted escapes
// analytics and budgets.

/** The share of what is held (the in-process stream, or events awaiting the bus's ack) from which work is refused. */
export const SHED_AT = 0.8;

/** Whether the in-process bus is near its cap (JetStream's streams live on the server: never). */
export function busBacklogged(publisher: Publisher): boolean {
  return (publisher.backlog?.() ?? 0) >= SHED_AT;
}

export function overloaded(): GatewayError {
  return new GatewayError('unavailable', 'the gateway is overloaded (its events are not stored as fast as they arrive); retry shortly', { headers: { 'retry-after': '1' } });
}
