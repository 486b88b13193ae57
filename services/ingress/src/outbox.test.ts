import { RequestCompletedSchema } from '@tollgate/proto/events';
import { create } from '@bufbuild/protobuf';
import { OutgoingEvent } from '@tollgate/events';
import type { MessageData, Publisher } from '@tollgate/bus';
import { createLogger } from '@tollgate/telemetry';
import { describe, expect, it } from 'vitest';
import { createOutbox } from './outbox.ts';

const event = (n: number) => new OutgoingEvent(RequestCompletedSchema, create(RequestCompletedSchema, { requestId: `r${n}` }), { projectId: 'p1', nowMs: 1000 + n });

/** A bus that refuses the first `failures` publishes, then accepts (and records) every one. */
function flakyBus(failures: number) {
  const got: string[] = [];
  let left = failures;
  const publisher: Publisher = {
    publish: async (_subject: string, data: MessageData, o: { id: string }) => {
      if (left-- > 0) throw new Error('bus down');
      expect(data).toBeInstanceOf(OutgoingEvent);
      got.push(o.id);
    },
  };
  return { publisher, got };
}

describe('outbox', () => {
  it('retries a failed publish with the same event id until the bus takes it; flush waits for it', async () => {
    const bus = flakyBus(2);
    const outbox = createOutbox({ publisher: bus.publisher, logger: createLogger({ level: 'error' }), maxPending: 10, retryDelayMs: 20 });
    const e = event(1);
    outbox.publish('tg.events.request.p1', e);
    await new Promise((r) => setTimeout(r, 0));
    expect(outbox.pending).toBe(1);
    await outbox.flush(2_000);
    expect(bus.got).toEqual([e.id]);
    expect(outbox.pending).toBe(0);
  });

  it('drops the oldest waiting events past maxPending, and counts them', async () => {
    const bus = flakyBus(5);
    let dropped = 0;
    const outbox = createOutbox({ publisher: bus.publisher, logger: createLogger({ level: 'error' }), maxPending: 3, retryDelayMs: 10, onDrop: (n) => (dropped += n) });
    const events = [1, 2, 3, 4, 5].map(event);
    for (const e of events) outbox.publish('tg.events.request.p1', e);
    await outbox.flush(2_000);
    expect(dropped).toBe(2);
    expect(bus.got.sort()).toEqual(events.slice(2).map((e) => e.id).sort());
  });
});
