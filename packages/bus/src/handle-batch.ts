import type { BatchHandler, Delivery } from './types.ts';

/** A message in hand, as either implementation sees it: its content and how to settle it. */
export interface InHand {
  readonly subject: string;
  readonly id: string;
  readonly data: Uint8Array;
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
  const termed = new Array<boolean>(batch.length).fill(false);
  const deliveries: Delivery[] = batch.map((m, i) => ({
    subject: m.subject,
    id: m.id,
    data: m.data,
    headers: m.headers,
    deliveryCount: m.deliveryCount,
    term(reason: string) {
      if (termed[i]) return;
      termed[i] = true;
      m.term(reason);
    },
  }));
  let failed = false;
  try {
    await handler(deliveries);
  } catch (err) {
    failed = true;
    onError(err);
  }
  for (let i = 0; i < batch.length; i++) {
    if (termed[i]) continue;
    if (failed) batch[i].nak(retryDelayMs);
    else batch[i].ack();
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
