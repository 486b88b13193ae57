// The bus port. Two implementations (memory.ts, jetstream.ts) pass one contract suite (contract.ts).
// Delivery is at-least-once: every handler must be idempotent (the envelope id is the dedup key).

export interface PublishOptions {
  /** Deduplication id (the event id). A second publish with the same id inside the dedup window is dropped. */
  id: string;
  headers?: Record<string, string>;
}

/**
 * A message that can stay an object while it does not leave the process: the in-process bus hands it to its
 * consumers as it is (Delivery.local) and encodes it only for one that reads `data`; JetStream encodes it on publish.
 */
export interface LocalMessage {
  encode(): Uint8Array;
}

/** What a publish carries: the wire bytes, or a message that knows its wire bytes. */
export type MessageData = Uint8Array | LocalMessage;

export interface Publisher {
  /** Resolves once the bus has durably accepted the message (JetStream: the publish ack). */
  publish(subject: string, data: MessageData, opts: PublishOptions): Promise<void>;
  /**
   * The in-process bus only: how full its fullest stream is, from 0 to 1 of its cap. Past the cap the oldest
   * messages are discarded, read or not, so a producer that must not lose what it publishes sheds load before.
   * (JetStream's streams live on the server, which applies its own limits.)
   */
  backlog?(): number;
}

/** The wire bytes of what a publish carries. */
export function wireBytes(data: MessageData): Uint8Array {
  return data instanceof Uint8Array ? data : data.encode();
}

export interface Delivery {
  readonly subject: string;
  readonly id: string;
  readonly data: Uint8Array;
  /** The publisher's own object when the message never left the process: read it, never change it. */
  readonly local?: LocalMessage;
  readonly headers: Record<string, string>;
  /** 1 on first delivery, 2 on the first redelivery, ... */
  readonly deliveryCount: number;
  /** Stops redelivery of a message that can never be processed (poison). */
  term(reason: string): void;
}

export interface ConsumeOptions {
  /** Durable consumer name, `<service>-<handler>`; the group shares one cursor. */
  durable: string;
  /** Subject filter, e.g. `tg.events.request.>`. */
  filter: string;
  /** Largest batch handed to the handler (default 1). */
  maxBatch?: number;
  /** How long to wait to fill a batch before handing over what arrived (default 100 ms). */
  maxWaitMs?: number;
  /** Time a delivered message may stay unacked before it is redelivered (default 30 s). */
  ackWaitMs?: number;
  /** Delay before a failed batch is redelivered (default 1 s). */
  retryDelayMs?: number;
  /**
   * Where a consumer that does not exist yet starts: 'first' (default) delivers the whole stream, 'new' only what
   * is published from now on (for per-replica watchers such as config changes, which need no history).
   */
  startAt?: 'first' | 'new';
  /**
   * Removes the consumer after this long without a client (JetStream inactive_threshold), so that per-replica
   * consumers of replicas that are gone do not pile up on the server. Unset: kept forever.
   */
  inactiveMs?: number;
}

/**
 * Handles a batch. Resolving acks every message in it that was not termed; throwing negatively acknowledges
 * them, so they are redelivered after retryDelayMs.
 */
export type BatchHandler = (batch: Delivery[]) => Promise<void>;

export interface Subscription {
  /** Stops fetching, waits for the batch in hand to be handled and acked. */
  stop(): Promise<void>;
}

export interface Subscriber {
  consume(opts: ConsumeOptions, handler: BatchHandler): Promise<Subscription>;
}

export interface Bus extends Publisher, Subscriber {
  /**
   * Creates a stream idempotently (or updates its subjects and retention); call once at start-up. `maxAgeMs`
   * bounds how long messages are kept (JetStream max_age); the in-process bus keeps only what is unacked.
   */
  ensureStream(name: string, subjects: string[], retention?: { maxAgeMs?: number }): Promise<void>;
  close(): Promise<void>;
}

/** A key-value bucket whose changes can be watched (projected state read on the request path). */
export interface KvBucket {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Calls onChange for every current entry, then for every later change (value undefined when deleted).
   * Returns a function that stops watching.
   */
  watch(onChange: (key: string, value: Uint8Array | undefined) => void): Promise<() => void>;
}

export interface KvStore {
  bucket(name: string, opts?: { ttlMs?: number }): Promise<KvBucket>;
}
