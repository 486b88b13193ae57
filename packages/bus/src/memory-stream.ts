import type { MemoryConsumer } from './memory-consumer.ts';
import type { LocalMessage, MessageData } from './types.ts';

/** A message as the stream holds it: the publisher's buffer or object, not a copy (publishers must not reuse it). */
export class StoredMessage {
  readonly seq: number;
  readonly subject: string;
  readonly id: string;
  readonly headers: Record<string, string>;
  /** Set when the publisher passed an object: consumers in this process read it instead of decoding bytes. */
  readonly local: LocalMessage | undefined;
  private bytes: Uint8Array | undefined;
  constructor(seq: number, subject: string, id: string, data: MessageData, headers: Record<string, string>) {
    this.seq = seq;
    this.subject = subject;
    this.id = id;
    this.headers = headers;
    if (data instanceof Uint8Array) this.bytes = data;
    else this.local = data;
  }
  /** The wire bytes, encoded on first use when the publisher passed an object. */
  get data(): Uint8Array {
    this.bytes ??= (this.local as LocalMessage).encode();
    return this.bytes;
  }
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
  /** The ids published inside the dedup window, and the same ids with their publish times in publish order. */
  private readonly seen = new Set<string>();
  private readonly recent = new ExpiryQueue();

  constructor(name: string, subjects: string[], maxMessages: number, dedupWindowMs: number) {
    this.name = name;
    this.subjects = subjects;
    this.maxMessages = maxMessages;
    this.dedupWindowMs = dedupWindowMs;
  }

  /** Appends a message; false (nothing stored) when its id was already published inside the dedup window. */
  append(subject: string, data: MessageData, id: string, headers: Record<string, string> | undefined, now: number): boolean {
    const cutoff = now - this.dedupWindowMs;
    for (let old = this.recent.expire(cutoff); old !== undefined; old = this.recent.expire(cutoff)) this.seen.delete(old);
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    this.recent.push(id, now);
    this.log.push(new StoredMessage(this.next++, subject, id, data, headers ?? NO_HEADERS));
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
    const head = this.head + firstKept - this.firstSeq();
    // Unreference the dropped messages now: the array is compacted only now and then, and until then the dropped
    // events (and all they hold) would outlive a young-generation GC or two and be copied and promoted for nothing.
    this.log.fill(undefined as unknown as StoredMessage, this.head, head);
    this.head = head;
    if (this.head > 1024 && this.head * 2 > this.log.length) {
      this.log = this.log.slice(this.head);
      this.head = 0;
    }
  }

  wakeConsumers(): void {
    for (const c of this.consumers.values()) c.wake();
  }

  /**
   * The message just appended (the last one) is offered to every consumer: those whose filter takes it are woken;
   * the others step over it, so a consumer that reads other subjects (SDK events, config changes) neither wakes for
   * every request event nor holds back the trim.
   */
  announceLast(subject: string): void {
    const seq = this.lastSeq();
    for (const c of this.consumers.values()) c.offered(seq, subject);
  }
}

/**
 * Ids in the order they were added, with the time of each, dropped from the front once expired. Plain arrays with a
 * moving head: removing the oldest entries of a Map or Set one by one and iterating again from its front skips every
 * entry deleted so far (until the table is rebuilt), tens of microseconds per call at a two-minute window.
 */
class ExpiryQueue {
  private ids: string[] = [];
  private at: number[] = [];
  private head = 0;

  push(id: string, time: number): void {
    this.ids.push(id);
    this.at.push(time);
  }

  /** Removes and returns the oldest id if it was added at or before `cutoff`. */
  expire(cutoff: number): string | undefined {
    if (this.head === this.ids.length || this.at[this.head] > cutoff) return undefined;
    const id = this.ids[this.head++];
    if (this.head > 1024 && this.head * 2 > this.ids.length) {
      this.ids = this.ids.slice(this.head);
      this.at = this.at.slice(this.head);
      this.head = 0;
    }
    return id;
  }
}
