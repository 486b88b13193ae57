import { jetstreamManager } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import { type NatsConnection, nanos } from '@nats-io/transport-node';
import { connectNats, type NatsConnectOptions } from './nats-connection.ts';
import type { KvBucket, KvStore } from './types.ts';

export interface NatsKvStore extends KvStore {
  /** Closes the connection only when connectNatsKv opened it. */
  close(): Promise<void>;
}

/**
 * KvStore over NATS KV buckets (history 1). ttlMs becomes the bucket's max_age: on NATS 2.9 an expired entry
 * disappears without a delete notification, and per-key TTLs are not available.
 */
export async function connectNatsKv(urlOrConnection: string | NatsConnection, opts: NatsConnectOptions = {}): Promise<NatsKvStore> {
  const owned = typeof urlOrConnection === 'string';
  const nc = owned ? await connectNats(urlOrConnection, opts) : urlOrConnection;
  const kvm = new Kvm(nc);
  return {
    async bucket(name, o) {
      const kv = await kvm.create(name, o?.ttlMs ? { ttl: o.ttlMs } : {});
      await alignTtl(nc, name, o?.ttlMs);
      return natsBucket(kv, opts.onError ?? (() => {}));
    },
    async close() {
      if (owned && !nc.isClosed()) await nc.drain();
    },
  };
}

/** Kvm.create binds to an existing bucket without touching its config: apply a changed ttl ourselves. */
async function alignTtl(nc: NatsConnection, name: string, ttlMs: number | undefined): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const stream = `KV_${name}`;
  const want = ttlMs ? nanos(ttlMs) : 0;
  const info = await jsm.streams.info(stream);
  if ((info.config.max_age ?? 0) !== want) await jsm.streams.update(stream, { max_age: want });
}

function natsBucket(kv: KV, onError: (err: unknown) => void): KvBucket {
  return {
    async get(key) {
      const e = await kv.get(key);
      return e && e.operation === 'PUT' ? e.value : undefined;
    },
    async put(key, value) {
      await kv.put(key, value);
    },
    async delete(key) {
      await kv.delete(key);
    },
    async watch(onChange) {
      const iter = await kv.watch();
      // A key deleted before the watch started is reported as (key, undefined) among the initial values.
      // Resolve once the initial values are delivered. The watcher marks the last initial entry isUpdate (and
      // every entry when the bucket was empty), so the first isUpdate entry ends the initial phase; an empty
      // bucket is detected from the status' value count.
      let initialized: () => void = () => {};
      const ready = new Promise<void>((r) => (initialized = r));
      const status = await kv.status();
      if (status.values === 0) initialized();
      void (async () => {
        for await (const e of iter) {
          onChange(e.key, e.operation === 'PUT' ? e.value : undefined);
          if (e.isUpdate) initialized();
        }
      })()
        .catch(onError) // a throwing onChange ends this watch, never the process
        .finally(initialized);
      await ready;
      return () => iter.stop();
    },
  };
}
