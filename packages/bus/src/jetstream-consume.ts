import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { type consumeDefaults, handleBatch, type InHand } from './handle-batch.ts';
import type { BatchHandler, Subscription } from './types.ts';

type Options = ReturnType<typeof consumeDefaults>;
const TIMEOUT = Symbol('timeout');
/** Long-poll length of one pull request. Short, because on stop() an open request can still route a message to
 * an inbox no one reads; that message then waits out ack_wait before redelivery. */
const PULL_EXPIRES_MS = 5_000;

/**
 * Pull loop over one durable: each fetch asks for at most maxBatch messages (so no more than that sits in the
 * client while the handler works), batches are handed over when full or maxWaitMs after their first message,
 * even if the fetch is still open. Errors (connection lost, consumer missing) go to onError and the loop retries.
 */
export function runPullLoop(
  consumer: Consumer,
  o: Options,
  handler: BatchHandler,
  onError: (err: unknown) => void,
  flush: () => Promise<void>,
): Subscription {
  let stopped = false;
  let fetch: ConsumerMessages | undefined;
  let wakeSleep: (() => void) | undefined;

  async function drainFetch(it: AsyncIterator<JsMsg>, pending: Promise<IteratorResult<JsMsg>> | undefined): Promise<void> {
    // Messages that arrived but were never handed over go back at once, not after ack_wait.
    fetch?.stop();
    try {
      for (let r = await (pending ?? it.next()); !r.done; r = await it.next()) r.value.nak();
    } catch {
      // the fetch ended in error; what it held is redelivered after ack_wait
    }
  }

  async function runFetch(): Promise<void> {
    fetch = await consumer.fetch({ max_messages: o.maxBatch, expires: PULL_EXPIRES_MS });
    const it = fetch[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<JsMsg>> | undefined;
    let ended = false;
    while (!ended && !stopped) {
      pending ??= it.next();
      const first = await pending;
      pending = undefined;
      if (first.done) {
        ended = true;
        break;
      }
      if (stopped) {
        first.value.nak();
        break;
      }
      const batch = [first.value];
      const deadline = Date.now() + o.maxWaitMs;
      while (batch.length < o.maxBatch && !stopped) {
        pending ??= it.next();
        const r = await within(pending, deadline - Date.now());
        if (r === TIMEOUT) break;
        pending = undefined;
        if (r.done) {
          ended = true;
          break;
        }
        batch.push(r.value);
      }
      await handleBatch(batch.map(toInHand), handler, o.retryDelayMs, onError);
    }
    if (stopped && !ended) await drainFetch(it, pending);
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopped) {
      try {
        await runFetch();
        failures = 0;
      } catch (err) {
        if (stopped) break;
        onError(err);
        failures++;
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.min(5_000, 250 * 2 ** Math.min(failures, 5)));
          wakeSleep = () => {
            clearTimeout(t);
            r();
          };
        });
      }
    }
    await flush().catch(onError); // acks are fire-and-forget: make sure they left before stop() resolves
  }

  const done = loop();
  return {
    async stop() {
      stopped = true;
      fetch?.stop();
      wakeSleep?.();
      await done;
    },
  };
}

function toInHand(m: JsMsg): InHand {
  const headers: Record<string, string> = {};
  let id = `${m.info.stream}:${m.seq}`;
  if (m.headers) {
    for (const [k, v] of m.headers) {
      if (k === 'Nats-Msg-Id') id = v[0] ?? id;
      else headers[k] = v[0] ?? '';
    }
  }
  return {
    subject: m.subject,
    id,
    data: m.data,
    headers,
    deliveryCount: m.info.deliveryCount,
    ack: () => m.ack(),
    nak: (delayMs) => m.nak(delayMs),
    term: (reason) => m.term(reason),
  };
}

function within<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  if (ms <= 0) return Promise.race([p, Promise.resolve(TIMEOUT)]);
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<typeof TIMEOUT>((r) => (t = setTimeout(() => r(TIMEOUT), ms)))]).finally(() => clearTimeout(t));
}
