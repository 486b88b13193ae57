import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamManager,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection, nanos } from '@nats-io/transport-node';
import { consumeDefaults } from './handle-batch.ts';
import { runPullLoop } from './jetstream-consume.ts';
import { connectNats, type NatsConnectOptions } from './nats-connection.ts';
import { type Bus, type ConsumeOptions, type Subscription, wireBytes } from './types.ts';

export interface JetStreamBusOptions extends NatsConnectOptions {
  /** Stream retention by age for streams made by ensureStream (default: none, limits are set by operators). */
  maxAgeMs?: number;
}

export interface JetStreamBus extends Bus {
  /** The underlying connection, to share with connectNatsKv. Closed by close(). */
  readonly connection: NatsConnection;
}

const DUPLICATE_WINDOW_MS = 120_000;
const STREAM_NAME_IN_USE = 10058;

/** Bus over NATS JetStream: file-backed streams, durable pull consumers with explicit ack. */
export async function connectJetStream(url: string, opts: JetStreamBusOptions = {}): Promise<JetStreamBus> {
  const onError = opts.onError ?? (() => {});
  const nc = await connectNats(url, opts);
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const subscriptions = new Set<Subscription>();

  return {
    connection: nc,

    async ensureStream(name, subjects, retention) {
      const maxAgeMs = retention?.maxAgeMs ?? opts.maxAgeMs;
      const cfg = {
        subjects,
        storage: StorageType.File,
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
        ...(maxAgeMs ? { max_age: nanos(maxAgeMs) } : {}),
      };
      try {
        await jsm.streams.add({ name, ...cfg });
      } catch (err) {
        if (!(err instanceof JetStreamApiError && err.code === STREAM_NAME_IN_USE)) throw err;
        const { storage: _fixed, ...changeable } = cfg; // storage cannot change on an existing stream
        await jsm.streams.update(name, changeable);
      }
    },

    async publish(subject, data, p) {
      const h = natsHeaders();
      if (p.headers) for (const [k, v] of Object.entries(p.headers)) h.set(k, v);
      await js.publish(subject, wireBytes(data), { msgID: p.id, headers: h });
    },

    async consume(co, handler) {
      const o = consumeDefaults(co);
      const stream = await jsm.streams.find(co.filter);
      await ensureConsumer(jsm, stream, co, o.ackWaitMs);
      const consumer = await js.consumers.get(stream, co.durable);
      const sub = runPullLoop(consumer, o, handler, onError, () => nc.flush());
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
      await Promise.all([...subscriptions].map((s) => s.stop()));
      if (!nc.isClosed()) await nc.drain();
    },
  };
}

/**
 * Creates the durable, or updates it when its ack wait or filter changed. WARNING: a new durable name starts at
 * the beginning of the stream; never rename one.
 */
async function ensureConsumer(jsm: JetStreamManager, stream: string, co: ConsumeOptions, ackWaitMs: number) {
  const durable = co.durable;
  const want = { ack_wait: nanos(ackWaitMs), filter_subject: co.filter, ...(co.inactiveMs ? { inactive_threshold: nanos(co.inactiveMs) } : {}) };
  const info = await jsm.consumers.info(stream, durable).catch((err) => {
    if (err instanceof JetStreamApiError && err.code === 10014) return undefined; // consumer not found
    throw err;
  });
  if (!info) {
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: co.startAt === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
      ...want,
    });
  } else if (info.config.ack_wait !== want.ack_wait || info.config.filter_subject !== co.filter) {
    await jsm.consumers.update(stream, durable, want);
  }
}
