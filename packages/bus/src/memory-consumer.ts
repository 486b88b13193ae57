import type { MemoryStream, StoredMessage } from './memory-stream.ts';
import { subjectMatches } from './subject-match.ts';

/** JetStream's default max_ack_pending: past this many unsettled messages, no new ones are handed out. */
const MAX_ACK_PENDING = 1000;

interface Pending {
  deliveries: number;
  /** Redelivery time: after a nak, when the retry is due; while in flight, when the ack wait runs out. */
  dueAt: number;
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
  /**
   * A lower bound of every pending dueAt (exact after a full scan). take() only walks `pending` once it is due, so a
   * consumer holding hundreds of unacked messages (ingest's batch) does not rescan them on every new message.
   */
  private earliestDue = Number.POSITIVE_INFINITY;
  private waiters: Array<{ done: () => void; ready: (() => boolean) | undefined }> = [];

  constructor(filter: string, ackWaitMs: number, firstSeq: number) {
    this.filter = filter;
    this.ackWaitMs = ackWaitMs;
    this.cursor = firstSeq;
  }

  /** Hands out up to max messages: due redeliveries first, then new ones matching the filter. */
  take(stream: MemoryStream, max: number, now: number): Taken[] {
    const out: Taken[] = [];
    if (this.earliestDue <= now) this.redeliver(stream, max, now, out);
    if (this.cursor < stream.firstSeq()) this.cursor = stream.firstSeq();
    const last = stream.lastSeq();
    while (out.length < max && this.pending.size < MAX_ACK_PENDING && this.cursor <= last) {
      const msg = stream.get(this.cursor++)!;
      if (!subjectMatches(this.filter, msg.subject)) continue;
      const dueAt = now + this.ackWaitMs;
      this.pending.set(msg.seq, { deliveries: 1, dueAt });
      if (dueAt < this.earliestDue) this.earliestDue = dueAt;
      out.push({ msg, deliveryCount: 1 });
    }
    return out;
  }

  /** Hands out the pending messages that are due (naked, or past their ack wait) and recomputes earliestDue. */
  private redeliver(stream: MemoryStream, max: number, now: number, out: Taken[]): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const [seq, p] of this.pending) {
      if (out.length >= max) {
        this.earliestDue = now; // not scanned to the end: the rest may be due
        return;
      }
      if (p.dueAt > now) {
        if (p.dueAt < earliest) earliest = p.dueAt;
        continue;
      }
      const msg = stream.get(seq);
      if (!msg) {
        this.pending.delete(seq); // discarded by the stream's size limit
        continue;
      }
      p.deliveries++;
      p.dueAt = now + this.ackWaitMs;
      if (p.dueAt < earliest) earliest = p.dueAt;
      out.push({ msg, deliveryCount: p.deliveries });
    }
    this.earliestDue = earliest;
  }

  /** How many more messages take() may hand out before max_ack_pending stops it. */
  room(): number {
    return Math.max(0, MAX_ACK_PENDING - this.pending.size);
  }

  ack(seq: number): void {
    this.pending.delete(seq);
  }

  /** Ignored when the message has been redelivered since (a stale delivery must not reschedule the new one). */
  nak(seq: number, deliveryCount: number, delayMs: number, now: number): void {
    const p = this.pending.get(seq);
    if (!p || p.deliveries !== deliveryCount) return;
    p.dueAt = now + delayMs;
    if (p.dueAt < this.earliestDue) this.earliestDue = p.dueAt;
  }

  /** Every sequence up to the returned one is settled (or was never for this consumer). */
  ackFloor(): number {
    for (const seq of this.pending.keys()) return seq - 1;
    return this.cursor - 1;
  }

  /** When a pending message may become due (a lower bound), or undefined when nothing is pending. */
  nextDueAt(): number | undefined {
    return this.pending.size === 0 ? undefined : this.earliestDue;
  }

  /** Messages appended to the stream that this consumer has not looked at yet (filtered or not). */
  unread(stream: MemoryStream): number {
    return Math.max(0, stream.lastSeq() - Math.max(this.cursor, stream.firstSeq()) + 1);
  }

  /**
   * Resolves on wake() (new messages) once `ready` says so (always, without one), on wake(true) (stop), or after
   * timeoutMs when given. A consumer filling a batch waits with `ready` = "enough to fill it", so it is not woken,
   * and no timer is set, for every single message that arrives.
   */
  wait(timeoutMs: number | undefined, ready?: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, Math.max(0, timeoutMs));
      const self = this;
      function done() {
        if (timer) clearTimeout(timer);
        const i = self.waiters.indexOf(waiter);
        if (i >= 0) self.waiters.splice(i, 1);
        resolve();
      }
      const waiter = { done, ready };
      this.waiters.push(waiter);
    });
  }

  /** A message was appended: wake for it if the filter takes it, else step over it when it is next in line. */
  offered(seq: number, subject: string): void {
    if (subjectMatches(this.filter, subject)) this.wake();
    else if (this.cursor === seq) this.cursor = seq + 1;
  }

  wake(force = false): void {
    // backwards: done() removes its waiter, which leaves the ones before it where they were
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (force || !w.ready || w.ready()) w.done();
    }
  }
}
