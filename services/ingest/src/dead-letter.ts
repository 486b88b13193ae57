// Dead-lettering: a message a consumer can never process is republished, unchanged, on
// `tg.deadletter.<durable>` (captured by the TG_DEADLETTER stream) with the reason in a header, then termed.
// Hazard: if that publish fails the message is termed anyway (and logged with its reason): one poison message
// must never stop the stream behind it, and a bus that refuses publishes is not a reason to block ingestion.
import type { Delivery, Publisher } from '@tollgate/bus';
import { DEAD_LETTER_HEADERS, subjects } from '@tollgate/events';
import type { Logger } from '@tollgate/telemetry';

/** Sends a poison delivery to the dead-letter subject; resolves whether or not that worked (true if it did). */
export type DeadLetter = (d: Delivery, reason: string) => Promise<boolean>;

export interface DeadLetterOptions {
  publisher: Publisher;
  durable: string;
  logger: Logger;
  /** Defaults to subjects.deadLetter(durable); tests use an isolated subject. */
  subject?: string;
}

export function createDeadLetter(opts: DeadLetterOptions): DeadLetter {
  const subject = opts.subject ?? subjects.deadLetter(opts.durable);
  return async (d, reason) => {
    try {
      await opts.publisher.publish(subject, d.data, {
        id: `${opts.durable}:${d.id}`,
        headers: {
          [DEAD_LETTER_HEADERS.reason]: headerValue(reason),
          [DEAD_LETTER_HEADERS.subject]: d.subject,
          [DEAD_LETTER_HEADERS.durable]: opts.durable,
          [DEAD_LETTER_HEADERS.deliveries]: String(d.deliveryCount),
        },
      });
      return true;
    } catch (err) {
      opts.logger.error('dead-letter publish failed; message termed anyway', { subject: d.subject, id: d.id, reason, err });
      return false;
    }
  };
}

/** Header values are one line of bounded length. */
export function headerValue(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').slice(0, 1024) || 'unknown';
}
