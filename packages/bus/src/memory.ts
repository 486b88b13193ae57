import { consumeDefaults, handleBatch, type InHand } from './handle-batch.ts';
import { MemoryConsumer, type Taken } from './memory-consumer.ts';
import { MemoryStream, type StoredMessage } from './memory-stream.ts';
import { subjectMatches, subjectsOverlap } from './subject-match.ts';
import type { BatchHandler, Bus, ConsumeOptions, LocalMessage, MessageData, PublishOptions, Subscription } from './types.ts';

export interface MemoryBusOptions {
  /** Per-stream cap; beyond it the oldest messages are discarded, read or not (default 100,000). */
  maxMessagesPerStream?: number;
  /** Window in which a repeated publish id is dropped (default 2 min, as JetStream's duplicate_window). */
  dedupWindowMs?: number;
  /** Receives handler errors (the batch is redelivered after retryDelayMs). */
  onError?: (err: unknown) => void;
  /** Clock, for tests (default Date.now). Timers still run on real time. */
  now?: () => number;
}

/**
 * In-process bus with JetStream's semantics: streams capture subjects, durables keep cursors, consume() calls
 * sharing a durable share its work, explicit ack, redelivery after a throw or an expired ack wait, dedup by id.
 * Publishing is O(1) (plus waking idle consumers) with no timer and no copy of the data; a message published as an
 * object (LocalMessage) reaches the consumers as that object and is encoded only if one of them reads its bytes.
 */
export function createMemoryBus(opts: MemoryBusOptions = {}): Bus {
  const maxMessages = opts.maxMessagesPerStream ?? 100_000;
  const dedupWindowMs = opts.dedupWindowMs ?? 120_000;
  const onError = opts.onError ?? (() => {});
  const now = opts.now ?? Date.now;
  const streams = new Map<string, MemoryStream>();
  const routes = new Map<string, MemoryStream | null>(); // subject -> capturing stream, cleared on ensureStream
  const subscriptions = new Set<Subscription>();
  let closed = false;

  function route(subject: string): MemoryStream | null {
    let s = routes.get(subject);
    if (s === undefined) {
      s = [...streams.values()].find((st) => st.subjects.some((p) => subjectMatches(p, subject))) ?? null;
      if (routes.size > 10_000) routes.clear();
      routes.set(subject, s);
    }
    return s;
  }

  return {
    async ensureStream(name, subjects) {
      const existing = streams.get(name);
      if (existing) existing.subjects = subjects;
      else streams.set(name, new MemoryStream(name, subjects, maxMessages, dedupWindowMs));
      routes.clear();
    },

    backlog() {
      let most = 0;
      for (const s of streams.values()) most = Math.max(most, s.size() / maxMessages);
      return most;
    },

    async publish(subject: string, data: MessageData, p: PublishOptions) {
      if (closed) throw new Error('bus closed');
      const stream = route(subject);
      if (!stream) throw new Error(`no stream captures subject ${subject}`);
      if (stream.append(subject, data, p.id, p.headers, now())) stream.announceLast(subject);
    },

    async consume(co: ConsumeOptions, handler: BatchHandler) {
      if (closed) throw new Error('bus closed');
      const stream = [...streams.values()].find((s) => s.subjects.some((p) => subjectsOverlap(p, co.filter)));
      if (!stream) throw new Error(`no stream holds filter ${co.filter}`);
      const o = consumeDefaults(co);
      let consumer = stream.consumers.get(co.durable);
      const start = co.startAt === 'new' ? stream.lastSeq() + 1 : stream.firstSeq();
      if (!consumer) stream.consumers.set(co.durable, (consumer = new MemoryConsumer(co.filter, o.ackWaitMs, start)));
      consumer.filter = co.filter; // like a consumer update in JetStream: the latest options win
      consumer.ackWaitMs = o.ackWaitMs;
      const sub = runLoop(stream, consumer, o, handler, now, onError);
      const entry: Subscription = {
        stop: async () => {
          subscriptions.delete(entry);
          await sub.stop();
        },
      };
      subscriptions.add(entry);
      return entry;
    },

    async close() {
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.stop()));
    },
  };
}

type Options = ReturnType<typeof consumeDefaults>;

function runLoop(stream: MemoryStream, c: MemoryConsumer, o: Options, handler: BatchHandler, now: () => number, onError: (e: unknown) => void): Subscription {
  let stopped = false;
  async function collect(): Promise<Taken[]> {
    const batch = c.take(stream, o.maxBatch, now());
    // Full also when max_ack_pending allows no more: a batch larger than that cap would otherwise wait out
    // maxWaitMs every time (ingest's 5000 with a 1 s wait took 1000 events a second, and the rest piled up).
    const full = () => batch.length >= o.maxBatch || c.room() === 0;
    if (batch.length === 0 || full() || o.maxWaitMs === 0) return batch;
    const deadline = now() + o.maxWaitMs;
    while (!stopped && !full() && now() < deadline) {
      const need = Math.min(o.maxBatch - batch.length, c.room());
      await c.wait(deadline - now(), () => c.unread(stream) >= need);
      for (const t of c.take(stream, o.maxBatch - batch.length, now())) batch.push(t);
    }
    return batch;
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      const batch = await collect();
      // A batch collected while stop() was called is still handed over (as JetStream's pull loop does): in
      // process there is nothing to redeliver it later, so dropping it here would lose the last events at shutdown.
      if (stopped && batch.length === 0) break;
      if (batch.length === 0) {
        const due = c.nextDueAt();
        await c.wait(due === undefined ? undefined : due - now());
        continue;
      }
      await handleBatch(batch.map((t) => new MemoryInHand(c, t, now)), handler, o.retryDelayMs, onError);
      stream.trim();
      // a nak with no delay, or a term, may have freed work for others in the group
      stream.wakeConsumers();
    }
  }

  const done = loop();
  return {
    async stop() {
      stopped = true;
      c.wake(true);
      await done;
    },
  };
}

/** A message handed out by a memory consumer, settled against it (a class: no closures per message). */
class MemoryInHand implements InHand {
  readonly subject: string;
  readonly id: string;
  readonly local: LocalMessage | undefined;
  readonly headers: Record<string, string>;
  readonly deliveryCount: number;
  private readonly msg: StoredMessage;
  private readonly consumer: MemoryConsumer;
  private readonly now: () => number;
  constructor(consumer: MemoryConsumer, t: Taken, now: () => number) {
    this.subject = t.msg.subject;
    this.id = t.msg.id;
    this.local = t.msg.local;
    this.headers = t.msg.headers;
    this.deliveryCount = t.deliveryCount;
    this.msg = t.msg;
    this.consumer = consumer;
    this.now = now;
  }
  get data(): Uint8Array {
    return this.msg.data;
  }
  ack(): void {
    this.consumer.ack(this.msg.seq);
  }
  nak(delayMs: number): void {
    this.consumer.nak(this.msg.seq, this.deliveryCount, delayMs, this.now());
  }
  term(): void {
    this.consumer.ack(this.msg.seq);
  }
}
