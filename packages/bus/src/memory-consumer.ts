import type { MemoryStream, StoredMessage } from './memory-stream.ts';
import { subjectMatches } from './subject-match.ts';

/** JetStream's default max_ack_pending: past this many unsettled messages, no new ones are handed out. */
const MAX_ACK_PENDING = 1000;

interface Pending {
  deliveries: number;
  /** Redelivery time: after a nak, when the retry is due; while in flight, when the ack wait runs out. */
  dueAt: number;
  inFlight: boolean;
}

export interface Taken {
  readonly msg: StoredMessage;
  readonly deliveryCount: number;
}

/**
 * A durable consumer's state, shared by every consume() call with its name (a consumer group): a cursor over the
 * stream and the delivered-but-unsettled messages. Redeliveries go out before new messages, as in JetStream.
 */
export class MemoryConsumer {
  filter: string;
  ackWaitMs: number;
  /** Next stream sequence not yet looked at. */
  private cursor: number;
  /** Keyed by sequence; Map order is first-delivery order, which is sequence order, so the first key is the lowest. */
  private readonly pending = new Map<number, Pending>();
  private waiters: Array<() => void> = [];

  constructor(filter: string, ackWaitMs: number, firstSeq: number) {
    this.filter = filter;
    this.ackWaitMs = ackWaitMs;
    this.cursor = firstSeq;
  }

  /** Hands out up to max messages: due redeliveries first, then new ones matching the filter. */
  take(stream: MemoryStream, max: number, now: number): Taken[] {
    const out: Taken[] = [];
    for (const [seq, p] of this.pending) {
      if (out.length >= max) return out;
      if (p.dueAt > now) continue;
      const msg = stream.get(seq);
      if (!msg) {
        this.pending.delete(seq); // discarded by the stream's size limit
        continue;
      }
      p.deliveries++;
      p.inFlight = true;
      p.dueAt = now + this.ackWaitMs;
      out.push({ msg, deliveryCount: p.deliveries });
    }
    if (this.cursor < stream.firstSeq()) this.cursor = stream.firstSeq();
    const last = stream.lastSeq();
    while (out.length < max && this.pending.size < MAX_ACK_PENDING && this.cursor <= last) {
      const msg = stream.get(this.cursor++)!;
      if (!subjectMatches(this.filter, msg.subject)) continue;
      this.pending.set(msg.seq, { deliveries: 1, dueAt: now + this.ackWaitMs, inFlight: true });
      out.push({ msg, deliveryCount: 1 });
    }
    return out;
  }

  ack(seq: number): void {
    this.pending.delete(seq);
  }

  /** Ignored when the message has been redelivered since (a stale delivery must not reschedule the new one). */
  nak(seq: number, deliveryCount: number, delayMs: number, now: number): void {
    const p = this.pending.get(seq);
    if (!p || p.deliveries !== deliveryCount) return;
    p.inFlight = false;
    p.dueAt = now + delayMs;
  }

  /** Every sequence up to the returned one is settled (or was never for this consumer). */
  ackFloor(): number {
    for (const seq of this.pending.keys()) return seq - 1;
    return this.cursor - 1;
  }

  /** Earliest time a pending message becomes due, or undefined when nothing is pending. */
  nextDueAt(): number | undefined {
    let due: number | undefined;
    for (const p of this.pending.values()) if (due === undefined || p.dueAt < due) due = p.dueAt;
    return due;
  }

  /** Resolves on wake() (new messages, stop) or after timeoutMs when given. */
  wait(timeoutMs: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, Math.max(0, timeoutMs));
      const self = this;
      function done() {
        if (timer) clearTimeout(timer);
        self.waiters = self.waiters.filter((w) => w !== done);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  wake(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
