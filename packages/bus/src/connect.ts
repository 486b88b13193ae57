import { connectNatsKv } from './jetstream-kv.ts';
import { connectJetStream, type JetStreamBus, type JetStreamBusOptions } from './jetstream.ts';
import { createMemoryBus, type MemoryBusOptions } from './memory.ts';
import { createMemoryKv } from './memory-kv.ts';
import type { Bus, KvStore } from './types.ts';

export type ConnectBusOptions = MemoryBusOptions & JetStreamBusOptions;

/** The embedded in-process bus when natsUrl is undefined (or empty), else JetStream at natsUrl. */
export async function connectBus(natsUrl: string | undefined, opts: ConnectBusOptions = {}): Promise<Bus> {
  return natsUrl ? connectJetStream(natsUrl, opts) : createMemoryBus(opts);
}

/**
 * The embedded KvStore when natsUrl is undefined, else NATS KV. Pass the bus from connectBus to share its NATS
 * connection (then closing the bus closes the KV's connection too).
 */
export async function connectKv(natsUrl: string | undefined, opts: ConnectBusOptions & { bus?: Bus } = {}): Promise<KvStore & { close(): Promise<void> }> {
  if (!natsUrl) return { ...createMemoryKv(opts), close: async () => {} };
  const shared = opts.bus && 'connection' in opts.bus ? (opts.bus as JetStreamBus).connection : undefined;
  return connectNatsKv(shared ?? natsUrl, opts);
}
