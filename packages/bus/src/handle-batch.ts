import type { BatchHandler, Delivery, LocalMessage } from './types.ts';

/** A message in hand, as either implementation sees it: its content and how to settle it. */
export interface InHand {
  readonly subject: string;
  readonly id: string;
  readonly data: Uint8Array;
  readonly local?: LocalMessage;
  readonly headers: Record<string, string>;
  readonly deliveryCount: number;
  ack(): void;
  nak(delayMs: number): void;
  term(reason: string): void;
}

/**
 * Runs the handler over one batch and settles every message in it: resolve acks, throw naks with retryDelayMs;
 * a message the handler termed is settled by term() alone. Never throws: a handler error goes to onError.
 */
export async function handleBatch(
  batch: InHand[],
  handler: BatchHandler,
  retryDelayMs: number,
  onError: (err: unknown) => void,
): Promise<void> {
  const deliveries = batch.map((m) => new HandedOver(m));
  let failed = false;
  try {
    await handler(deliveries);
  } catch (err) {
    failed = true;
    onError(err);
  }
  for (const d of deliveries) {
    if (d.termed) continue;
    if (failed) d.inHand.nak(retryDelayMs);
    else d.inHand.ack();
  }
}

/** What the handler sees of a message in hand: one object per message (a consumer may hold thousands). */
class HandedOver implements Delivery {
  readonly inHand: InHand;
  readonly subject: string;
  readonly id: string;
  readonly local: LocalMessage | undefined;
  readonly headers: Record<string, string>;
  readonly deliveryCount: number;
  termed = false;
  constructor(m: InHand) {
    this.inHand = m;
    this.subject = m.subject;
    this.id = m.id;
    this.local = m.local;
    this.headers = m.headers;
    this.deliveryCount = m.deliveryCount;
  }
  /** Read through: an in-process message is encoded only if a handler asks for its bytes. */
  get data(): Uint8Array {
    return this.inHand.data;
  }
  term(reason: string): void {
    if (this.termed) return;
    this.termed = true;
    this.inHand.term(reason);
  }
}

/** The defaults documented on ConsumeOptions. */
export function consumeDefaults(opts: { maxBatch?: number; maxWaitMs?: number; ackWaitMs?: number; retryDelayMs?: number }) {
  return {
    maxBatch: Math.max(1, opts.maxBatch ?? 1),
    maxWaitMs: Math.max(0, opts.maxWaitMs ?? 100),
    ackWaitMs: Math.max(1, opts.ackWaitMs ?? 30_000),
    retryDelayMs: Math.max(0, opts.retryDelayMs ?? 1_000),
  };
}
