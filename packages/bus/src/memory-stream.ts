import type { MemoryConsumer } from './memory-consumer.ts';

export interface StoredMessage {
  readonly seq: number;
  readonly subject: string;
  readonly id: string;
  /** The publisher's buffer, not a copy: publishers must not reuse it after publish. */
  readonly data: Uint8Array;
  readonly headers: Record<string, string>;
}

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * One in-memory stream: an append-only log addressed by sequence number, a dedup window of message ids, and the
 * durable consumers reading it. Memory stays bounded: messages every durable has acked are dropped, and the
 * oldest are discarded beyond maxMessages (JetStream's discard-old limit), even if some durable has not read them.
 * Hazard: a durable created after a trim starts at the oldest message still held, not at sequence 1.
 */
export class MemoryStream {
  readonly name: string;
  subjects: string[];
  readonly consumers = new Map<string, MemoryConsumer>();
  private readonly maxMessages: number;
  private readonly dedupWindowMs: number;
  private log: StoredMessage[] = [];
  /** Index in `log` of the first message still held; compacted away now and then (amortized O(1) trims). */
  private head = 0;
  private next = 1;
  /** id -> publish time; Map order is publish order, so expired ids sit at the front. */
  private readonly seen = new Map<string, number>();

  constructor(name: string, subjects: string[], maxMessages: number, dedupWindowMs: number) {
    this.name = name;
    this.subjects = subjects;
    this.maxMessages = maxMessages;
    this.dedupWindowMs = dedupWindowMs;
  }

  /** Appends a message; false (nothing stored) when its id was already published inside the dedup window. */
  append(subject: string, data: Uint8Array, id: string, headers: Record<string, string> | undefined, now: number): boolean {
    const cutoff = now - this.dedupWindowMs;
    for (const [old, at] of this.seen) {
      if (at > cutoff) break;
      this.seen.delete(old);
    }
    if (this.seen.has(id)) return false;
    this.seen.set(id, now);
    this.log.push({ seq: this.next++, subject, id, data, headers: headers ?? NO_HEADERS });
    if (this.log.length - this.head > this.maxMessages) this.dropTo(this.firstSeq() + 1);
    return true;
  }

  firstSeq(): number {
    return this.next - (this.log.length - this.head);
  }

  lastSeq(): number {
    return this.next - 1;
  }

  get(seq: number): StoredMessage | undefined {
    const i = seq - this.firstSeq();
    return i < 0 ? undefined : this.log[this.head + i];
  }

  size(): number {
    return this.log.length - this.head;
  }

  /** Drops the messages every durable has settled. With no durable yet, only the size limit applies. */
  trim(): void {
    if (this.consumers.size === 0) return;
    let floor = Number.POSITIVE_INFINITY;
    for (const c of this.consumers.values()) floor = Math.min(floor, c.ackFloor());
    if (floor >= this.firstSeq()) this.dropTo(Math.min(floor, this.lastSeq()) + 1);
  }

  private dropTo(firstKept: number): void {
    this.head += firstKept - this.firstSeq();
    if (this.head > 1024 && this.head * 2 > this.log.length) {
      this.log = this.log.slice(this.head);
      this.head = 0;
    }
  }

  wakeConsumers(): void {
    for (const c of this.consumers.values()) c.wake();
  }
}
