import { create } from '@bufbuild/protobuf';
import type { KvBucket, Publisher } from '@tollgate/bus';
import { decodeCircuit, encodeEvent, type CircuitRecord } from '@tollgate/events';
import { ErrorClass, RequestCompletedSchema } from '@tollgate/proto/events';

// Test helpers shared by the memory (unit) and NATS (int) tests of createAlerts. Not exported from the package.

/**
 * Publishes one RequestCompleted with one attempt per entry of attempts; resolves with the event id. A msgId
 * different from the event id gets a copy of an event past the bus's dedup, as a redelivery would.
 */
export async function publishAttempts(
  bus: Publisher,
  subject: string,
  nowMs: number,
  attempts: [provider: string, errorClass: ErrorClass][],
  ids: { eventId?: string; msgId?: string } = {},
): Promise<string> {
  const payload = create(RequestCompletedSchema, {
    projectId: 'p1',
    status: attempts.at(-1)?.[1] === ErrorClass.NONE ? 200 : 502,
    attempts: attempts.map(([provider, errorClass]) => ({ provider, errorClass, status: errorClass === ErrorClass.NONE ? 200 : 502 })),
  });
  const ev = encodeEvent(RequestCompletedSchema, payload, { projectId: 'p1', nowMs, id: ids.eventId });
  await bus.publish(subject, ev.bytes, { id: ids.msgId ?? ev.id });
  return ev.id;
}

export async function readCircuit(bucket: KvBucket, provider: string): Promise<CircuitRecord | undefined> {
  const bytes = await bucket.get(provider);
  return bytes ? decodeCircuit(bytes) : undefined;
}

/** Polls check (bounded) until it returns a value that satisfies ok. */
export async function until<T>(check: () => Promise<T>, ok: (v: T) => boolean, ms = 3_000): Promise<T> {
  let v = await check();
  for (const end = Date.now() + ms; !ok(v) && Date.now() < end; v = await check()) await new Promise((r) => setTimeout(r, 10));
  if (!ok(v)) throw new Error(`condition not met in time; last value ${JSON.stringify(v)}`);
  return v;
}
