import type { Publisher } from '@tollgate/bus';
import type { OutgoingEvent } from '@tollgate/events';
import type { Logger } from '@tollgate/telemetry';

export interface OutboxOptions {
  publisher: Publisher;
  logger: Logger;
  /** Most events held while the bus is unreachable; past it the oldest are dropped (and counted). */
  maxPending: number;
  retryDelayMs: number;
  onDrop?: (count: number) => void;
}

interface Pending {
  subject: string;
  event: OutgoingEvent;
}

/**
 * Publishes events off the request path. A publish that fails is retried (the event id makes a retried
 * publish idempotent in JetStream) until it succeeds, while at most maxPending events wait. flush() waits for
 * everything in flight, for graceful shutdown.
 */
export function createOutbox(opts: OutboxOptions) {
  let inflight = 0;
  let settled: (() => void) | undefined; // flush() waiting for the in-flight count to move
  const retry: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;

  function send(ev: Pending): void {
    inflight++;
    // The trace context also goes in the message headers, where NATS tooling and consumers that do not decode look.
    const traceparent = ev.event.envelope.traceparent;
    opts.publisher.publish(ev.subject, ev.event, traceparent ? { id: ev.event.id, headers: { traceparent } } : { id: ev.event.id }).then(
      () => done(),
      (err: unknown) => {
        if (retry.length >= opts.maxPending) {
          retry.shift();
          opts.onDrop?.(1);
        }
        retry.push(ev);
        if (retry.length === 1) opts.logger.warn('event publish failed; will retry', { err, subject: ev.subject });
        schedule();
        done();
      },
    );
  }

  function done(): void {
    inflight--;
    settled?.();
  }

  function schedule(): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      for (const ev of retry.splice(0, retry.length)) send(ev);
    }, opts.retryDelayMs);
    timer.unref();
  }

  return {
    /** The event id is the publish id: a retried publish is dropped by JetStream's dedup if the first one landed. */
    publish(subject: string, event: OutgoingEvent): void {
      send({ subject, event });
    },
    /** Resolves when nothing is in flight or waiting, or after timeoutMs (what is left is logged). */
    async flush(timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while ((inflight || retry.length) && Date.now() < deadline) {
        if (retry.length && !inflight) {
          clearTimeout(timer);
          timer = undefined;
          for (const ev of retry.splice(0, retry.length)) send(ev);
        }
        await new Promise<void>((r) => {
          settled = r;
          setTimeout(r, 50);
        });
        settled = undefined;
      }
      if (inflight || retry.length) opts.logger.error('events not published at shutdown', { pending: inflight + retry.length });
    },
    get pending(): number {
      return inflight + retry.length;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
